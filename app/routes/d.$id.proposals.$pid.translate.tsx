import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { keepingInput, readForm, validateForm } from "~/forms/parse.server";
import { languageDirection, type Language } from "~/i18n/languages";
import { currentLanguage } from "~/i18n/request-language.server";
import { TRANSLATABLE_FIELDS, type TranslatableField } from "~/translation/drift-check";
import { TRANSLATION_LIMITS, TranslationSchema } from "~/translation/translation-schema";
import { getTranslationWorkspace, saveTranslation } from "~/translation/translation-service.server";
import { ErrorSummary } from "~/ui/error-summary";
import { SelectField, TextArea, TextField } from "~/ui/fields";
import { useRefusedForm } from "~/ui/use-refused-form";

const ROLES = ["facilitator", "participant"] as const;
/** one line is enough for these; the others are prose */
const SHORT: readonly TranslatableField[] = ["title", "thresholdValue", "thresholdUnit"];
const fieldId = (f: string) => `translation-${f}`;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  const workspace = await getTranslationWorkspace(ctx, params.pid ?? "", new URL(request.url).searchParams.get("into"));
  return { id: ctx.deliberation.id, workspace };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ROLES);
  const form = await readForm(request);
  const input = validateForm(form, TranslationSchema);
  await keepingInput(form, () => saveTranslation(ctx, params.pid ?? "", input, { uiLanguage: currentLanguage() }));
  return redirect(`/d/${ctx.deliberation.id}/proposals/${params.pid}?translated=${input.language}&in=${input.language}`);
}

export default function TranslateProposal() {
  const { t } = useTranslation();
  const { id, workspace: w } = useLoaderData<typeof loader>();
  const refused = useRefusedForm();
  const busy = useNavigation().state === "submitting";
  const errors = refused?.errors ?? {};
  const values = (refused?.values ?? {}) as Record<string, string>;
  const name = (l: Language) => t(`versionTranslations.languageNames.${l}`);
  const into = w.language;
  const fields = TRANSLATABLE_FIELDS.filter((f) => w.original.text[f].trim() !== "");
  const label = (f: TranslatableField) => t(`versionTranslations.form.fields.${f}`);
  const otherErrors = Object.entries(errors).filter(([k]) => !(fields as readonly string[]).includes(k)).flatMap(([, v]) => v);
  return (
    <section aria-labelledby="translate-title">
      <h2 id="translate-title">{t("versionTranslations.form.title", { title: w.original.text.title })}</h2>
      <p className="muted">{t("versionTranslations.form.version", { n: w.original.versionNumber, language: name(w.original.language) })}</p>
      {w.languages.length === 0 ? <p>{t("versionTranslations.form.nothingToTranslate")}</p> : null}
      {/* choosing the language is a plain GET form: it works before JavaScript loads */}
      <Form method="get" className="row" aria-label={t("versionTranslations.form.chooseTitle")}>
        <SelectField name="into" label={t("versionTranslations.form.chooseLanguage")} defaultValue={into ?? ""} placeholder={into ? undefined : t("proposalForm.choose")} options={w.languages.map((l) => ({ value: l, label: name(l) }))} />
        <button type="submit" className="secondary">{t("versionTranslations.form.choose")}</button>
      </Form>
      {into ? (
        <Form method="post" noValidate>
          <input type="hidden" name="versionId" value={w.original.versionId} />
          <input type="hidden" name="sourceHash" value={w.original.sourceHash} />
          <input type="hidden" name="language" value={into} />
          <ErrorSummary title={t("proposing.errorSummaryTitle")} errors={errors} fields={fields.map((f) => ({ name: f, id: fieldId(f), label: label(f) }))} extra={refused && otherErrors.length === 0 && Object.keys(errors).length === 0 ? [refused.message] : otherErrors} />
          <p className="muted">{t("versionTranslations.form.intro", { language: name(into) })}</p>
          {w.existing && !w.existing.current ? <p className="notice warn">{t("versionTranslations.form.startingPoint", { n: w.existing.versionNumber })}</p> : null}
          {w.existing?.current ? <p className="notice">{t("versionTranslations.form.editing")}</p> : null}
          {fields.map((f) => {
            const Field = SHORT.includes(f) ? TextField : TextArea;
            return (
              <fieldset key={f}>
                <legend>{label(f)}</legend>
                <div className="translation-pair">
                  <div className="translation-original">
                    <p className="hint">{t("versionTranslations.form.original", { language: name(w.original.language) })}</p>
                    <p lang={w.original.language} dir={languageDirection(w.original.language)}>{w.original.text[f]}</p>
                  </div>
                  <Field
                    name={f}
                    id={fieldId(f)}
                    label={t("versionTranslations.form.fieldIn", { field: label(f), language: name(into) })}
                    defaultValue={values[f] ?? w.existing?.text[f] ?? ""}
                    maxLength={TRANSLATION_LIMITS[f]}
                    required
                    lang={into}
                    dir={languageDirection(into)}
                    errors={errors[f]}
                  />
                </div>
              </fieldset>
            );
          })}
          <button type="submit" disabled={busy}>{busy ? t("common.saving") : t("versionTranslations.form.save")}</button>
        </Form>
      ) : null}
      <p><Link to={`/d/${id}/proposals/${w.proposalId}`}>{t("versionTranslations.form.back")}</Link></p>
    </section>
  );
}
