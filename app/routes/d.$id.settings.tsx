import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { getAttributionPolicy, getBallotOrder, setBallotOrder, updateDeliberation, updateThresholds } from "~/deliberation/deliberation-service.server";
import { effectiveThresholds, thresholdsFromForm, thresholdsToForm, ThresholdsSchema } from "~/deliberation/consensus-settings";
import { BallotOrderSchema, DeliberationSchema } from "~/deliberation/schemas";
import { BallotOrderForm } from "~/ui/ballot-order-form";
import { DEFAULT_THRESHOLDS } from "~/consensus/types";
import { keepingInput, readForm, validateForm } from "~/forms/parse.server";
import { isRefusal } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { ThresholdsForm } from "~/ui/thresholds-form";
import { DeliberationForm, valuesFromEcho, type DeliberationFormValues } from "~/ui/deliberation-form";

const GROUP_FIELDS = ["groupId", "groupName", "groupShare"] as const;

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
  return { values, attribution: await getAttributionPolicy(ctx), ballotOrder: await getBallotOrder(ctx), thresholds: thresholdsToForm(effectiveThresholds(d.thresholds, d.minGroupSize)) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const form = await readForm(request);
  if (form.get("intent") === "ballotOrder") {
    await setBallotOrder(ctx, validateForm(form, BallotOrderSchema).ballotOrder);
    return redirect(`/d/${ctx.deliberation.id}/settings?saved=ballotOrder#ballot-order`);
  }
  if (form.get("intent") === "thresholds") {
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
  const { values, attribution, thresholds, ballotOrder } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const detailsError = useRefusedForm("details");
  const thresholdsError = useRefusedForm("thresholds");
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
      <BallotOrderForm value={ballotOrder} saved={params.get("saved") === "ballotOrder"} />
    </>
  );
}
