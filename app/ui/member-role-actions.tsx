import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RefusedForm } from "../refusal";
import { FormErrors, SelectField } from "./fields";

export interface MemberRow {
  id: string;
  pseudonym: string;
  role: "facilitator" | "participant" | "observer";
  groupId: string | null;
  groupName: string | null;
  alsoVotes: boolean;
  isOwner: boolean;
  isMe: boolean;
}

/** "facilitator · owner · also votes (Civil society)" — the role column of the member list. */
export function RoleLabel({ member }: { member: MemberRow }) {
  const { t } = useTranslation();
  const parts = [t(`roles.${member.role}`)];
  if (member.isOwner) parts.push(t("coFacilitators.owner"));
  if (member.alsoVotes) parts.push(member.groupName ? t("coFacilitators.alsoVotesIn", { group: member.groupName }) : t("coFacilitators.alsoVotes"));
  return <>{parts.join(" · ")}</>;
}

/** The role changes a facilitator may make on one member's row, each behind a confirmation box. */
export function MemberRoleActions({ member, viewerIsOwner, groups, refused }: { member: MemberRow; viewerIsOwner: boolean; groups: { id: string; name: string }[]; refused: RefusedForm | null }) {
  const { t } = useTranslation();
  if (member.isMe || member.isOwner) return null;
  if (member.role !== "facilitator") {
    return (
      <details>
        <summary>{t("coFacilitators.promote")}</summary>
        <Form method="post">
          <input type="hidden" name="intent" value="promote-member" />
          <input type="hidden" name="membershipId" value={member.id} />
          <p className="hint">{t("coFacilitators.promoteHint")}</p>
          <label className="check"><input type="checkbox" name="confirm" value="yes" /> <span>{t("coFacilitators.promoteLabel", { pseudonym: member.pseudonym })}</span></label>
          <button type="submit" className="secondary">{t("coFacilitators.promoteConfirm")}</button>
        </Form>
      </details>
    );
  }
  if (!viewerIsOwner) return <p className="hint">{t("coFacilitators.removeFacilitatorHint")}</p>;
  const mine = refused?.form === `demote-${member.id}` ? refused : null;
  const errors = mine?.errors ?? {};
  const values = (mine?.values ?? {}) as Record<string, string>;
  return (
    <>
      <details open={mine ? true : undefined}>
        <summary>{t("coFacilitators.demote")}</summary>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="demote-member" />
          <input type="hidden" name="membershipId" value={member.id} />
          <FormErrors errors={mine ? [mine.message] : undefined} />
          <SelectField name="role" label={t("coFacilitators.demoteRole")} defaultValue={values.role ?? "participant"} options={[{ value: "participant", label: t("roles.participant") }, { value: "observer", label: t("roles.observer") }]} />
          {groups.length > 0 && !member.groupId ? (
            <SelectField name="stakeholderGroupId" label={t("coFacilitators.demoteGroup")} defaultValue={values.stakeholderGroupId ?? ""} placeholder={t("proposalForm.choose")} options={groups.map((g) => ({ value: g.id, label: g.name }))} errors={errors[`group-${member.id}`]} />
          ) : null}
          <label className="check"><input type="checkbox" name="confirm" value="yes" /> <span>{t("coFacilitators.demoteLabel", { pseudonym: member.pseudonym })}</span></label>
          <button type="submit" className="danger">{t("coFacilitators.demoteConfirm")}</button>
        </Form>
      </details>
      <details>
        <summary>{t("coFacilitators.handover")}</summary>
        <Form method="post">
          <input type="hidden" name="intent" value="transfer-ownership" />
          <input type="hidden" name="membershipId" value={member.id} />
          <label className="check"><input type="checkbox" name="confirm" value="yes" /> <span>{t("coFacilitators.handoverLabel", { pseudonym: member.pseudonym })}</span></label>
          <button type="submit" className="danger">{t("coFacilitators.handoverConfirm")}</button>
        </Form>
      </details>
    </>
  );
}

/** A facilitator's own "I also vote" declaration, with the stakeholder group (and region) they vote in. */
export function MyVotingForm({ me, groups, regions, refused, busy }: { me: { alsoVotes: boolean; groupId: string | null; groupName: string | null; regionId: string | null }; groups: { id: string; name: string }[]; regions: { id: string; name: string }[]; refused: RefusedForm | null; busy: boolean }) {
  const { t } = useTranslation();
  const errors = refused?.errors ?? {};
  const values = (refused?.values ?? {}) as Record<string, string>;
  const checked = refused ? values.alsoVotes === "yes" : me.alsoVotes;
  return (
    <section className="card" aria-labelledby="my-voting-title">
      <h2 id="my-voting-title">{t("coFacilitators.myVotingTitle")}</h2>
      <p className="muted">{t("coFacilitators.myVotingIntro")}</p>
      {me.alsoVotes ? <p>{me.groupName ? t("coFacilitators.myVotingNow", { group: me.groupName }) : t("coFacilitators.myVotingNowNoGroup")}</p> : null}
      <FormErrors errors={refused ? [refused.message] : undefined} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="my-voting" />
        <label className="check"><input type="checkbox" name="alsoVotes" value="yes" defaultChecked={checked} /> <span>{t("coFacilitators.myVotingCheck")}</span></label>
        <div className="grid-2">
          {groups.length > 0 ? <SelectField name="stakeholderGroupId" label={t("coFacilitators.myVotingGroup")} defaultValue={values.stakeholderGroupId ?? me.groupId ?? ""} placeholder={t("proposalForm.choose")} options={groups.map((g) => ({ value: g.id, label: g.name }))} errors={errors.stakeholderGroupId} /> : null}
          {regions.length > 0 ? <SelectField name="regionId" label={t("coFacilitators.myVotingRegion")} defaultValue={values.regionId ?? me.regionId ?? ""} placeholder={t("coFacilitators.myVotingNoRegion")} options={regions.map((r) => ({ value: r.id, label: r.name }))} errors={errors.regionId} /> : null}
        </div>
        <button type="submit" className="secondary" disabled={busy}>{t("coFacilitators.myVotingSave")}</button>
      </Form>
    </section>
  );
}
