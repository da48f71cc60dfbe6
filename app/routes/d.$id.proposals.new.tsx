import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { requirePhase, submitProposal } from "~/deliberation/proposal-service.server";
import { ProposalSchema } from "~/deliberation/schemas";
import { parseFormData, readForm } from "~/forms/parse.server";
import { echoValues, formValues } from "~/forms/validation";
import { SubmissionFormSchema, SUBMISSION_ID_FIELD } from "~/forms/submission-id";
import { newSubmissionId } from "~/forms/submission-id.server";
import { t } from "~/i18n/i18n";
import { ProposalForm } from "~/ui/proposal-form";

const ROLES = ["facilitator", "participant"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireMember(request, params.id, ROLES);
  requirePhase(ctx, "propose");
  return { id: ctx.deliberation.id, submissionId: newSubmissionId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireMember(request, params.id, ROLES);
  requirePhase(ctx, "propose");
  const form = await readForm(request);
  const parsed = parseFormData(form, ProposalSchema);
  const submission = parseFormData(form, SubmissionFormSchema);
  // a rejected form comes back with a fresh submission id: the one it carried may be used up
  const rejected = (errors: Record<string, string[]>) => data({ errors, values: echoValues(formValues(form)), submissionId: newSubmissionId() }, { status: 400 });
  if (!parsed.ok || !submission.ok) return rejected({ ...(parsed.ok ? {} : parsed.errors), ...(submission.ok ? {} : submission.errors) });
  const result = await submitProposal(ctx, parsed.data, submission.data.submissionId);
  if (!result.ok) return rejected({ [SUBMISSION_ID_FIELD]: [t("validation.alreadySent")] });
  return redirect(`/d/${ctx.deliberation.id}/proposals/${result.proposalId}?saved=${result.repeated ? "again" : "1"}`);
}

export default function NewProposal() {
  const { t } = useTranslation();
  const { id, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section aria-labelledby="propose-title">
      <h2 id="propose-title">{t("proposalForm.newTitle")}</h2>
      <p className="muted">{t("proposalForm.intro")}</p>
      <ProposalForm values={(actionData?.values ?? {}) as Record<string, string>} errors={(actionData?.errors ?? {}) as Record<string, string[]>} submitLabel={t("proposalForm.submit")} submissionId={actionData?.submissionId ?? submissionId} />
      <p><Link to={`/d/${id}`}>{t("common.cancel")}</Link></p>
    </section>
  );
}
