import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { requirePhase, submitProposal } from "~/deliberation/proposal-service.server";
import { z } from "zod";
import { getProposalRules } from "~/deliberation/category-service.server";
import { proposalSchemaFor } from "~/deliberation/schemas";
import { keepingInput, readForm, validateForm } from "~/forms/parse.server";
import { SubmissionFormSchema, SUBMISSION_ID_FIELD } from "~/forms/submission-id";
import { newSubmissionId } from "~/forms/submission-id.server";
import { ProposalForm } from "~/ui/proposal-form";
import { useRefusedForm } from "~/ui/use-refused-form";
import { currentLanguage } from "~/i18n/request-language.server";
import { OriginalLanguageSchema } from "~/translation/translation-schema";

const ROLES = ["facilitator", "participant"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  requirePhase(ctx, "propose");
  const { requireTypedFields, categories } = await getProposalRules(ctx);
  // the language the author most likely writes in: the one they read the site in
  return { id: ctx.deliberation.id, submissionId: newSubmissionId(), rules: { requireTypedFields, categories }, language: currentLanguage() as string };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  requirePhase(ctx, "propose");
  const form = await readForm(request);
  // a refused form comes back with a fresh submission id: the one it carried may be used up
  const replace = { [SUBMISSION_ID_FIELD]: newSubmissionId() };
  // the proposal's fields and the submission id, checked together so a refusal names every field at fault
  const schema = z.intersection(z.intersection(proposalSchemaFor(await getProposalRules(ctx)), SubmissionFormSchema), OriginalLanguageSchema);
  const { submissionId, language, ...input } = validateForm(form, schema, { replace });
  const { proposalId, repeated } = await keepingInput(form, () => submitProposal(ctx, input, submissionId, { language }), { replace });
  return redirect(`/d/${ctx.deliberation.id}/proposals/${proposalId}?saved=${repeated ? "again" : "1"}`);
}

export default function NewProposal() {
  const { t } = useTranslation();
  const { id, submissionId, rules, language } = useLoaderData<typeof loader>();
  const refused = useRefusedForm();
  const nextSubmissionId = refused?.values[SUBMISSION_ID_FIELD];
  return (
    <section aria-labelledby="propose-title">
      <h2 id="propose-title">{t("proposalForm.newTitle")}</h2>
      <p className="muted">{t("proposalForm.intro")}</p>
      <ProposalForm rules={rules} values={(refused?.values ?? {}) as Record<string, string>} errors={refused?.errors ?? {}} submitLabel={t("proposalForm.submit")} submissionId={typeof nextSubmissionId === "string" ? nextSubmissionId : submissionId} language={language} />
      <p><Link to={`/d/${id}`}>{t("common.cancel")}</Link></p>
    </section>
  );
}
