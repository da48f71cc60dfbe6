import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { requirePhase, submitProposal } from "~/deliberation/proposal-service.server";
import { z } from "zod";
import { ProposalSchema } from "~/deliberation/schemas";
import { keepingInput, readForm, validateForm } from "~/forms/parse.server";
import { SubmissionFormSchema, SUBMISSION_ID_FIELD } from "~/forms/submission-id";
import { newSubmissionId } from "~/forms/submission-id.server";
import { ProposalForm } from "~/ui/proposal-form";
import { useRefusedForm } from "~/ui/use-refused-form";

/** The proposal's fields and the submission id, checked together so a refusal names every field at fault. */
const NewProposalSchema = z.intersection(ProposalSchema, SubmissionFormSchema);

const ROLES = ["facilitator", "participant"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  requirePhase(ctx, "propose");
  return { id: ctx.deliberation.id, submissionId: newSubmissionId() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  requirePhase(ctx, "propose");
  const form = await readForm(request);
  // a refused form comes back with a fresh submission id: the one it carried may be used up
  const replace = { [SUBMISSION_ID_FIELD]: newSubmissionId() };
  const { submissionId, ...input } = validateForm(form, NewProposalSchema, { replace });
  const { proposalId, repeated } = await keepingInput(form, () => submitProposal(ctx, input, submissionId), { replace });
  return redirect(`/d/${ctx.deliberation.id}/proposals/${proposalId}?saved=${repeated ? "again" : "1"}`);
}

export default function NewProposal() {
  const { t } = useTranslation();
  const { id, submissionId } = useLoaderData<typeof loader>();
  const refused = useRefusedForm();
  const nextSubmissionId = refused?.values[SUBMISSION_ID_FIELD];
  return (
    <section aria-labelledby="propose-title">
      <h2 id="propose-title">{t("proposalForm.newTitle")}</h2>
      <p className="muted">{t("proposalForm.intro")}</p>
      <ProposalForm values={(refused?.values ?? {}) as Record<string, string>} errors={refused?.errors ?? {}} submitLabel={t("proposalForm.submit")} submissionId={typeof nextSubmissionId === "string" ? nextSubmissionId : submissionId} />
      <p><Link to={`/d/${id}`}>{t("common.cancel")}</Link></p>
    </section>
  );
}
