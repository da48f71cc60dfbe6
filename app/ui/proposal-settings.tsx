import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "~/deliberation/schemas";
import type { RefusedForm } from "~/refusal";
import { FormErrors, TextField } from "./fields";

export interface ProposalSettingsProps {
  requireTypedFields: boolean;
  categories: { id: string; label: string; retired: boolean }[];
  /** a refused category form: its field messages, and which category it was about */
  refused: RefusedForm | null;
  saved: string | null;
}

/** The facilitator's say over proposals: whether the typed fields are required, and the deliberation's categories. */
export function ProposalSettings({ requireTypedFields, categories, refused, saved }: ProposalSettingsProps) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const refusedId = typeof refused?.values.categoryId === "string" ? refused.values.categoryId : "";
  const typed = typeof refused?.values.label === "string" ? refused.values.label : undefined;
  return (
    <section aria-labelledby="proposal-settings-title" className="card" id="proposal-settings">
      <h2 id="proposal-settings-title">{t("proposing.settings.title")}</h2>
      {saved === "rule" ? <p className="notice ok" role="status">{t("proposing.settings.ruleSaved")}</p> : null}
      {saved === "categories" && !refused ? <p className="notice ok" role="status">{t("proposing.settings.categoriesSaved")}</p> : null}
      <Form method="post">
        <input type="hidden" name="intent" value="proposal-rule" />
        <fieldset>
          <legend>{t("proposing.settings.requireTitle")}</legend>
          <div className="field">
            <label>
              <input type="checkbox" name="requireTypedFields" defaultChecked={requireTypedFields} aria-describedby="require-hint" /> {t("proposing.settings.requireLabel")}
            </label>
            <p id="require-hint" className="hint">{t("proposing.settings.requireHint")}</p>
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>{t("proposing.settings.saveRule")}</button>
      </Form>

      <h3 id="categories">{t("proposing.settings.categoriesTitle")}</h3>
      <p className="muted">{t("proposing.settings.categoriesIntro")}</p>
      {refused && !refused.errors.label ? <FormErrors errors={Object.values(refused.errors).flat()} /> : null}
      <ul className="category-list">
        {categories.map((c) => (
          <li key={c.id} className="row">
            <Form method="post" className="row">
              <input type="hidden" name="intent" value="rename-category" />
              <input type="hidden" name="categoryId" value={c.id} />
              <TextField name="label" label={c.retired ? `${t("proposing.settings.categoryName")} (${t("proposing.settings.retiredBadge")})` : t("proposing.settings.categoryName")} defaultValue={refusedId === c.id ? typed : c.label} maxLength={LIMITS.categoryLabel} errors={refusedId === c.id ? refused?.errors.label : undefined} />
              <button type="submit" className="secondary" disabled={busy} aria-label={`${t("proposing.settings.rename")}: ${c.label}`}>{t("proposing.settings.rename")}</button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value={c.retired ? "restore-category" : "retire-category"} />
              <input type="hidden" name="categoryId" value={c.id} />
              <button type="submit" className="secondary" disabled={busy} aria-label={`${c.retired ? t("proposing.settings.restore") : t("proposing.settings.retire")}: ${c.label}`}>
                {c.retired ? t("proposing.settings.restore") : t("proposing.settings.retire")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="add-category" />
        <TextField name="label" label={t("proposing.settings.addLabel")} defaultValue={refused && !refusedId ? typed : undefined} maxLength={LIMITS.categoryLabel} errors={refused && !refusedId ? refused.errors.label : undefined} />
        <button type="submit" disabled={busy}>{t("proposing.settings.add")}</button>
      </Form>
    </section>
  );
}
