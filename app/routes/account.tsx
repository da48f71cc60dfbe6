import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { TableWrap } from "~/ui/table-wrap";
import { listMySessions, requireAccountHolder, signOutEverywhere, signOutOtherSessions } from "~/auth/session.server";
import { readForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { refuse } from "~/refusal";

export const meta: MetaFunction = () => [{ title: t("account.title") + " · Accord" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccountHolder(context.app, request);
  return { name: user.displayName, email: user.email ?? "", sessions: await listMySessions(context.app, request, user) };
}

/** Both forms pass the cross-site check of every POST (decision 003); "everywhere" asks first. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccountHolder(context.app, request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "sign-out-others") {
    const ended = await signOutOtherSessions(context.app, request, user);
    return redirect(`/account?ended=${ended}`);
  }
  if (intent === "sign-out-everywhere") {
    if (form.get("confirm") !== "yes") return redirect("/account?confirm=everywhere");
    return redirect("/login", { headers: { "Set-Cookie": await signOutEverywhere(context.app, request, user) } });
  }
  return refuse(400, "errors.unknownIntent");
}

export default function Account() {
  const { t } = useTranslation();
  const f = useFormat();
  const { name, email, sessions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const ended = params.get("ended");
  const time = (iso: string) => f.utcDateTime(iso);
  return (
    <section className="card" aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      <p>{t("account.signedInAs", { name, email })}</p>
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("account.sessionsTitle")}</h2>
        <p className="muted">{t("account.sessionsIntro")}</p>
        {ended !== null ? <p className="notice" role="status">{t("account.othersSignedOut", { count: Number(ended) || 0 })}</p> : null}
        <TableWrap labelledBy="sessions-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("account.device")}</th>
                <th scope="col">{t("account.started")}</th>
                <th scope="col">{t("account.expires")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s, i) => (
                <tr key={i}>
                  <td>{s.current ? <strong>{t("account.thisDevice")}</strong> : t("account.otherDevice")}</td>
                  <td>{time(s.createdAt)}</td>
                  <td>{time(s.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-others" />
          <p className="muted">{t("account.signOutOthersHint")}</p>
          <button type="submit">{t("account.signOutOthers")}</button>
        </Form>
        {params.get("confirm") === "everywhere" ? (
          <section className="notice warn" aria-labelledby="confirm-title">
            <h3 id="confirm-title">{t("account.confirmTitle")}</h3>
            <p>{t("account.confirmText")}</p>
            <div className="row">
              <Form method="post">
                <input type="hidden" name="intent" value="sign-out-everywhere" />
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" className="danger">{t("account.confirm")}</button>
              </Form>
              <Link to="/account" className="button secondary">{t("account.cancel")}</Link>
            </div>
          </section>
        ) : (
          <p>
            <Link to="/account?confirm=everywhere">{t("account.signOutEverywhere")}</Link>
          </p>
        )}
      </section>
    </section>
  );
}
