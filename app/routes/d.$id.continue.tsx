import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { noBreak } from "~/ui/no-break";
import { requireMember } from "~/deliberation/access.server";
import { LIMITS } from "~/deliberation/schemas";
import { continueDeliberation, getContinuationForm } from "~/continuity/continuity-service.server";
import { ContinuationSchema } from "~/continuity/continuity-schema";
import { keepingInput, readForm, validateForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { ErrorSummary } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { useRefusedForm } from "~/ui/use-refused-form";

export const meta: MetaFunction = () => [{ title: `${t("continuity.title")} · Accord` }];

/** Facilitators of this deliberation only; an archived one may be continued (that changes nothing here but its log). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const form = await getContinuationForm(ctx, new URL(request.url).searchParams.get("round"));
  return { title: ctx.deliberation.title, form };
}

const ARRAYS = ["proposals"] as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"], { archived: "checked" });
  const form = await readForm(request);
  const input = validateForm(form, ContinuationSchema, { arrays: ARRAYS });
  const id = await keepingInput(form, () => continueDeliberation(ctx, input), { arrays: ARRAYS });
  return redirect(`/d/${id}?continued=1`);
}

const SUMMARY = [
  { name: "round", id: "continue-round-choice" },
  { name: "proposals", id: "continue-proposals" },
  { name: "title", id: "continue-title" },
  { name: "question", id: "continue-question" },
  { name: "members", id: "continue-members" },
] as const;

export default function Continue() {
  const { t } = useTranslation();
  const { title, form } = useLoaderData<typeof loader>();
  const refused = useRefusedForm();
  const busy = useNavigation().state === "submitting";
  const errors = refused?.errors ?? {};
  const typed = (name: string, fallback: string) => (typeof refused?.values[name] === "string" ? (refused.values[name] as string) : fallback);
  const ticked = refused ? new Set(Array.isArray(refused.values.proposals) ? refused.values.proposals : []) : null;
  const format = useFormat();
  const pct = (x: number | null) => noBreak(format.percent(x));
  const labels = { round: t("continuity.roundLabel"), proposals: t("continuity.redLinesLegend"), title: t("continuity.titleLabel"), question: t("continuity.questionLabel"), members: t("continuity.membersLegend") };
  const members = typed("members", "carry");
  return (
    <section aria-labelledby="continue-title-heading" className="continue">
      <h2 id="continue-title-heading">{t("continuity.title")}</h2>
      <p className="muted">{t("continuity.intro", { title })}</p>
      {form.round === null ? (
        <p className="notice">{t("continuity.noClosedRound")}</p>
      ) : (
        <>
          <Form method="get" className="inline-form">
            <label htmlFor="continue-round-choice">{t("continuity.roundLegend")}</label>{" "}
            <select id="continue-round-choice" name="round" defaultValue={String(form.round)}>
              {form.closedRounds.map((n) => (
                <option key={n} value={n}>{t("continuity.roundOption", { number: n })}</option>
              ))}
            </select>{" "}
            <button type="submit" className="secondary">{t("continuity.showRound")}</button>
          </Form>
          <Form method="post" noValidate>
            <ErrorSummary title={t("proposing.errorSummaryTitle")} errors={errors} fields={SUMMARY.map((f) => ({ ...f, label: labels[f.name] }))} />
            <input type="hidden" name="round" value={form.round} />
            {errors.round ? <p className="field-error">{errors.round.join(" ")}</p> : null}
            <fieldset id="continue-proposals" tabIndex={-1} aria-describedby="continue-proposals-hint">
              <legend>{t("continuity.redLinesLegend")} · {t("continuity.roundOption", { number: form.round })}</legend>
              <p id="continue-proposals-hint" className="hint">{t("continuity.redLinesHint")}</p>
              {errors.proposals ? <p className="field-error">{errors.proposals.join(" ")}</p> : null}
              {form.candidates.map((c) => (
                <label key={c.proposalId} className="check">
                  <input type="checkbox" name="proposals" value={c.proposalId} defaultChecked={ticked ? ticked.has(c.proposalId) : c.preselected} />
                  <span>
                    {t("continuity.candidate", { title: c.title, version: c.versionNumber })}
                    <br />
                    <small className="muted">
                      {c.classification ? t("continuity.candidateResult", { rate: pct(c.agreeRate), classification: t(`consensus.classificationShort.${c.classification}`) }) : t("continuity.candidateNoResult")}
                      {c.status !== "active" ? ` · ${t("continuity.candidateStatus", { status: t(`status.${c.status}`) })}` : null}
                    </small>
                  </span>
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t("continuity.newLegend")}</legend>
              <TextField id="continue-title" name="title" label={labels.title} maxLength={LIMITS.title} defaultValue={typed("title", form.defaults.title)} errors={errors.title} />
              <TextField id="continue-question" name="question" label={labels.question} maxLength={LIMITS.question} defaultValue={typed("question", form.defaults.question)} errors={errors.question} />
              <p className="hint">{t("continuity.settingsNote")}</p>
            </fieldset>
            <fieldset id="continue-members" tabIndex={-1}>
              <legend>{t("continuity.membersLegend")}</legend>
              {errors.members ? <p className="field-error">{errors.members.join(" ")}</p> : null}
              <label className="check">
                <input type="radio" name="members" value="carry" defaultChecked={members === "carry"} /> <span>{t("continuity.membersCarry", { count: form.members })}</span>
              </label>
              <label className="check">
                <input type="radio" name="members" value="fresh" defaultChecked={members === "fresh"} /> <span>{t("continuity.membersFresh")}</span>
              </label>
            </fieldset>
            <p className="hint">{t("continuity.releaseNote")}</p>
            <button type="submit" disabled={busy}>{t("continuity.submit")}</button>
          </Form>
        </>
      )}
    </section>
  );
}
