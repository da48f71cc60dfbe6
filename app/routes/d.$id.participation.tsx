import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { requireMember } from "~/deliberation/access.server";
import { keepingInput, readForm, validateForm } from "~/forms/parse.server";
import { getParticipationSettings, loadParticipation, saveParticipationSettings } from "~/participation/participation-service.server";
import { ParticipationSettingsSchema } from "~/participation/participation-schema";
import { remindNonVoters } from "~/participation/reminder-service.server";
import { TextField } from "~/ui/fields";
import { ParticipationView } from "~/ui/participation-view";
import { useRefusedForm } from "~/ui/use-refused-form";

/** Facilitators and observers (aggregates only); participants are refused in loadParticipation. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const monitor = await loadParticipation(ctx);
  const settings = ctx.membership.role === "facilitator" ? await getParticipationSettings(ctx) : null;
  return { monitor, settings };
}

const REGION_FIELDS = ["regionId", "regionTarget"] as const;

/**
 * Saves the region targets and the alert margin; `intent=remind` emails everyone who has not voted
 * yet, `intent=remind-group` those of one stakeholder group (`groupId`).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const form = await readForm(request);
  if (form.get("intent") === "remind") {
    const { reminded } = await remindNonVoters(ctx, null);
    return redirect(`/d/${ctx.deliberation.id}/participation?reminded=${reminded}#non-voters`);
  }
  if (form.get("intent") === "remind-group") {
    const groupId = String(form.get("groupId") ?? "");
    const { reminded } = await remindNonVoters(ctx, groupId);
    return redirect(`/d/${ctx.deliberation.id}/participation?${new URLSearchParams({ reminded: String(reminded), group: groupId })}#non-voters-${encodeURIComponent(groupId)}`);
  }
  const input = validateForm(form, ParticipationSettingsSchema, { arrays: REGION_FIELDS, form: "participation-settings" });
  await keepingInput(form, () => saveParticipationSettings(ctx, input), { arrays: REGION_FIELDS });
  return redirect(`/d/${ctx.deliberation.id}/participation?saved=1#participation-settings`);
}

export default function Participation() {
  const { t } = useTranslation();
  const f = useFormat();
  const { monitor, settings } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const refused = useRefusedForm("participation-settings");
  const busy = useNavigation().state === "submitting";
  const canRemind = settings !== null && monitor.round?.phase === "voting";
  const remindedGroup = params.get("reminded") ? params.get("group") : null;
  const time = (iso: string) => f.utcDateTime(iso, "short");
  const echoed = (name: string, i: number, fallback: string) => {
    const v = refused?.values[name];
    return Array.isArray(v) ? (v[i] ?? fallback) : typeof v === "string" ? v : fallback;
  };
  return (
    <section aria-labelledby="participation-title" className="participation">
      <h2 id="participation-title">{t("participation.title")}</h2>
      {monitor.round ? <p className="muted">{t("participation.intro", { number: monitor.round.number })}</p> : <p>{t("participation.noRound")}</p>}
      {monitor.k !== null ? <p className="muted">{t("participation.introObserver", { k: monitor.k })}</p> : null}
      {monitor.round ? (
        <ParticipationView
          m={monitor}
          time={time}
          remind={
            canRemind ? (
              <Form method="post" data-testid="remind-slot">
                <input type="hidden" name="intent" value="remind" />
                {params.get("reminded") && !remindedGroup ? <p className="notice ok" role="status">{t("email.remind.sent", { count: Number(params.get("reminded")) })}</p> : null}
                <button type="submit" className="secondary" disabled={busy}>{t("email.remind.button")}</button>
              </Form>
            ) : null
          }
          remindGroup={
            canRemind
              ? (g) => (
                  <Form method="post" className="remind-group" data-testid="remind-group">
                    <input type="hidden" name="intent" value="remind-group" />
                    <input type="hidden" name="groupId" value={g.groupId} />
                    {remindedGroup === g.groupId ? <p className="notice ok" role="status">{t("cockpit.remind.groupSent", { count: Number(params.get("reminded")), name: g.name })}</p> : null}
                    {g.count > 0 ? (
                      <button type="submit" className="secondary" disabled={busy}>
                        {t("cockpit.remind.groupButton", { count: g.count })}
                        <span className="sr-only"> {t("cockpit.remind.groupButtonOf", { name: g.name })}</span>
                      </button>
                    ) : null}
                  </Form>
                )
              : undefined
          }
        />
      ) : null}
      {settings ? (
        <section className="card" id="participation-settings" aria-labelledby="participation-settings-title">
          <h3 id="participation-settings-title">{t("participation.settingsTitle")}</h3>
          {params.get("saved") === "1" && !refused ? <p className="notice ok" role="status">{t("participation.saved")}</p> : null}
          <p className="muted">{t("participation.settingsIntro")}</p>
          <Form method="post" noValidate>
            <TextField name="margin" label={t("participation.margin")} hint={t("participation.marginHint")} inputMode="numeric" defaultValue={echoed("margin", 0, settings.margin)} errors={refused?.errors.margin} />
            {settings.regions.map((r, i) => (
              <div key={r.id}>
                <input type="hidden" name="regionId" value={r.id} />
                <TextField name="regionTarget" label={t("participation.regionTarget", { name: r.name })} inputMode="numeric" defaultValue={echoed("regionTarget", i, r.target)} errors={i === 0 ? refused?.errors.regionTarget : undefined} />
              </div>
            ))}
            <button type="submit" disabled={busy}>{t("participation.save")}</button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
