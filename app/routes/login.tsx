import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { accountKey, assertNotLimited } from "~/auth/rate-limiter.server";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { logIn } from "~/auth/account-service.server";
import { safeRedirectPath } from "~/auth/safe-redirect";
import { createSessionCookie, getUser } from "~/auth/session.server";
import { LIMITS, LoginSchema } from "~/deliberation/schemas";
import { parseForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { FormErrors, TextField } from "~/ui/fields";

export const meta: MetaFunction = () => [{ title: t("login.title") + " · Accord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, LoginSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, failed: false }, { status: 400 });
  // A lock is a lock: while limited, not even the right password is checked (docs/decisions/020).
  const { loginAccount, loginAddress } = context.rateLimits;
  const account = accountKey(parsed.data.email);
  assertNotLimited([loginAccount, account], [loginAddress, context.clientAddress]);
  const userId = await logIn(parsed.data.email, parsed.data.password);
  if (userId) loginAccount.reset(account);
  else {
    loginAccount.hit(account);
    loginAddress.hit(context.clientAddress);
  }
  if (!userId) return data({ errors: {} as Record<string, string[]>, values: { email: parsed.data.email }, failed: true }, { status: 400 });
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { "Set-Cookie": await createSessionCookie(request, userId) } });
}

export default function Login() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const v = (actionData?.values ?? {}) as Record<string, string>;
  const e = (actionData?.errors ?? {}) as Record<string, string[]>;
  return (
    <section className="card" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      {params.get("signedUp") ? <p className="notice" role="status">{t("login.signedUp")}</p> : null}
      <FormErrors errors={actionData?.failed ? [t("login.failed")] : undefined} />
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
