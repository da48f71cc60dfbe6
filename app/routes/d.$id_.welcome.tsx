import { redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { myReturnLink, returnLinkUrl } from "~/deliberation/return-link-service.server";
import { t } from "~/i18n/i18n";
import { ReturnLinkBox } from "~/ui/copy-field";

export const meta: MetaFunction = () => [{ title: t("welcome.metaTitle") + " · Accord" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/**
 * Right after joining by link: a page of its own (outside the deliberation layout), so the return
 * link is the first thing a new member sees, on a phone too.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const link = await myReturnLink(ctx);
  if (link.state === "account") throw redirect(`/d/${ctx.deliberation.id}`);
  if (link.state !== "live") throw redirect(`/d/${ctx.deliberation.id}/access`);
  return {
    id: ctx.deliberation.id,
    title: ctx.deliberation.title,
    role: ctx.membership.role,
    pseudonym: ctx.deliberation.attributionMode === "chatham_house" ? ctx.membership.pseudonym : null,
    url: returnLinkUrl(new URL(request.url).origin, link.token),
  };
}

export default function Welcome() {
  const { t } = useTranslation();
  const { id, title, role, pseudonym, url } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t("welcome.title", { title })}</h1>
      <p>
        {t("layout.youAre", { role: t(`roles.${role}`), context: role })}
        {pseudonym ? ` · ${t("layout.shownAs", { pseudonym })}` : null}
      </p>
      <h2>{t("welcome.keepLink")}</h2>
      <ReturnLinkBox url={url} />
      <p className="muted">{t("welcome.findAgain")}</p>
      <p>
        <Link className="button" to={`/d/${id}`}>{t("welcome.continue")}</Link>
      </p>
    </section>
  );
}
