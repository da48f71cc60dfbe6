import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember, requireNotArchived, type MemberContext } from "~/deliberation/access.server";
import { deleteDeliberation, describeDeletion, setArchived } from "~/deliberation/lifecycle-service.server";
import { LifecycleSettings } from "~/ui/lifecycle-settings";
import { t } from "~/i18n/i18n";
import { refuse } from "~/refusal";
import { addCategory, getProposalRules, listCategoryViews, renameCategory, setCategoryRetired, setRequireTypedFields } from "~/deliberation/category-service.server";
import { getAttributionPolicy, getBallotOrder, setBallotOrder, setDefaultLanguage, updateDeliberation, updateThresholds } from "~/deliberation/deliberation-service.server";
import { effectiveThresholds, thresholdsFromForm, thresholdsToForm, ThresholdsSchema } from "~/deliberation/consensus-settings";
import { AddCategorySchema, BallotOrderSchema, CATEGORY_FORM, DefaultLanguageSchema, DELETE_FORM, DeliberationSchema, ProposalRuleSchema, RenameCategorySchema, RetireCategorySchema } from "~/deliberation/schemas";
import { BallotOrderForm } from "~/ui/ballot-order-form";
import { DefaultLanguageForm } from "~/ui/default-language-form";
import { DEFAULT_THRESHOLDS } from "~/consensus/types";
import { keepingInput, readForm, validateForm } from "~/forms/parse.server";
import { isRefusal } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { ThresholdsForm } from "~/ui/thresholds-form";
import { DeliberationForm, valuesFromEcho, type DeliberationFormValues } from "~/ui/deliberation-form";
import { ProposalSettings } from "~/ui/proposal-settings";

const GROUP_FIELDS = ["groupId", "groupName", "groupShare"] as const;

/** The category forms (one schema each); a refusal keeps what was typed and names the category. */
const CATEGORY_ACTIONS = {
  "add-category": (ctx: MemberContext, form: FormData) => keepingInput(form, () => addCategory(ctx, validateForm(form, AddCategorySchema, { form: CATEGORY_FORM }).label)),
  "rename-category": (ctx: MemberContext, form: FormData) => {
    const input = validateForm(form, RenameCategorySchema, { form: CATEGORY_FORM });
    return keepingInput(form, () => renameCategory(ctx, input.categoryId, input.label));
  },
  "retire-category": (ctx: MemberContext, form: FormData) => setCategoryRetired(ctx, validateForm(form, RetireCategorySchema, { form: CATEGORY_FORM }).categoryId, true),
  "restore-category": (ctx: MemberContext, form: FormData) => keepingInput(form, () => setCategoryRetired(ctx, validateForm(form, RetireCategorySchema, { form: CATEGORY_FORM }).categoryId, false)),
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const d = ctx.deliberation;
  const values: DeliberationFormValues = {
    title: d.title,
    question: d.question,
    description: d.description,
    attributionMode: d.attributionMode,
    resultsVisibility: d.resultsVisibility,
    groups: d.groups.map((g) => ({ id: g.id, name: g.name, share: String(Math.round(g.targetShare * 1000) / 10) })),
    regions: d.regions.map((r) => r.name).join("\n"),
  };
  const rules = await getProposalRules(ctx);
  const categories = (await listCategoryViews(context.app.db, d.id)).map(({ id, label, retired }) => ({ id, label, retired }));
  const deletion = await describeDeletion(ctx);
  return { values, attribution: await getAttributionPolicy(ctx), thresholds: thresholdsToForm(effectiveThresholds(d.thresholds, d.minGroupSize)), requireTypedFields: rules.requireTypedFields, categories, ballotOrder: await getBallotOrder(ctx), defaultLanguage: d.defaultLanguage, archived: d.archived, deletion };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"], { archived: "checked" });
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "unarchive") {
    await setArchived(ctx, false);
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=unarchived#archive-delete`);
  }
  if (intent === "delete") {
    await deleteDeliberation(ctx, String(form.get("confirmTitle") ?? ""));
    return redirect(`/?deleted=${encodeURIComponent(ctx.deliberation.title)}`);
  }
  requireNotArchived(ctx); // every other setting is a change
  if (intent === "archive") {
    if (form.get("confirm") !== "yes") refuse(400, "lifecycle.archiveConfirmRequired", { fieldErrors: { confirm: [t("lifecycle.archiveConfirmRequired")] }, form: "archive" });
    await setArchived(ctx, true);
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=archived#archive-delete`);
  }
  if (intent === "defaultLanguage") {
    await setDefaultLanguage(ctx, validateForm(form, DefaultLanguageSchema).defaultLanguage);
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=defaultLanguage#default-language`);
  }
  if (intent === "ballotOrder") {
    await setBallotOrder(ctx, validateForm(form, BallotOrderSchema).ballotOrder);
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=ballotOrder#ballot-order`);
  }
  if (intent === "proposal-rule") {
    await setRequireTypedFields(ctx, validateForm(form, ProposalRuleSchema).requireTypedFields);
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=rule#proposal-settings`);
  }
  if (intent in CATEGORY_ACTIONS) {
    await CATEGORY_ACTIONS[intent as keyof typeof CATEGORY_ACTIONS](ctx, form);
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=categories#categories`);
  }
  if (intent === "thresholds") {
    if (form.get("reset") === "defaults") {
      // the defaults, but never a smaller k than people joined under
      await updateThresholds(ctx, DEFAULT_THRESHOLDS).catch((error: unknown) => {
        if (!isRefusal(error) || !error.fieldErrors) throw error;
        return updateThresholds(ctx, { ...DEFAULT_THRESHOLDS, minGroupSize: ctx.deliberation.minGroupSize });
      });
      return redirect(`/d/${ctx.deliberation.id}/settings?saved=thresholds#thresholds`);
    }
    const input = validateForm(form, ThresholdsSchema, { form: "thresholds" });
    await keepingInput(form, () => updateThresholds(ctx, thresholdsFromForm(input)));
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=thresholds#thresholds`);
  }
  const input = validateForm(form, DeliberationSchema, { arrays: GROUP_FIELDS, form: "details" });
  await keepingInput(form, () => updateDeliberation(ctx, input), { arrays: GROUP_FIELDS });
  return redirect(`/d/${ctx.deliberation.id}/settings?saved=1`);
}

/** After a refused save too: the attribution choice shown must be the one as it is now (someone may have joined meanwhile). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) => (formMethod === "POST" ? true : defaultShouldRevalidate);

export default function Settings() {
  const { t } = useTranslation();
  const { values, attribution, thresholds, requireTypedFields, categories, ballotOrder, defaultLanguage, archived, deletion } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const detailsError = useRefusedForm("details");
  const thresholdsError = useRefusedForm("thresholds");
  const categoriesError = useRefusedForm(CATEGORY_FORM);
  return (
    <>
      <section aria-labelledby="settings-title">
        <h2 id="settings-title">{t("settings.title")}</h2>
        {params.get("saved") === "1" && !detailsError && !thresholdsError ? <p className="notice ok" role="status">{t("settings.saved")}</p> : null}
        <DeliberationForm values={detailsError ? valuesFromEcho(detailsError.values) : values} errors={detailsError?.errors ?? {}} submitLabel={t("settings.save")} attribution={attribution} />
      </section>
      <section aria-labelledby="thresholds-title" className="card">
        <h2 id="thresholds-title">{t("thresholds.title")}</h2>
        <p className="muted">{t("thresholds.intro")}</p>
        {params.get("saved") === "thresholds" && !detailsError && !thresholdsError ? <p className="notice ok" role="status">{t("settings.thresholdsSaved")}</p> : null}
        <ThresholdsForm values={(thresholdsError?.values as Record<string, string>) ?? thresholds} errors={thresholdsError?.errors ?? {}} />
      </section>
      <ProposalSettings requireTypedFields={requireTypedFields} categories={categories} refused={categoriesError} saved={params.get("saved")} />
      <BallotOrderForm value={ballotOrder} saved={params.get("saved") === "ballotOrder"} />
      <DefaultLanguageForm value={defaultLanguage} saved={params.get("saved") === "defaultLanguage"} />
      <LifecycleSettings action={`${useLocation().pathname}#archive-delete`} title={values.title} archived={archived} reports={deletion.reports} reportsPublic={deletion.reportsPublic} archiveRefused={useRefusedForm("archive")} deleteRefused={useRefusedForm(DELETE_FORM)} saved={params.get("saved")} />
    </>
  );
}
