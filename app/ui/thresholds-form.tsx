import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "./fields";

const FIELDS = [
  ["agreementGroupRate", "percent"],
  ["agreementLowerBound", "percent"],
  ["agreementOverall", "percent"],
  ["disagreementSpread", "percent"],
  ["uncertaintyPassRate", "percent"],
  ["uncertaintyConfidence", "number"],
  ["uncertaintyIntervalWidth", "percent"],
  ["minVotes", "number"],
  ["minGroupSize", "number"],
] as const;

/** The codification thresholds, as percentages and counts; defaults come from the design brief. */
export function ThresholdsForm({ values, errors }: { values: Record<string, string>; errors: Record<string, string[]> }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" noValidate id="thresholds">
      <input type="hidden" name="intent" value="thresholds" />
      <FormErrors errors={Object.keys(errors).length ? [t("validation.fixBelow")] : undefined} />
      <p className="muted">{t("thresholds.closedRoundsKeep")}</p>
      <div className="grid-2">
        {FIELDS.map(([name]) => (
          <TextField key={name} name={name} label={t(`thresholds.${name}`)} hint={t(`thresholds.${name}Hint`)} inputMode="numeric" defaultValue={values[name]} errors={errors[name]} />
        ))}
      </div>
      <div className="row">
        <button type="submit" disabled={busy}>{t("thresholds.save")}</button>
        <button type="submit" name="reset" value="defaults" className="secondary" disabled={busy}>{t("thresholds.reset")}</button>
      </div>
    </Form>
  );
}
