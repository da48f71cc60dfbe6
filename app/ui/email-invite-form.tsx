import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RefusedForm } from "../refusal";
import { FormErrors, SelectField, TextArea, TextField } from "./fields";

/** "Invite by email" on the members page: addresses, and the role, group and region they join with. */
export function EmailInviteForm({ groups, regions, refused, busy, maxAddresses }: { groups: { id: string; name: string }[]; regions: { id: string; name: string }[]; refused: RefusedForm | null; busy: boolean; maxAddresses: number }) {
  const { t } = useTranslation();
  const errors = refused?.errors ?? {};
  const values = (refused?.values ?? {}) as Record<string, string>;
  return (
    <section className="card" aria-labelledby="email-invite-title">
      <h2 id="email-invite-title">{t("email.inviteByEmail.title")}</h2>
      <p className="muted">{t("email.inviteByEmail.intro")}</p>
      <FormErrors errors={Object.keys(errors).length ? [t("validation.fixBelow")] : undefined} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="email-invite" />
        <TextArea name="addresses" label={t("email.inviteByEmail.addresses")} hint={t("email.inviteByEmail.addressesHint", { max: maxAddresses })} defaultValue={values.addresses} rows={3} errors={errors.addresses} />
        <div className="grid-2">
          <SelectField name="role" label={t("email.inviteByEmail.role")} defaultValue={values.role ?? "participant"} options={[{ value: "participant", label: t("roles.participant") }, { value: "observer", label: t("roles.observer") }, { value: "facilitator", label: t("roles.facilitator") }]} errors={errors.role} />
          <SelectField name="stakeholderGroupId" label={t("email.inviteByEmail.group")} hint={t("email.inviteByEmail.groupHint")} defaultValue={values.stakeholderGroupId ?? ""} placeholder={t("members.letThemChoose")} options={groups.map((g) => ({ value: g.id, label: g.name }))} errors={errors.stakeholderGroupId} />
          <SelectField name="regionId" label={t("email.inviteByEmail.region")} defaultValue={values.regionId ?? ""} placeholder={t("members.letThemChoose")} options={regions.map((r) => ({ value: r.id, label: r.name }))} errors={errors.regionId} />
          <TextField name="expiresInDays" label={t("email.inviteByEmail.expires")} inputMode="numeric" defaultValue={values.expiresInDays ?? "14"} errors={errors.expiresInDays} />
        </div>
        <button type="submit" disabled={busy}>{t("email.inviteByEmail.send")}</button>
      </Form>
    </section>
  );
}
