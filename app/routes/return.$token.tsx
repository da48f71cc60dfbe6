import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countRefusals } from "~/scale/rate-limiter.server";
import { createReturnLinkSessionCookie, destroySession, getUser } from "~/auth/session.server";
import { openReturnLink } from "~/deliberation/return-link-service.server";
import { t } from "~/i18n/i18n";
import { refuse } from "~/refusal";

export const meta: MetaFunction = () => [{ title: t("returnPage.title") + " · Accord" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/**
 * Opening a return link only shows a page: the session starts with the button (a POST), so link
 * previews and scanners that fetch the address sign nobody in.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // refused tokens count per client address, so guessing return links meets a limit (decision 020)
  const link = await countRefusals(context.app.rateLimits.returnAddress, context.clientAddress, () => openReturnLink(context.app.db, params.token ?? ""));
  const user = await getUser(context.app, request);
  if (user?.id === link.userId) throw redirect(`/d/${link.deliberationId}`);
  return { title: link.title, name: link.displayName, current: user?.displayName ?? null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const link = await countRefusals(context.app.rateLimits.returnAddress, context.clientAddress, () => openReturnLink(context.app.db, token));
  const user = await getUser(context.app, request);
  if (user?.id === link.userId) return redirect(`/d/${link.deliberationId}`);
  if (user) await destroySession(context.app, request);
  const cookie = await createReturnLinkSessionCookie(context.app, request, link.userId, link.linkId);
  if (!cookie) {
    // Revoked (or the member removed) between the check and the sign-in: refuse with the reason.
    await openReturnLink(context.app.db, token);
    return refuse(410, "errors.returnLinkRevoked", { params: { title: link.title } });
  }
  return redirect(`/d/${link.deliberationId}`, { headers: { "Set-Cookie": cookie } });
}

export default function ReturnLink() {
  const { t } = useTranslation();
  const { title, name, current } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="card" aria-labelledby="return-title">
      <h1 id="return-title">{t("returnPage.title")}</h1>
      <p>{t("returnPage.intro", { name, title })}</p>
      {current ? <p className="notice warn">{t("returnPage.switching", { current })}</p> : null}
      <Form method="post">
        <button type="submit" disabled={busy}>{t("returnPage.continueAs", { name })}</button>
      </Form>
      <p className="muted">{t("returnPage.notYours")}</p>
    </section>
  );
}
