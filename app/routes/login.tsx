import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { accountKey, assertNotLimited } from "~/scale/rate-limiter.server";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { logIn } from "~/auth/account-service.server";
import { safeRedirectPath } from "~/auth/safe-redirect";
import { createSessionCookie, getUser } from "~/auth/session.server";
import { LIMITS, LoginSchema } from "~/deliberation/schemas";
import { readValidForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { refuse } from "~/refusal";
import { FormErrors, TextField } from "~/ui/fields";
import { useRefusedForm } from "~/ui/use-refused-form";

export const meta: MetaFunction = () => [{ title: t("login.title") + " · Accord" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(context.app, request)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const input = await readValidForm(request, LoginSchema);
  // A lock is a lock: while limited, not even the right password is checked (docs/decisions/020).
  const { loginAccount, loginAddress } = context.app.rateLimits;
  const account = accountKey(input.email);
  await assertNotLimited([loginAccount, account], [loginAddress, context.clientAddress]);
  const userId = await logIn(context.app.db, input.email, input.password);
  if (userId) await loginAccount.reset(account);
  else await Promise.all([loginAccount.hit(account), loginAddress.hit(context.clientAddress)]);
  if (!userId) refuse(400, "login.failed", { fieldErrors: {}, values: { email: input.email } });
  return redirect(safeRedirectPath(input.redirectTo), { headers: { "Set-Cookie": await createSessionCookie(context.app, request, userId) } });
}

export default function Login() {
  const { t } = useTranslation();
  const refused = useRefusedForm();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const v = (refused?.values ?? {}) as Record<string, string>;
  const e = refused?.errors ?? {};
  return (
    <section className="card" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      {params.get("signedUp") ? <p className="notice" role="status">{t("login.signedUp")}</p> : null}
      <FormErrors errors={refused ? [refused.message] : undefined} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={safeRedirectPath(params.get("redirectTo"))} />
        <TextField name="email" type="email" label={t("login.email")} defaultValue={v.email} maxLength={LIMITS.email} errors={e.email} autoComplete="email" required />
        <TextField name="password" type="password" label={t("login.password")} errors={e.password} autoComplete="current-password" maxLength={LIMITS.passwordMax} required />
        <button type="submit" disabled={busy}>{busy ? t("common.working") : t("login.submit")}</button>
      </Form>
      <p className="muted">{t("login.participantsHint")}</p>
      <p>{t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link></p>
    </section>
  );
}
