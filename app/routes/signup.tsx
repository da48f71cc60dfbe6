import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { signUp } from "~/auth/account-service.server";
import { assertNotLimited } from "~/scale/rate-limiter.server";
import { getUser } from "~/auth/session.server";
import { LIMITS, SignupSchema } from "~/deliberation/schemas";
import { readValidForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { FormErrors, TextField } from "~/ui/fields";
import { useRefusedForm } from "~/ui/use-refused-form";

export const meta: MetaFunction = () => [{ title: t("signup.title") + " · Accord" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(context.app, request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { signupAddress } = context.app.rateLimits;
  await assertNotLimited([signupAddress, context.clientAddress]);
  await signupAddress.hit(context.clientAddress);
  const input = await readValidForm(request, SignupSchema);
  // New or already registered, the answer is the same and starts no session (docs/decisions/020).
  await signUp(context.app.db, input);
  return redirect(`/login?signedUp=1&redirectTo=${encodeURIComponent("/deliberations/new")}`);
}

export default function Signup() {
  const { t } = useTranslation();
  const refused = useRefusedForm();
  const busy = useNavigation().state !== "idle";
  const v = (refused?.values ?? {}) as Record<string, string>;
  const e = refused?.errors ?? {};
  return (
    <section className="card" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p className="muted">{t("signup.intro")}</p>
      <FormErrors errors={refused ? [refused.message] : undefined} />
      <Form method="post" noValidate>
        <TextField name="displayName" label={t("signup.displayName")} defaultValue={v.displayName} maxLength={LIMITS.displayName} errors={e.displayName} autoComplete="name" required />
        <TextField name="email" type="email" label={t("signup.email")} defaultValue={v.email} maxLength={LIMITS.email} errors={e.email} autoComplete="email" required />
        <TextField name="password" type="password" label={t("signup.password")} hint={t("signup.passwordHint", { min: LIMITS.passwordMin })} errors={e.password} autoComplete="new-password" maxLength={LIMITS.passwordMax} required />
        <button type="submit" disabled={busy}>{busy ? t("common.saving") : t("signup.submit")}</button>
      </Form>
      <p>{t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link></p>
    </section>
  );
}
