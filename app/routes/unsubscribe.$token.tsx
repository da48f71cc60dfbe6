import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readUnsubscribeLink, unsubscribeFromNotices } from "~/email/email-service.server";
import { t } from "~/i18n/i18n";
import { assertFound } from "~/refusal";

export const meta: MetaFunction = () => [{ title: t("email.unsubscribe.title") + " · Accord" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/**
 * A notice's unsubscribe link (docs/decisions/046). Opening it only shows a button, so a link
 * scanner changes nothing; the POST — the button, or a mail provider's RFC 8058 one-click
 * POST, which comes from no page (create-server lets it past the origin check) — unsubscribes.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const view = await readUnsubscribeLink(context.app, params.token ?? "");
  const link = view.valid ? view : null;
  assertFound(link, "email.unsubscribe.invalid");
  return { title: link.title, unsubscribed: link.unsubscribed };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const view = await unsubscribeFromNotices(context.app, params.token ?? "");
  assertFound(view.valid ? view : null, "email.unsubscribe.invalid");
  return { done: true };
}

export default function Unsubscribe() {
  const { t } = useTranslation();
  const { title, unsubscribed } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done || unsubscribed;
  const busy = useNavigation().state !== "idle";
  return (
    <section className="card" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t("email.unsubscribe.title")}</h1>
      {done ? (
        <p className="notice ok" role="status">{t("email.unsubscribe.done", { title })}</p>
      ) : (
        <>
          <p>{t("email.unsubscribe.intro", { title })}</p>
          <Form method="post">
            <button type="submit" disabled={busy}>{t("email.unsubscribe.button")}</button>
          </Form>
        </>
      )}
    </section>
  );
}
