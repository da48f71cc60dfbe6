import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countRefusals } from "~/scale/rate-limiter.server";
import { createSessionCookie, getUser } from "~/auth/session.server";
import { acceptInvite, openInvite } from "~/deliberation/invite-service.server";
import { JoinSchema, JoinSignedInSchema, LIMITS } from "~/deliberation/schemas";
import { readValidForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { FormErrors, SelectField, TextField } from "~/ui/fields";
import { useRefusedForm } from "~/ui/use-refused-form";

export const meta: MetaFunction = () => [{ title: t("join.title") + " · Accord" }, { name: "robots", content: "noindex" }];

/** Refused tokens count per client address, so guessing invitations meets a limit (decision 020). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getUser(context.app, request);
  const visit = await countRefusals(context.app.rateLimits.joinAddress, context.clientAddress, () => openInvite(context.app.db, params.token ?? "", user?.id ?? null));
  // Already a member (opened twice, or a second invitation): straight in, nothing used.
  if (visit.kind === "member") throw redirect(`/d/${visit.deliberationId}`);
  return { invite: visit, signedInAs: user?.displayName ?? null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await getUser(context.app, request);
  // A signed-in person joins under their account name: no name field to fill in.
  const input = await readValidForm(request, user ? JoinSignedInSchema : JoinSchema);
  const result = await countRefusals(context.app.rateLimits.joinAddress, context.clientAddress, () => acceptInvite(context.app, params.token ?? "", user?.id ?? null, input));
  const headers = result.newUser ? { "Set-Cookie": await createSessionCookie(context.app, request, result.userId) } : undefined;
  const base = `/d/${result.deliberationId}`;
  // Someone who joined by link sees their return link first: it is their only way back.
  const to = !result.joined ? base : result.returnLinkIssued ? `${base}/welcome` : `${base}?joined=1`;
  return redirect(to, { headers });
}

export default function Join() {
  const { t } = useTranslation();
  const { invite, signedInAs } = useLoaderData<typeof loader>();
  const refused = useRefusedForm();
  const busy = useNavigation().state !== "idle";
  const errors = refused?.errors ?? {};
  const values = (refused?.values ?? {}) as Record<string, string>;
  const mode = invite.deliberation.attributionMode;
  return (
    <section className="card" aria-labelledby="join-title">
      <h1 id="join-title">{t("join.heading", { title: invite.deliberation.title })}</h1>
      <p>{invite.deliberation.question}</p>
      <p>{t("join.asRole", { role: t(`roles.${invite.role}`) })}{invite.fixedGroup ? ` · ${invite.fixedGroup}` : ""}{invite.fixedRegion ? ` · ${invite.fixedRegion}` : ""}</p>
      <section className="notice" aria-labelledby="join-attribution">
        <h2 id="join-attribution" className="notice-title">{t("join.attributionTitle", { mode: t(`join.attributionMode.${mode}`) })}</h2>
        <p>{mode === "named" && signedInAs ? t("join.attribution.namedSignedIn", { name: signedInAs }) : t(`join.attribution.${mode}`)}</p>
      </section>
      {signedInAs ? null : <p className="notice warn">{t("join.returnLinkNote")}</p>}
      <FormErrors errors={refused ? [refused.message] : undefined} />
      <Form method="post" noValidate>
        {signedInAs ? (
          <p>{t("join.signedInAs", { name: signedInAs })} {t("join.accountNameUsed")}</p>
        ) : (
          <TextField name="displayName" label={t("join.displayName")} hint={t("join.displayNameHint")} defaultValue={values.displayName} maxLength={LIMITS.displayName} errors={errors.displayName} autoComplete="name" required />
        )}
        {invite.groups.length > 0 ? (
          <SelectField name="stakeholderGroupId" label={t("join.group")} hint={t("join.groupHint")} defaultValue={values.stakeholderGroupId} placeholder={t("proposalForm.choose")} options={invite.groups.map((g) => ({ value: g.id, label: g.name }))} errors={errors.stakeholderGroupId} required={invite.role === "participant"} />
        ) : null}
        {invite.regions.length > 0 ? (
          <SelectField name="regionId" label={t("join.region")} defaultValue={values.regionId} placeholder={t("join.preferNot")} options={invite.regions.map((r) => ({ value: r.id, label: r.name }))} errors={errors.regionId} />
        ) : null}
        {signedInAs ? null : <p className="muted">{t("join.keyNote")}</p>}
        <button type="submit" disabled={busy}>{signedInAs ? t("join.submitAs", { name: signedInAs }) : t("join.submit")}</button>
      </Form>
    </section>
  );
}
