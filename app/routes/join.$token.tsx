import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createSessionCookie, getUser } from "~/auth/session.server";
import { acceptInvite, describeInvite } from "~/deliberation/invite-service.server";
import { JoinSchema, LIMITS } from "~/deliberation/schemas";
import { parseForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { FormErrors, SelectField, TextField } from "~/ui/fields";

export const meta: MetaFunction = () => [{ title: t("join.title") + " · Accord" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invite = await describeInvite(params.token ?? "");
  const user = await getUser(request);
  return { invite, signedInAs: user?.displayName ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getUser(request);
  const parsed = await parseForm(request, user ? JoinSchema.extend({ displayName: JoinSchema.shape.displayName.optional().default("") }) : JoinSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await acceptInvite(params.token ?? "", user?.id ?? null, { displayName: parsed.data.displayName ?? "", stakeholderGroupId: parsed.data.stakeholderGroupId, regionId: parsed.data.regionId });
  if (!result.ok) return data({ errors: result.fieldErrors, values: Object.fromEntries(parsed.form) as Record<string, string> }, { status: 400 });
  const headers = result.newUser ? { "Set-Cookie": await createSessionCookie(request, result.userId) } : undefined;
  return redirect(`/d/${result.deliberationId}?joined=1`, { headers });
}

export default function Join() {
  const { t } = useTranslation();
  const { invite, signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = (actionData?.errors ?? {}) as Record<string, string[]>;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  return (
    <section className="card" aria-labelledby="join-title">
      <h1 id="join-title">{t("join.heading", { title: invite.deliberation.title })}</h1>
      <p>{invite.deliberation.question}</p>
      <p>{t("join.asRole", { role: t(`roles.${invite.role}`) })}{invite.fixedGroup ? ` · ${invite.fixedGroup}` : ""}{invite.fixedRegion ? ` · ${invite.fixedRegion}` : ""}</p>
      <p className="notice">{t(`join.attribution.${invite.deliberation.attributionMode}`)}</p>
      <FormErrors errors={Object.keys(errors).length ? [t("validation.fixBelow")] : undefined} />
      <Form method="post" noValidate>
        {signedInAs ? (
          <p>{t("join.signedInAs", { name: signedInAs })}</p>
        ) : (
          <TextField name="displayName" label={t("join.displayName")} hint={t("join.displayNameHint")} defaultValue={values.displayName} maxLength={LIMITS.displayName} errors={errors.displayName} autoComplete="name" required />
        )}
        {invite.groups.length > 0 ? (
          <SelectField name="stakeholderGroupId" label={t("join.group")} hint={t("join.groupHint")} defaultValue={values.stakeholderGroupId} placeholder={t("proposalForm.choose")} options={invite.groups.map((g) => ({ value: g.id, label: g.name }))} errors={errors.stakeholderGroupId} required={invite.role === "participant"} />
        ) : null}
        {invite.regions.length > 0 ? (
          <SelectField name="regionId" label={t("join.region")} defaultValue={values.regionId} placeholder={t("join.preferNot")} options={invite.regions.map((r) => ({ value: r.id, label: r.name }))} errors={errors.regionId} />
        ) : null}
        <button type="submit" disabled={busy}>{t("join.submit")}</button>
      </Form>
    </section>
  );
}
