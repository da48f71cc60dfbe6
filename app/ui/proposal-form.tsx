import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "~/deliberation/schemas";
import { SUBMISSION_ID_FIELD } from "~/forms/submission-id";
import { SCOPES, TAXONOMY } from "~/deliberation/taxonomy";
import { FormErrors, SelectField, TextArea, TextField } from "./fields";

export type ProposalFormValues = Record<string, string>;

/** The typed red-line form: every field labelled, limited and with its own error message. */
export function ProposalForm({ values, errors, submitLabel, submissionId }: { values: ProposalFormValues; errors: Record<string, string[]>; submitLabel: string; submissionId?: string }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Form method="post" noValidate>
      {submissionId ? <input type="hidden" name={SUBMISSION_ID_FIELD} value={submissionId} /> : null}
      <FormErrors errors={errors[SUBMISSION_ID_FIELD] ?? (hasErrors ? [t("validation.fixBelow")] : undefined)} />
      <TextField name="title" label={t("proposalForm.title")} defaultValue={values.title} maxLength={LIMITS.proposalTitle} errors={errors.title} required />
      <TextArea name="statement" label={t("proposalForm.statement")} hint={t("proposalForm.statementHint")} defaultValue={values.statement} maxLength={LIMITS.statement} errors={errors.statement} required />
      <TextArea name="rationale" label={t("proposalForm.rationale")} defaultValue={values.rationale} maxLength={LIMITS.rationale} errors={errors.rationale} rows={4} required />
      <div className="grid-2">
        <SelectField
          name="category"
          label={t("proposalForm.category")}
          defaultValue={values.category}
          placeholder={t("proposalForm.choose")}
          options={[]}
          groups={Object.entries(TAXONOMY).map(([top, subs]) => ({
            label: t(`taxonomy.${top}`),
            options: subs.map((s) => ({ value: `${top}.${s}`, label: t(`taxonomy.${top}.${s}`) })),
          }))}
          errors={errors.category}
          required
        />
        <SelectField
          name="scope"
          label={t("proposalForm.scope")}
          defaultValue={values.scope}
          placeholder={t("proposalForm.choose")}
          options={SCOPES.map((s) => ({ value: s, label: t(`scopes.${s}`) }))}
          errors={errors.scope}
          required
        />
      </div>
      <fieldset>
        <legend>{t("proposalForm.measure")}</legend>
        <TextArea name="indicator" label={t("proposalForm.indicator")} hint={t("proposalForm.indicatorHint")} defaultValue={values.indicator} maxLength={LIMITS.indicator} errors={errors.indicator} rows={2} required />
        <div className="grid-2">
          <TextField name="thresholdValue" label={t("proposalForm.thresholdValue")} hint={t("proposalForm.thresholdValueHint")} defaultValue={values.thresholdValue} maxLength={LIMITS.thresholdValue} errors={errors.thresholdValue} required />
          <TextField name="thresholdUnit" label={t("proposalForm.thresholdUnit")} hint={t("proposalForm.thresholdUnitHint")} defaultValue={values.thresholdUnit} maxLength={LIMITS.thresholdUnit} errors={errors.thresholdUnit} required />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("proposalForm.commitment")}</legend>
        <TextArea name="trigger" label={t("proposalForm.trigger")} hint={t("proposalForm.triggerHint")} defaultValue={values.trigger} maxLength={LIMITS.trigger} errors={errors.trigger} rows={2} required />
        <TextArea name="response" label={t("proposalForm.response")} hint={t("proposalForm.responseHint")} defaultValue={values.response} maxLength={LIMITS.response} errors={errors.response} rows={3} required />
      </fieldset>
      <TextArea name="evidenceLinks" label={t("proposalForm.evidence")} hint={t("proposalForm.evidenceHint", { max: LIMITS.evidenceLinks })} defaultValue={values.evidenceLinks} maxLength={LIMITS.evidence} errors={errors.evidenceLinks} rows={3} />
      <button type="submit" disabled={busy}>{busy ? t("common.saving") : submitLabel}</button>
    </Form>
  );
}
