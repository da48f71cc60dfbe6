import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { getAttributionPolicy, updateDeliberation, updateThresholds } from "~/deliberation/deliberation-service.server";
import { effectiveThresholds, thresholdsFromForm, thresholdsToForm, ThresholdsSchema } from "~/deliberation/consensus-settings";
import { DeliberationSchema } from "~/deliberation/schemas";
import { DEFAULT_THRESHOLDS } from "~/consensus/types";
import { parseFormData, readForm } from "~/forms/parse.server";
import { echoValues, formValues } from "~/forms/validation";
import { ThresholdsForm } from "~/ui/thresholds-form";
import { DeliberationForm, valuesFromEcho, type DeliberationFormValues } from "~/ui/deliberation-form";

const GROUP_FIELDS = ["groupId", "groupName", "groupShare"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireMember(request, params.id, ["facilitator"]);
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
  return { values, attribution: await getAttributionPolicy(ctx), thresholds: thresholdsToForm(effectiveThresholds(d.thresholds, d.minGroupSize)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireMember(request, params.id, ["facilitator"]);
  const form = await readForm(request);
  if (form.get("intent") === "thresholds") {
    if (form.get("reset") === "defaults") {
      // the defaults, but never a smaller k than people joined under
      const saved = await updateThresholds(ctx, DEFAULT_THRESHOLDS);
      if (!saved.ok) await updateThresholds(ctx, { ...DEFAULT_THRESHOLDS, minGroupSize: ctx.deliberation.minGroupSize });
      return redirect(`/d/${ctx.deliberation.id}/settings?saved=thresholds#thresholds`);
    }
    const parsed = parseFormData(form, ThresholdsSchema);
    if (!parsed.ok) return data({ form: "thresholds" as const, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const saved = await updateThresholds(ctx, thresholdsFromForm(parsed.data));
    if (!saved.ok) return data({ form: "thresholds" as const, errors: saved.fieldErrors, values: echoValues(formValues(form)) }, { status: 400 });
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=thresholds#thresholds`);
  }
  const parsed = parseFormData(form, DeliberationSchema, GROUP_FIELDS);
  // a rejected save answers with the attribution choice as it is now (someone may have joined meanwhile)
  if (!parsed.ok) return data({ form: "details" as const, errors: parsed.errors, values: parsed.values, attribution: await getAttributionPolicy(ctx) }, { status: 400 });
  const saved = await updateDeliberation(ctx, parsed.data);
  if (!saved.ok) {
    const values = echoValues(formValues(form, GROUP_FIELDS));
    return data({ form: "details" as const, errors: saved.fieldErrors, values, attribution: await getAttributionPolicy(ctx) }, { status: 400 });
  }
  return redirect(`/d/${ctx.deliberation.id}/settings?saved=1`);
}

export default function Settings() {
  const { t } = useTranslation();
  const { values, attribution, thresholds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const detailsError = actionData?.form === "details" ? actionData : null;
  const thresholdsError = actionData?.form === "thresholds" ? actionData : null;
  return (
    <>
      <section aria-labelledby="settings-title">
        <h2 id="settings-title">{t("settings.title")}</h2>
        {params.get("saved") === "1" && !actionData ? <p className="notice ok" role="status">{t("settings.saved")}</p> : null}
        <DeliberationForm values={detailsError ? valuesFromEcho(detailsError.values) : values} errors={(detailsError?.errors ?? {}) as Record<string, string[]>} submitLabel={t("settings.save")} attribution={detailsError?.attribution ?? attribution} />
      </section>
      <section aria-labelledby="thresholds-title" className="card">
        <h2 id="thresholds-title">{t("thresholds.title")}</h2>
        <p className="muted">{t("thresholds.intro")}</p>
        {params.get("saved") === "thresholds" && !actionData ? <p className="notice ok" role="status">{t("settings.thresholdsSaved")}</p> : null}
        <ThresholdsForm values={(thresholdsError?.values as Record<string, string>) ?? thresholds} errors={(thresholdsError?.errors ?? {}) as Record<string, string[]>} />
      </section>
    </>
  );
}
