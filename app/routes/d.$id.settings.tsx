import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { updateDeliberation } from "~/deliberation/deliberation-service.server";
import { DeliberationSchema } from "~/deliberation/schemas";
import { parseForm } from "~/forms/parse.server";
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
  return { values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireMember(request, params.id, ["facilitator"]);
  const parsed = await parseForm(request, DeliberationSchema, GROUP_FIELDS);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  await updateDeliberation(ctx, parsed.data);
  return redirect(`/d/${ctx.deliberation.id}/settings?saved=1`);
}

export default function Settings() {
  const { t } = useTranslation();
  const { values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t("settings.title")}</h2>
      {params.get("saved") && !actionData ? <p className="notice ok" role="status">{t("settings.saved")}</p> : null}
      <DeliberationForm values={actionData ? valuesFromEcho(actionData.values) : values} errors={(actionData?.errors ?? {}) as Record<string, string[]>} submitLabel={t("settings.save")} />
    </section>
  );
}
