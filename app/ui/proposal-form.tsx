import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MessageKey } from "~/i18n/i18n";
import type { RedLineParts } from "~/deliberation/completeness";
import { LIMITS } from "~/deliberation/schemas";
import { SUBMISSION_ID_FIELD } from "~/forms/submission-id";
import { SCOPES } from "~/deliberation/taxonomy";
import { CompletenessHint } from "./completeness-hint";
import { ErrorSummary, type SummaryField } from "./error-summary";
import { SelectField, TextArea, TextField } from "./fields";
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from "~/i18n/languages";

export type ProposalFormValues = Record<string, string>;

/** What the deliberation asks of a proposal, as the form needs it. */
export interface ProposalFormRules {
  requireTypedFields: boolean;
  categories: { key: string; label: string; retired: boolean }[];
}

// in the order the form shows them, so the error summary reads top to bottom
const FIELD_NAMES = ["title", "statement", "indicator", "thresholdValue", "thresholdUnit", "trigger", "response", "evidenceLinks", "category", "scope", "rationale"] as const;
const LABEL_KEYS: Record<(typeof FIELD_NAMES)[number], MessageKey> = {
  title: "proposalForm.title",
  statement: "proposalForm.statement",
  rationale: "proposalForm.rationale",
  category: "proposalForm.category",
  scope: "proposalForm.scope",
  indicator: "proposalForm.indicator",
  thresholdValue: "proposalForm.thresholdValue",
  thresholdUnit: "proposalForm.thresholdUnit",
  trigger: "proposalForm.trigger",
  response: "proposalForm.response",
  evidenceLinks: "proposalForm.evidence",
};
const fieldId = (name: string) => `proposal-${name}`;

function partsOf(form: HTMLFormElement): RedLineParts {
  const data = new FormData(form);
  const get = (k: string) => String(data.get(k) ?? "");
  return { indicator: get("indicator"), thresholdValue: get("thresholdValue"), thresholdUnit: get("thresholdUnit"), trigger: get("trigger"), response: get("response"), evidenceLinks: get("evidenceLinks") };
}

/**
 * The red-line form. Title and statement are always required; the typed parts only where the
 * deliberation requires them, otherwise encouraged with help and a live "what it still lacks" hint.
 */
export function ProposalForm({ values, errors, submitLabel, submissionId, rules, language }: { values: ProposalFormValues; errors: Record<string, string[]>; submitLabel: string; submissionId?: string; rules: ProposalFormRules; /** a new proposal says the language it is written in (docs/decisions/053) */ language?: string }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [parts, setParts] = useState<RedLineParts>(values);
  const need = rules.requireTypedFields;
  // an optional field says so in its label; a required one carries `required` (announced by screen readers)
  const label = (name: (typeof FIELD_NAMES)[number]) => (need || name === "title" || name === "statement" || name === "evidenceLinks" ? t(LABEL_KEYS[name]) : `${t(LABEL_KEYS[name])} ${t("proposing.optional")}`);
  const common = (name: (typeof FIELD_NAMES)[number]) => ({ name, id: fieldId(name), label: label(name), defaultValue: values[name], errors: errors[name] });
  const summaryFields: SummaryField[] = FIELD_NAMES.map((name) => ({ name, id: fieldId(name), label: t(LABEL_KEYS[name]) }));
  if (language !== undefined) summaryFields.unshift({ name: "language", id: fieldId("language"), label: t("versionTranslations.languageOfText") });
  const knownFields = new Set<string>([...FIELD_NAMES, ...(language !== undefined ? ["language"] : [])]);
  const otherErrors = Object.entries(errors).filter(([k]) => !knownFields.has(k)).flatMap(([, v]) => v);
  return (
    <Form method="post" noValidate onChange={(e) => setParts(partsOf(e.currentTarget))}>
      {submissionId ? <input type="hidden" name={SUBMISSION_ID_FIELD} value={submissionId} /> : null}
      <ErrorSummary title={t("proposing.errorSummaryTitle")} errors={errors} fields={summaryFields} extra={otherErrors} />
      <p className="muted">{need ? t("proposing.strictIntro") : t("proposing.minimalIntro")}</p>
      {language !== undefined ? (
        <SelectField name="language" id={fieldId("language")} label={t("versionTranslations.languageOfText")} hint={t("versionTranslations.languageOfTextHint")} defaultValue={values.language ?? language} options={SUPPORTED_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} errors={errors.language} required />
      ) : null}
      <TextField {...common("title")} maxLength={LIMITS.proposalTitle} required />
      <TextArea {...common("statement")} hint={t("proposalForm.statementHint")} maxLength={LIMITS.statement} required />
      <fieldset>
        <legend>{t("proposalForm.measure")}</legend>
        <p className="hint">{t("proposing.measureHint")}</p>
        <TextArea {...common("indicator")} hint={t("proposalForm.indicatorHint")} maxLength={LIMITS.indicator} rows={2} required={need} />
        <div className="grid-2">
          <TextField {...common("thresholdValue")} hint={t("proposalForm.thresholdValueHint")} maxLength={LIMITS.thresholdValue} required={need} />
          <TextField {...common("thresholdUnit")} hint={t("proposalForm.thresholdUnitHint")} maxLength={LIMITS.thresholdUnit} required={need} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("proposalForm.commitment")}</legend>
        <p className="hint">{t("proposing.commitmentHint")}</p>
        <TextArea {...common("trigger")} hint={t("proposalForm.triggerHint")} maxLength={LIMITS.trigger} rows={2} required={need} />
        <TextArea {...common("response")} hint={t("proposalForm.responseHint")} maxLength={LIMITS.response} rows={3} required={need} />
      </fieldset>
      <TextArea {...common("evidenceLinks")} hint={t("proposalForm.evidenceHint", { max: LIMITS.evidenceLinks })} maxLength={LIMITS.evidence} rows={3} />
      <div className="grid-2">
        <SelectField
          {...common("category")}
          hint={t("proposing.categoryHint")}
          placeholder={t("proposalForm.choose")}
          options={rules.categories.map((c) => ({ value: c.key, label: c.retired ? t("proposing.retired", { label: c.label }) : c.label }))}
          required={need}
        />
        <SelectField {...common("scope")} hint={t("proposing.scopeHint")} placeholder={t("proposalForm.choose")} options={SCOPES.map((s) => ({ value: s, label: t(`scopes.${s}`) }))} required={need} />
      </div>
      <TextArea {...common("rationale")} hint={t("proposing.rationaleHint")} maxLength={LIMITS.rationale} rows={4} required={need} />
      {need ? null : <CompletenessHint parts={parts} live />}
      <button type="submit" disabled={busy}>{busy ? t("common.saving") : submitLabel}</button>
    </Form>
  );
}
