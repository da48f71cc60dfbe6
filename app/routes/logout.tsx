import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { destroySession, getUser } from "~/auth/session.server";
import { returnLinksOfUser, returnLinkUrl } from "~/deliberation/return-link-service.server";
import { readForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { ReturnLinkBox } from "~/ui/copy-field";

export const meta: MetaFunction = () => [{ title: t("logout.title") + " · Accord" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/** Someone who joined by link (no password) is warned first: their return link is the only way back. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(context.app, request);
  if (!user || user.hasPassword) throw redirect("/");
  const origin = new URL(request.url).origin;
  const links = await returnLinksOfUser(context.app.db, user.id);
  return { links: links.map((l) => ({ deliberationId: l.deliberationId, title: l.title, url: l.token ? returnLinkUrl(origin, l.token) : null })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getUser(context.app, request);
  const form = await readForm(request);
  if (user && !user.hasPassword && form.get("confirm") !== "yes") return redirect("/logout");
  return redirect("/", { headers: { "Set-Cookie": await destroySession(context.app, request) } });
}

export default function LogoutWarning() {
  const { t } = useTranslation();
  const { links } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="logout-title">
      <h1 id="logout-title">{t("logout.title")}</h1>
      <p className="notice warn">{t("logout.warning")}</p>
      <p>{t("logout.keepIt")}</p>
      {links.map((l) =>
        l.url ? (
          <section key={l.deliberationId} aria-label={t("logout.linkFor", { title: l.title })}>
            {links.length > 1 ? <h2>{t("logout.linkFor", { title: l.title })}</h2> : null}
            <ReturnLinkBox url={l.url} testId={`return-link-${l.deliberationId}`} />
          </section>
        ) : (
          <p key={l.deliberationId} className="notice error">
            {t("logout.noLink", { title: l.title })} <Link to={`/d/${l.deliberationId}/access`}>{t("logout.createFirst", { title: l.title })}</Link>
          </p>
        ),
      )}
      <div className="row">
        <Form method="post">
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" className="danger">{t("logout.confirm")}</button>
        </Form>
        <Link to={links.length === 1 && links[0] ? `/d/${links[0].deliberationId}` : "/"} className="button secondary">{t("logout.cancel")}</Link>
      </div>
    </section>
  );
}
