import type { TFunction } from "i18next";
import { Form, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ATTRIBUTION_MODES, type AttributionMode } from "~/deliberation/attribution";
import { LIMITS } from "~/deliberation/schemas";
import { DEFAULT_REGIONS, DEFAULT_STAKEHOLDER_GROUPS } from "~/deliberation/taxonomy";
import { FormErrors, SelectField, TextArea, TextField } from "./fields";

export interface DeliberationFormValues {
  title: string;
  question: string;
  description: string;
  attributionMode: string;
  resultsVisibility: string;
  groups: { id: string; name: string; share: string }[];
  regions: string;
}

export function defaultDeliberationValues(t: TFunction): DeliberationFormValues {
  return {
    title: "",
    question: "",
    description: "",
    attributionMode: "chatham_house",
    resultsVisibility: "after_close",
    groups: DEFAULT_STAKEHOLDER_GROUPS.map((g) => ({ id: "", name: t(`defaultGroups.${g.key}`), share: String(g.targetShare * 100) })),
    regions: DEFAULT_REGIONS.join("\n"),
  };
}

/** Values echoed back after a rejected submit, in the same shape as the stored ones. */
export function valuesFromEcho(echo: Record<string, string | string[]>): DeliberationFormValues {
  const list = (k: string) => (Array.isArray(echo[k]) ? (echo[k] as string[]) : []);
  const names = list("groupName");
  return {
    title: String(echo.title ?? ""),
    question: String(echo.question ?? ""),
    description: String(echo.description ?? ""),
    attributionMode: String(echo.attributionMode ?? "chatham_house"),
    resultsVisibility: String(echo.resultsVisibility ?? "after_close"),
    groups: names.map((name, i) => ({ id: list("groupId")[i] ?? "", name, share: list("groupShare")[i] ?? "" })),
    regions: String(echo.regions ?? ""),
  };
}

/** Which attribution modes the form offers: all of them until someone other than a facilitator joins. */
export interface AttributionChoice {
  current: AttributionMode;
  locked: boolean;
  allowed: AttributionMode[];
}

export function DeliberationForm({ values, errors, submitLabel, attribution }: { values: DeliberationFormValues; errors: Record<string, string[]>; submitLabel: string; attribution?: AttributionChoice }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const warningId = useId();
  const allowed = (m: string) => !attribution || attribution.allowed.includes(m as AttributionMode);
  // a refused (less strict) choice is not echoed back: the form shows what is stored and may be saved
  const attributionValue = attribution && !allowed(values.attributionMode) ? attribution.current : values.attributionMode;
  const lockNote = !attribution?.locked
    ? t("deliberationForm.attributionOpen")
    : attribution.current === "anonymous"
      ? t("deliberationForm.attributionStrictest")
      : t("deliberationForm.attributionLocked", { promise: t(`attribution.${attribution.current}`) });
  const canTighten = attribution?.locked === true && attribution.current !== "anonymous";
  const rows = [...values.groups.filter((g) => g.name || g.share)];
  while (rows.length < Math.min(LIMITS.maxGroups, Math.max(rows.length + 2, 7))) rows.push({ id: "", name: "", share: "" });
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Form method="post" noValidate>
      <FormErrors errors={hasErrors ? [t("validation.fixBelow")] : undefined} />
      <TextField name="title" label={t("deliberationForm.title")} defaultValue={values.title} maxLength={LIMITS.title} errors={errors.title} required />
      <TextArea name="question" label={t("deliberationForm.question")} hint={t("deliberationForm.questionHint")} defaultValue={values.question} maxLength={LIMITS.question} errors={errors.question} rows={2} required />
      <TextArea name="description" label={t("deliberationForm.description")} defaultValue={values.description} maxLength={LIMITS.description} errors={errors.description} rows={4} />
      <SelectField
        // remount when the offer changes or a choice was refused, so the select shows what it offers and what is stored
        key={`${attribution?.allowed.join(",") ?? "all"}|${errors.attributionMode ? "refused" : ""}`}
        name="attributionMode"
        label={t("deliberationForm.attribution")}
        hint={`${t("deliberationForm.attributionHint")} ${lockNote}`}
        defaultValue={attributionValue}
        options={ATTRIBUTION_MODES.map((m) => {
          const label = t(`attribution.${m}`);
          return allowed(m) ? { value: m, label } : { value: m, label: t("deliberationForm.attributionUnavailable", { label }), disabled: true };
        })}
        describedBy={canTighten ? warningId : undefined}
        errors={errors.attributionMode}
      />
      {canTighten ? <p id={warningId} className="notice warn">{t("deliberationForm.attributionPermanent")}</p> : null}
      <SelectField
        name="resultsVisibility"
        label={t("deliberationForm.resultsVisibility")}
        defaultValue={values.resultsVisibility}
        options={[
          { value: "after_close", label: t("deliberationForm.resultsAfterClose") },
          { value: "live", label: t("deliberationForm.resultsLive") },
        ]}
        errors={errors.resultsVisibility}
      />
      <fieldset aria-describedby="groups-hint">
        <legend>{t("deliberationForm.groups")}</legend>
        <p id="groups-hint" className="hint">{t("deliberationForm.groupsHint")}</p>
        {errors.groups ? <p className="field-error" role="alert">{errors.groups.join(" ")}</p> : null}
        {rows.map((g, i) => (
          <div className="grid-2" key={i}>
            <input type="hidden" name="groupId" value={g.id} />
            <div className="field">
              <label htmlFor={`groupName-${i}`}>{t("deliberationForm.groupName", { n: i + 1 })}</label>
              <input id={`groupName-${i}`} type="text" dir="auto" name="groupName" defaultValue={g.name} maxLength={LIMITS.groupName} />
            </div>
            <div className="field">
              <label htmlFor={`groupShare-${i}`}>{t("deliberationForm.groupShare", { n: i + 1 })}</label>
              <input id={`groupShare-${i}`} type="text" inputMode="decimal" name="groupShare" defaultValue={g.share} maxLength={6} />
            </div>
          </div>
        ))}
      </fieldset>
      <TextArea name="regions" label={t("deliberationForm.regions")} hint={t("deliberationForm.regionsHint")} defaultValue={values.regions} errors={errors.regions} rows={5} />
      <button type="submit" disabled={busy}>{busy ? t("common.saving") : submitLabel}</button>
    </Form>
  );
}
