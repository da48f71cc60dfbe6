import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { currentSessionHash } from "~/auth/session.server";
import { requireMember } from "~/deliberation/access.server";
import { myReturnLink, replaceMyReturnLink, returnLinkUrl } from "~/deliberation/return-link-service.server";
import { readForm, refuseForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { refuseUnless } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { ReturnLinkBox } from "~/ui/copy-field";

/** The page shows a key: never cached, never stored by a shared proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const link = await myReturnLink(ctx);
  return {
    state: link.state,
    url: link.state === "live" ? returnLinkUrl(new URL(request.url).origin, link.token) : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const form = await readForm(request);
  refuseUnless(form.get("intent") === "new-link", 400, "errors.unknownIntent");
  const current = await myReturnLink(ctx);
  // Replacing a working link signs other devices out: only with the box ticked.
  if (current.state === "live" && form.get("confirm") !== "yes") refuseForm(form, { confirm: [t("access.confirmRequired")] });
  await replaceMyReturnLink(ctx, await currentSessionHash(request));
  return redirect(`/d/${ctx.deliberation.id}/access?${current.state === "live" ? "replaced" : "created"}=1`);
}

export default function MyAccess() {
  const { t } = useTranslation();
  const { state, url } = useLoaderData<typeof loader>();
  const confirmError = useRefusedForm()?.errors.confirm?.[0];
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const done = params.get("replaced") ? t("access.replaced") : params.get("created") ? t("access.created") : null;
  return (
    <section className="card" aria-labelledby="access-title">
      <h2 id="access-title">{t("access.title")}</h2>
      {done ? <p className="notice ok" role="status">{done}</p> : null}
      {state === "account" ? <p>{t("access.account")}</p> : null}
      {url ? (
        <>
          <ReturnLinkBox url={url} />
          <p className="muted">{t("access.logoutHint")}</p>
        </>
      ) : null}
      {state === "none" || state === "revoked" || state === "unavailable" ? (
        <Form method="post">
          <p className="notice warn">{t(`access.${state}`)}</p>
          <input type="hidden" name="intent" value="new-link" />
          <button type="submit" disabled={busy}>{t("access.create")}</button>
        </Form>
      ) : null}
      {state === "live" ? (
        <details open={confirmError ? true : undefined}>
          <summary>{t("access.replaceTitle")}</summary>
          <Form method="post">
            <p>{t("access.replaceIntro")}</p>
            <input type="hidden" name="intent" value="new-link" />
            {confirmError ? <p className="field-error" role="alert">{confirmError}</p> : null}
            <label className="check">
              <input type="checkbox" name="confirm" value="yes" /> <span>{t("access.replaceConfirmLabel")}</span>
            </label>
            <button type="submit" className="secondary" disabled={busy}>{t("access.replaceConfirm")}</button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
