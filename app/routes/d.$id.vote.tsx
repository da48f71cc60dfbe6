import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { VoteSchema } from "~/deliberation/schemas";
import { castVote, getBallot, requireVoter } from "~/deliberation/vote-service.server";
import { readForm, validateForm } from "~/forms/parse.server";
import { useRefusedForm } from "~/ui/use-refused-form";
import { VersionFacts } from "~/ui/version-facts";
import { loadDelphiFeedback } from "~/results/delphi-feedback.server";
import { DelphiFeedback } from "~/ui/delphi-feedback";

const CHOICES = ["agree", "disagree", "pass"] as const;

/** A ballot page always comes from the server: never a cached copy with a stale or unsaved choice (back/forward included). */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  requireVoter(ctx);
  const open = ctx.round?.phase === "voting";
  const ballot = open ? await getBallot(ctx) : { items: [], voted: 0 };
  const requested = Number.parseInt(new URL(request.url).searchParams.get("card") ?? "", 10);
  const firstUnvoted = ballot.items.findIndex((i) => !i.myVote);
  const index = Number.isFinite(requested) ? Math.min(Math.max(requested - 1, 0), Math.max(ballot.items.length - 1, 0)) : firstUnvoted === -1 ? 0 : firstUnvoted;
  return {
    id: ctx.deliberation.id,
    open,
    phase: ctx.round?.phase ?? null,
    roundNumber: ctx.round?.number ?? null,
    total: ballot.items.length,
    voted: ballot.voted,
    index,
    card: ballot.items[index] ?? null,
    list: ballot.items.map((i) => ({ title: i.title, voted: i.myVote?.choice ?? null })),
    delphi: await loadDelphiFeedback(ctx, ballot.items.slice(index, index + 1)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const form = await readForm(request);
  await castVote(ctx, validateForm(form, VoteSchema));
  const next = Number.parseInt(String(form.get("next") ?? ""), 10);
  const url = new URL(request.url);
  return redirect(`/d/${ctx.deliberation.id}/vote${Number.isFinite(next) && next > 0 ? `?card=${next}&saved=1` : "?saved=1&card=" + (url.searchParams.get("card") ?? "1")}`);
}

export default function Vote() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const errors = useRefusedForm()?.errors ?? {};
  if (!d.open) {
    return (
      <section className="card" aria-labelledby="vote-title">
        <h2 id="vote-title">{t("vote.title")}</h2>
        <p role="status">{d.phase ? t("vote.notOpen", { phase: t(`phases.${d.phase}.name`) }) : t("vote.noRound")}</p>
        {d.phase === "closed" ? <p><Link to={`/d/${d.id}/results`}>{t("vote.seeResults")}</Link></p> : null}
      </section>
    );
  }
  if (!d.card) {
    return (
      <section className="card" aria-labelledby="vote-title">
        <h2 id="vote-title">{t("vote.title")}</h2>
        <p>{t("vote.emptyBallot")}</p>
      </section>
    );
  }
  const card = d.card;
  const nextCard = d.index + 2 <= d.total ? d.index + 2 : 0;
  return (
    <section aria-labelledby="vote-title">
      <h2 id="vote-title">{t("vote.title")}</h2>
      <p className="progress" role="status" data-testid="vote-progress">{t("vote.progress", { voted: d.voted, total: d.total })}</p>
      <progress max={d.total} value={d.voted} aria-label={t("vote.progressLabel")} />
      {d.voted === d.total ? <p className="notice ok">{t("vote.allDone")}</p> : null}
      <article className="card" aria-labelledby="card-title">
        <p className="muted">{t("vote.cardOf", { n: d.index + 1, total: d.total })} · {t("overview.version", { n: card.versionNumber })}</p>
        <h3 id="card-title">{card.title}</h3>
        <VersionFacts {...card} />
        <DelphiFeedback feedback={d.delphi} versionId={card.versionId} statement={card.statement} />
        {/* One fresh form per version: React must not carry a checked radio or a chosen confidence
            over from the previous card, and the browser must not restore one on back/forward. */}
        <Form key={card.versionId} method="post" className="stack" autoComplete="off" aria-label={t("vote.formLabel", { title: card.title })}>
          <input type="hidden" name="versionId" value={card.versionId} />
          <input type="hidden" name="next" value={nextCard} />
          <fieldset className="choices" aria-describedby={errors.choice ? `choice-err-${card.versionId}` : undefined}>
            <legend>{t("vote.yourVote")}</legend>
            {CHOICES.map((c) => (
              <label key={c}>
                <input type="radio" name="choice" value={c} defaultChecked={card.myVote?.choice === c} autoComplete="off" required />
                <span>{t(`vote.choice.${c}`)}</span>
              </label>
            ))}
          </fieldset>
          {errors.choice ? <p id={`choice-err-${card.versionId}`} className="field-error" role="alert">{t("vote.chooseOne")}</p> : null}
          <div className="field">
            <label htmlFor={`confidence-${card.versionId}`}>{t("vote.confidence")}</label>
            <p className="hint" id={`confidence-hint-${card.versionId}`}>{t("vote.confidenceHint")}</p>
            <select
              id={`confidence-${card.versionId}`}
              name="confidence"
              defaultValue={card.myVote?.confidence ? String(card.myVote.confidence) : ""}
              autoComplete="off"
              aria-invalid={errors.confidence ? true : undefined}
              aria-describedby={[`confidence-hint-${card.versionId}`, errors.confidence ? `confidence-err-${card.versionId}` : null].filter(Boolean).join(" ")}
            >
              <option value="">{t("vote.confidenceNone")}</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>{t(`vote.confidenceLevel.${n}`)}</option>
              ))}
            </select>
            {errors.confidence ? <p id={`confidence-err-${card.versionId}`} className="field-error" role="alert">{errors.confidence.join(" ")}</p> : null}
          </div>
          <button type="submit" disabled={busy}>{card.myVote ? t("vote.change") : t("vote.save")}</button>
          {card.myVote ? <p className="muted" data-testid="current-vote">{t("vote.current", { choice: t(`vote.choice.${card.myVote.choice}`) })}</p> : null}
        </Form>
      </article>
      <nav className="pagination" aria-label={t("vote.cards")}>
        {d.index > 0 ? <Link to={`?card=${d.index}`}>{t("vote.previous")}</Link> : <span />}
        {d.index + 1 < d.total ? <Link to={`?card=${d.index + 2}`}>{t("vote.skip")}</Link> : <span />}
      </nav>
      <details className="card">
        <summary>{t("vote.allCards")}</summary>
        <ol>
          {d.list.map((item, i) => (
            <li key={i}>
              <Link to={`?card=${i + 1}`}>{item.title}</Link> — {item.voted ? t(`vote.choice.${item.voted}`) : t("vote.notVoted")}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
