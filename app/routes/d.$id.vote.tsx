import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { UndoVoteSchema, VoteSchema } from "~/deliberation/schemas";
import { castVote, getBallot, requireVoter, undoLastVote } from "~/deliberation/vote-service.server";
import { pickBallotCard } from "~/deliberation/ballot-view";
import { readForm, validateForm } from "~/forms/parse.server";
import { isRefusedForm, useRefusedForm } from "~/ui/use-refused-form";
import { BallotCardFacts } from "~/ui/ballot-card-facts";
import { DISAGREE_REASONS } from "~/deliberation/disagree-reasons";
import { loadDelphiFeedback } from "~/results/delphi-feedback.server";
import { DelphiFeedback } from "~/ui/delphi-feedback";

const CHOICES = ["agree", "disagree", "pass"] as const;

/** A ballot page always comes from the server: never a cached copy with a stale or unsaved choice (back/forward included). */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  requireVoter(ctx);
  const open = ctx.round?.phase === "voting";
  const ballot = open ? await getBallot(ctx) : { items: [], voted: 0, undoVersionId: null };
  const search = new URL(request.url).searchParams;
  const { index, nextVersionId } = pickBallotCard(ballot.items, search.get("v"), search.get("card"));
  const undoTitle = ballot.items.find((i) => i.versionId === ballot.undoVersionId)?.title ?? null;
  return {
    id: ctx.deliberation.id,
    open,
    phase: ctx.round?.phase ?? null,
    total: ballot.items.length,
    voted: ballot.voted,
    index,
    card: ballot.items[index] ?? null,
    nextVersionId,
    status: search.get("undone") ? ("undone" as const) : search.get("saved") ? ("saved" as const) : null,
    undo: ballot.undoVersionId && undoTitle ? { versionId: ballot.undoVersionId, title: undoTitle } : null,
    showAll: search.get("list") === "all",
    list: ballot.items.map((i) => ({ versionId: i.versionId, title: i.title, voted: i.myVote?.choice ?? null })),
    delphi: await loadDelphiFeedback(ctx, ballot.items.slice(index, index + 1)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const form = await readForm(request);
  // without JavaScript the browser scrolls to the card by its anchor; with it, the fetcher keeps the scroll
  const anchor = form.get("js") === "1" ? "" : "#card";
  const base = `/d/${ctx.deliberation.id}/vote`;
  if (form.get("intent") === "undo") {
    const { versionId } = validateForm(form, UndoVoteSchema);
    await undoLastVote(ctx, versionId);
    return redirect(`${base}?v=${encodeURIComponent(versionId)}&undone=1${anchor}`);
  }
  const input = validateForm(form, VoteSchema);
  await castVote(ctx, input);
  const next = String(form.get("next") ?? "");
  return redirect(`${base}?${next ? `v=${encodeURIComponent(next)}&` : ""}saved=1${anchor}`);
}

export default function Vote() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const vote = useFetcher();
  const undo = useFetcher();
  const navigating = useNavigation().state !== "idle";
  const busy = navigating || vote.state !== "idle" || undo.state !== "idle";
  const refused = isRefusedForm(vote.data) ? vote.data : null;
  const pageRefused = useRefusedForm();
  const errors = (refused ?? pageRefused)?.errors ?? {};
  // set after hydration only: a form sent before JavaScript runs is a plain post that lands on #card
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const cardId = d.card?.versionId;
  useEffect(() => {
    // a new card (first load, after a save or an undo): if its choices or save button are off screen, bring the card up to the thumb
    const card = document.getElementById("card");
    const save = card?.querySelector("form.ballot-form button[type=submit]");
    if (!card || !save) return;
    const rect = save.getBoundingClientRect();
    if (rect.bottom > window.innerHeight || card.getBoundingClientRect().top < 0) card.scrollIntoView({ block: "start" });
  }, [cardId]);
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
  const js = hydrated ? <input type="hidden" name="js" value="1" /> : null;
  const shown = d.showAll ? d.list : d.list.filter((i) => !i.voted);
  const prev = d.list[d.index - 1];
  const skip = d.list[d.index + 1];
  return (
    <section aria-labelledby="vote-title" className="ballot">
      <h2 id="vote-title" className="sr-only">{t("vote.title")}</h2>
      <article className="card ballot-card" id="card" aria-labelledby="card-title" tabIndex={-1}>
        <div className="ballot-top">
          <p className="progress" data-testid="vote-progress">{t("vote.progress", { voted: d.voted, total: d.total })}</p>
          <progress max={d.total} value={d.voted} aria-label={t("vote.progressLabel")} />
        </div>
        <div className="ballot-status">
          <p role="status" aria-live="polite" data-testid="vote-status">
            {d.status ? t(d.status === "saved" ? "ballot.saved" : "ballot.undone") : ""}
          </p>
          {d.undo ? (
            <undo.Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="versionId" value={d.undo.versionId} />
              {js}
              <button type="submit" className="secondary small" disabled={busy} aria-label={t("ballot.undoLabel", { title: d.undo.title })}>{t("ballot.undo")}</button>
            </undo.Form>
          ) : null}
        </div>
        {d.voted === d.total ? <p className="notice ok">{t("vote.allDone")}</p> : null}
        <p className="muted">{t("vote.cardOf", { n: d.index + 1, total: d.total })} · {t("overview.version", { n: card.versionNumber })}</p>
        <h3 id="card-title">{card.title}</h3>
        <BallotCardFacts {...card} />
        <DelphiFeedback feedback={d.delphi} versionId={card.versionId} statement={card.statement} />
        {/* One fresh form per version: React must not carry a checked radio or a chosen confidence
            over from the previous card, and the browser must not restore one on back/forward. */}
        <vote.Form key={card.versionId} method="post" preventScrollReset className="stack ballot-form" autoComplete="off" aria-label={t("vote.formLabel", { title: card.title })}>
          <input type="hidden" name="versionId" value={card.versionId} />
          <input type="hidden" name="next" value={d.nextVersionId ?? ""} />
          {js}
          <fieldset className="choices" aria-describedby={errors.choice ? `choice-err-${card.versionId}` : `pass-hint-${card.versionId}`}>
            <legend>{t("vote.yourVote")}</legend>
            {CHOICES.map((c) => (
              <label key={c}>
                <input type="radio" name="choice" value={c} defaultChecked={card.myVote?.choice === c} autoComplete="off" required />
                <span>{t(`vote.choice.${c}`)}</span>
              </label>
            ))}
          </fieldset>
          <p className="hint" id={`pass-hint-${card.versionId}`}>{t("ballot.passMeans")}</p>
          {errors.choice ? <p id={`choice-err-${card.versionId}`} className="field-error" role="alert">{t("vote.chooseOne")}</p> : null}
          <fieldset className="reasons" aria-describedby={`reason-hint-${card.versionId}`}>
            <legend>{t("ballot.reasonLegend")}</legend>
            <p className="hint" id={`reason-hint-${card.versionId}`}>{t("ballot.reasonHint")}</p>
            {DISAGREE_REASONS.map((r) => (
              <label key={r}>
                <input type="radio" name="reason" value={r} defaultChecked={card.myVote?.reason === r} autoComplete="off" />
                <span>{t(`ballot.reason.${r}`)}</span>
              </label>
            ))}
            {errors.reason ? <p className="field-error" role="alert">{errors.reason.join(" ")}</p> : null}
          </fieldset>
          <div className="field inline-field">
            <label htmlFor={`confidence-${card.versionId}`}>{t("vote.confidence")}</label>
            <select
              id={`confidence-${card.versionId}`}
              name="confidence"
              defaultValue={card.myVote?.confidence ? String(card.myVote.confidence) : ""}
              autoComplete="off"
              aria-invalid={errors.confidence ? true : undefined}
              aria-describedby={errors.confidence ? `confidence-err-${card.versionId}` : undefined}
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
        </vote.Form>
      </article>
      <nav className="pagination" aria-label={t("vote.cards")}>
        {prev ? <Link to={`?v=${prev.versionId}#card`}>{t("vote.previous")}</Link> : <span />}
        {skip ? <Link to={`?v=${skip.versionId}#card`}>{t("vote.skip")}</Link> : <span />}
      </nav>
      <section className="card" aria-labelledby="ballot-list-title">
        <h3 id="ballot-list-title">{d.showAll ? t("ballot.listAll") : t("ballot.listUnvoted")}</h3>
        {shown.length === 0 ? <p>{t("ballot.noneLeft")}</p> : null}
        <ol>
          {shown.map((item) => (
            <li key={item.versionId}>
              <Link to={`?v=${item.versionId}${d.showAll ? "&list=all" : ""}#card`}>{item.title}</Link> — {item.voted ? t(`vote.choice.${item.voted}`) : t("vote.notVoted")}
            </li>
          ))}
        </ol>
        <p>{d.showAll ? <Link to={`?v=${card.versionId}`}>{t("ballot.showUnvoted")}</Link> : <Link to={`?v=${card.versionId}&list=all`}>{t("ballot.showAll")}</Link>}</p>
      </section>
    </section>
  );
}
