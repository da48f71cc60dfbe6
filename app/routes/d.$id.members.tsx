import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { createEmailInvites, createInvite, listInvitesForFacilitator, revokeInvite } from "~/deliberation/invite-service.server";
import { demoteFacilitator, listMembersForFacilitator, promoteToFacilitator, removeMember, setMyVoting, transferOwnership } from "~/deliberation/member-service.server";
import { DemoteSchema, MemberIdSchema, MyVotingSchema } from "~/deliberation/co-facilitator-schemas";
import { MemberRoleActions, MyVotingForm, RoleLabel } from "~/ui/member-role-actions";
import { returnLinkStatesForFacilitator, revokeMemberReturnLink } from "~/deliberation/return-link-service.server";
import { EmailInviteSchema, InviteSchema, LIMITS, MAX_EMAIL_INVITES } from "~/deliberation/schemas";
import { emailOverviewForFacilitators } from "~/email/email-service.server";
import { remindNonVoters } from "~/participation/reminder-service.server";
import { qrCodeSvg } from "~/email/qr-code.server";
import { EmailInviteForm } from "~/ui/email-invite-form";
import { InviteShare } from "~/ui/invite-share";
import { readForm, validateForm } from "~/forms/parse.server";
import { t, dynamicKey } from "~/i18n/i18n";
import { refuse, refuseFields } from "~/refusal";
import { FormErrors, SelectField, TextField } from "~/ui/fields";
import { Pagination, paginate } from "~/ui/pagination";
import { TableWrap } from "~/ui/table-wrap";
import { useRefusedForm } from "~/ui/use-refused-form";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const members = await listMembersForFacilitator(ctx);
  const page = paginate(members, new URL(request.url).searchParams.get("page"), 50);
  const returnLinks = await returnLinkStatesForFacilitator(ctx);
  const me = members.find((m) => m.isMe);
  return {
    id: ctx.deliberation.id,
    isOwner: ctx.membership.isOwner,
    me: { alsoVotes: ctx.membership.alsoVotes, groupId: me?.groupId ?? null, groupName: me?.groupName ?? null, regionId: me?.regionId ?? null },
    groups: ctx.deliberation.groups.map((g) => ({ id: g.id, name: g.name })),
    regions: ctx.deliberation.regions,
    invites: await listInvitesForFacilitator(ctx),
    members: page.items.map((m) => ({ ...m, returnLink: returnLinks[m.id] ?? "none" })),
    page: page.page,
    pages: page.pages,
    memberCount: members.length,
    email: await emailOverviewForFacilitators(ctx.app, ctx.deliberation.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "create-invite") {
    const result = await createInvite(ctx, validateForm(form, InviteSchema));
    const link = `${new URL(request.url).origin}/join/${result.token}`;
    return { link, qrSvg: await qrCodeSvg(link, t("email.qr.label")) };
  }
  if (intent === "email-invite") {
    const input = validateForm(form, EmailInviteSchema, { form: "email-invite" });
    const { queued } = await createEmailInvites(ctx, input, new URL(request.url).origin);
    return redirect(`/d/${ctx.deliberation.id}/members?emailed=${queued}`);
  }
  if (intent === "remind-non-voters") {
    const { reminded } = await remindNonVoters(ctx, null);
    return redirect(`/d/${ctx.deliberation.id}/members?reminded=${reminded}`);
  }
  if (intent === "revoke-invite") {
    await revokeInvite(ctx, String(form.get("inviteId") ?? ""));
    return redirect(`/d/${ctx.deliberation.id}/members?revoked=1`);
  }
  if (intent === "remove-member") {
    if (form.get("confirm") !== "yes") refuseFields({ remove: [t("members.confirmRemove")] });
    await removeMember(ctx, String(form.get("membershipId") ?? ""));
    return redirect(`/d/${ctx.deliberation.id}/members?removed=1`);
  }
  if (intent === "promote-member") {
    if (form.get("confirm") !== "yes") refuseFields({ remove: [t("coFacilitators.promoteNeedsConfirm")] });
    await promoteToFacilitator(ctx, validateForm(form, MemberIdSchema).membershipId);
    return redirect(`/d/${ctx.deliberation.id}/members?promoted=1`);
  }
  if (intent === "demote-member") {
    // only the owner gets as far as the form's own checks (the service checks again, in its transaction)
    if (!ctx.membership.isOwner) refuse(403, "coFacilitators.errors.ownerOnly");
    const input = validateForm(form, DemoteSchema);
    if (form.get("confirm") !== "yes") refuseFields({ remove: [t("coFacilitators.demoteNeedsConfirm")] });
    await demoteFacilitator(ctx, input);
    return redirect(`/d/${ctx.deliberation.id}/members?demoted=1`);
  }
  if (intent === "transfer-ownership") {
    if (!ctx.membership.isOwner) refuse(403, "coFacilitators.errors.ownerOnly");
    if (form.get("confirm") !== "yes") refuseFields({ remove: [t("coFacilitators.handoverNeedsConfirm")] });
    await transferOwnership(ctx, validateForm(form, MemberIdSchema).membershipId);
    return redirect(`/d/${ctx.deliberation.id}/members?handedOver=1`);
  }
  if (intent === "my-voting") {
    await setMyVoting(ctx, validateForm(form, MyVotingSchema, { form: "my-voting" }));
    return redirect(`/d/${ctx.deliberation.id}/members?voting=1`);
  }
  if (intent === "revoke-return-link") {
    if (form.get("confirm") !== "yes") refuseFields({ remove: [t("members.confirmRevokeReturnLink")] });
    await revokeMemberReturnLink(ctx, String(form.get("membershipId") ?? ""));
    return redirect(`/d/${ctx.deliberation.id}/members?linkRevoked=1`);
  }
  return refuse(400, "errors.unknownIntent");
}

export default function Members() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const refused = useRefusedForm();
  const emailRefused = useRefusedForm("email-invite");
  const votingRefused = useRefusedForm("my-voting");
  const anyRefused = useRefusedForm();
  const roleRefused = anyRefused?.form?.startsWith("demote-") ? anyRefused : null;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = emailRefused || votingRefused || roleRefused ? {} : (refused?.errors ?? {});
  const values = (refused?.values ?? {}) as Record<string, string>;
  return (
    <>
      {params.get("created") ? <p className="notice ok" role="status">{t("members.created")}</p> : null}
      {params.get("revoked") ? <p className="notice ok" role="status">{t("members.revoked")}</p> : null}
      {params.get("removed") ? <p className="notice ok" role="status">{t("members.removed")}</p> : null}
      {params.get("linkRevoked") ? <p className="notice ok" role="status">{t("members.returnLinkRevoked")}</p> : null}
      {params.get("emailed") ? <p className="notice ok" role="status">{t(d.email.smtp ? "email.inviteByEmail.queued" : "email.inviteByEmail.queuedNoSmtp", { count: Number(params.get("emailed")) })}</p> : null}
      {params.get("promoted") ? <p className="notice ok" role="status">{t("coFacilitators.promoted")}</p> : null}
      {params.get("demoted") ? <p className="notice ok" role="status">{t("coFacilitators.demoted")}</p> : null}
      {params.get("handedOver") ? <p className="notice ok" role="status">{t("coFacilitators.handedOver")}</p> : null}
      {params.get("voting") ? <p className="notice ok" role="status">{t("coFacilitators.myVotingSaved")}</p> : null}
      {params.get("reminded") ? <p className="notice ok" role="status">{t("email.remind.sent", { count: Number(params.get("reminded")) })}</p> : null}
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("members.inviteTitle")}</h2>
        <p className="muted">{t("members.inviteIntro")}</p>
        {actionData && "link" in actionData ? <InviteShare link={actionData.link} qrSvg={actionData.qrSvg} /> : null}
        <FormErrors errors={Object.keys(errors).length && !errors.remove ? [t("validation.fixBelow")] : undefined} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create-invite" />
          <div className="grid-2">
            <SelectField name="role" label={t("members.role")} defaultValue={values.role ?? "participant"} options={[{ value: "participant", label: t("roles.participant") }, { value: "observer", label: t("roles.observer") }, { value: "facilitator", label: t("roles.facilitator") }]} hint={t("coFacilitators.inviteHint")} errors={errors.role} />
            <SelectField name="stakeholderGroupId" label={t("members.group")} hint={t("members.groupHint")} defaultValue={values.stakeholderGroupId ?? ""} placeholder={t("members.letThemChoose")} options={d.groups.map((g) => ({ value: g.id, label: g.name }))} errors={errors.stakeholderGroupId} />
            <SelectField name="regionId" label={t("members.region")} defaultValue={values.regionId ?? ""} placeholder={t("members.letThemChoose")} options={d.regions.map((r) => ({ value: r.id, label: r.name }))} errors={errors.regionId} />
            <TextField name="label" label={t("members.label")} hint={t("members.labelHint")} defaultValue={values.label} maxLength={LIMITS.inviteLabel} errors={errors.label} />
            <TextField name="maxUses" label={t("members.maxUses")} inputMode="numeric" defaultValue={values.maxUses ?? "25"} errors={errors.maxUses} />
            <TextField name="expiresInDays" label={t("members.expires")} inputMode="numeric" defaultValue={values.expiresInDays ?? "14"} errors={errors.expiresInDays} />
          </div>
          <button type="submit" disabled={busy}>{t("members.createInvite")}</button>
        </Form>
      </section>

      <MyVotingForm me={d.me} groups={d.groups} regions={d.regions} refused={votingRefused} busy={busy} />

      <EmailInviteForm groups={d.groups} regions={d.regions} refused={emailRefused} busy={busy} maxAddresses={MAX_EMAIL_INVITES} />

      <section className="card" aria-labelledby="emails-title">
        <h2 id="emails-title">{t("email.outbox.title")}</h2>
        <p>{t(d.email.smtp ? "email.outbox.smtp" : "email.outbox.noSmtp")} {t("email.outbox.summary", { count: d.email.total, waiting: d.email.waiting })}</p>
        <p><Link to={`/d/${d.id}/outbox`}>{t("email.outbox.link")}</Link></p>
        {d.email.vote ? (
          <Form method="post">
            <input type="hidden" name="intent" value="remind-non-voters" />
            <h3>{t("email.remind.title")}</h3>
            <p>{d.email.vote.notVoted ? t("email.remind.intro", { count: d.email.vote.notVoted, number: d.email.vote.roundNumber }) : t("email.remind.allVoted", { number: d.email.vote.roundNumber })}</p>
            {d.email.vote.notVoted ? <button type="submit" className="secondary" disabled={busy}>{t("email.remind.button")}</button> : null}
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="invites-title">
        <h2 id="invites-title">{t("members.invites")}</h2>
        {d.invites.length === 0 ? (
          <p className="card">{t("members.noInvites")}</p>
        ) : (
          <TableWrap className="card" labelledBy="invites-title">
            <table>
              <thead><tr><th scope="col">{t("members.label")}</th><th scope="col">{t("members.role")}</th><th scope="col">{t("members.group")}</th><th scope="col">{t("members.uses")}</th><th scope="col">{t("members.status")}</th><th scope="col"><span className="sr-only">{t("members.actions")}</span></th></tr></thead>
              <tbody>
                {d.invites.map((i) => (
                  <tr key={i.id}>
                    <td>{i.label || "—"}</td>
                    <td>{t(`roles.${i.role}`)}</td>
                    <td>{i.groupName ?? t("members.chosenOnJoin")}{i.regionName ? ` · ${i.regionName}` : ""}</td>
                    <td>{t("results.ofN", { n: i.uses, total: i.maxUses })}</td>
                    <td>{t(dynamicKey(`members.inviteStatus.${i.status}`))}</td>
                    <td>
                      {i.status === "active" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke-invite" />
                          <input type="hidden" name="inviteId" value={i.id} />
                          <button type="submit" className="secondary" aria-label={t("members.revokeLabel", { label: i.label || t(`roles.${i.role}`) })}>{t("members.revoke")}</button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t("members.title", { count: d.memberCount })}</h2>
        <p className="muted">{t("members.privacyNote")}</p>
        {errors.remove ? <p className="field-error" role="alert">{errors.remove.join(" ")}</p> : null}
        <TableWrap className="card" labelledBy="members-title">
          <table>
            <thead><tr><th scope="col">{t("members.name")}</th><th scope="col">{t("members.pseudonym")}</th><th scope="col">{t("members.role")}</th><th scope="col">{t("members.group")}</th><th scope="col">{t("members.region")}</th><th scope="col">{t("members.returnLink")}</th><th scope="col"><span className="sr-only">{t("members.actions")}</span></th></tr></thead>
            <tbody>
              {d.members.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{m.pseudonym}</td>
                  <td><RoleLabel member={m} /></td>
                  <td>{m.groupName ?? "—"}</td>
                  <td>{m.regionName ?? "—"}</td>
                  <td>
                    <span className="nowrap">{t(`members.returnLinkState.${m.returnLink}`)}</span>
                    {m.returnLink === "live" ? (
                      <details>
                        <summary>{t("members.revokeReturnLink")}</summary>
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke-return-link" />
                          <input type="hidden" name="membershipId" value={m.id} />
                          <p className="hint">{t("members.revokeReturnLinkHint")}</p>
                          <label className="check"><input type="checkbox" name="confirm" value="yes" /> <span>{t("members.revokeReturnLinkLabel", { pseudonym: m.pseudonym })}</span></label>
                          <button type="submit" className="danger">{t("members.revokeReturnLinkConfirm")}</button>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                  <td>
                    <MemberRoleActions member={m} viewerIsOwner={d.isOwner} groups={d.groups} refused={roleRefused} />
                    {m.role !== "facilitator" || (d.isOwner && !m.isOwner && !m.isMe) ? (
                      <details>
                        <summary>{t("members.remove")}</summary>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-member" />
                          <input type="hidden" name="membershipId" value={m.id} />
                          <label className="row" style={{ fontWeight: "normal" }}><input type="checkbox" name="confirm" value="yes" /> {t("members.confirmRemoveLabel", { pseudonym: m.pseudonym })}</label>
                          <button type="submit" className="danger">{t("members.removeConfirm")}</button>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <Pagination page={d.page} pages={d.pages} />
      </section>
    </>
  );
}
