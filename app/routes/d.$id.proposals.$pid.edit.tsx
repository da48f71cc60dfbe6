import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { getProposalDetail, requirePhase, saveProposalText } from "~/deliberation/proposal-service.server";
import { getProposalRules, getProposalRulesForEdit } from "~/deliberation/category-service.server";
import { proposalSchemaFor } from "~/deliberation/schemas";
import { readValidForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { assertAllowed, assertNoConflict } from "~/refusal";
import { ProposalForm } from "~/ui/proposal-form";
import { useRefusedForm } from "~/ui/use-refused-form";

const ROLES = ["facilitator", "participant"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  const detail = await getProposalDetail(ctx, params.pid ?? "");
  assertAllowed(detail.mine || ctx.membership.role === "facilitator", "errors.onlyAuthorOrFacilitator");
  assertNoConflict(detail.status === "active", "errors.proposalNotActive", { params: { status: t(`status.${detail.status}`) } });
  const latest = detail.versions[detail.versions.length - 1]!;
  const revising = latest.frozen;
  requirePhase(ctx, revising ? "revise" : "edit_proposal");
  const { requireTypedFields, categories } = await getProposalRules(ctx, latest.category);
  return {
    rules: { requireTypedFields, categories },
    id: ctx.deliberation.id,
    proposalId: detail.id,
    revising,
    versionNumber: latest.versionNumber,
    values: {
      title: latest.title,
      statement: latest.statement,
      rationale: latest.rationale,
      category: latest.category,
      indicator: latest.indicator,
      thresholdValue: latest.thresholdValue,
      thresholdUnit: latest.thresholdUnit,
      trigger: latest.trigger,
      response: latest.response,
      scope: latest.scope,
      evidenceLinks: latest.evidenceLinks.join("\n"),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  // the category the proposal already has stays valid on it, even if retired since
  const schema = proposalSchemaFor(await getProposalRulesForEdit(ctx, params.pid ?? ""));
  const saved = await saveProposalText(ctx, params.pid ?? "", await readValidForm(request, schema));
  return redirect(`/d/${ctx.deliberation.id}/proposals/${params.pid}?saved=${saved.revised ? "revised" : "1"}`);
}

export default function EditProposal() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const refused = useRefusedForm();
  return (
    <section aria-labelledby="edit-title">
      <h2 id="edit-title">{d.revising ? t("proposalForm.reviseTitle", { n: d.versionNumber + 1 }) : t("proposalForm.editTitle")}</h2>
      {d.revising ? <p className="notice warn">{t("proposalForm.reviseNote", { n: d.versionNumber })}</p> : null}
      <ProposalForm rules={d.rules} values={(refused?.values ?? d.values) as Record<string, string>} errors={refused?.errors ?? {}} submitLabel={d.revising ? t("proposalForm.saveRevision") : t("proposalForm.save")} />
      <p><Link to={`/d/${d.id}/proposals/${d.proposalId}`}>{t("common.cancel")}</Link></p>
    </section>
  );
}
