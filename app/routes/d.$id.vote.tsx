import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { UndoVoteSchema, VoteReasonSchema, VoteSchema } from "~/deliberation/schemas";
import { castVote, getBallot, giveVoteReason, requireVoter, undoLastVote } from "~/deliberation/vote-service.server";
import { ballotPosition, pickBallotCard } from "~/deliberation/ballot-view";
import { readForm, validateForm } from "~/forms/parse.server";
import { isRefusedForm, useRefusedForm } from "~/ui/use-refused-form";
import { BallotCardFacts } from "~/ui/ballot-card-facts";
import { DISAGREE_REASONS } from "~/deliberation/disagree-reasons";
import { loadDelphiFeedback } from "~/results/delphi-feedback.server";
import { DelphiFeedback } from "~/ui/delphi-feedback";
import { dynamicKey } from "~/i18n/i18n";
import { languageDirection } from "~/i18n/languages";
import { currentLanguage } from "~/i18n/request-language.server";
import { currentTranslations } from "~/translation/translation-service.server";
import { TranslationNote } from "~/ui/translation-note";

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
  const position = ballotPosition(ballot.items, index);
  // the reader's language: a card shows the translation current for its exact version, if any (votes stay on the version)
  const translations = await currentTranslations(ctx, ballot.items.map((i) => i.versionId), currentLanguage());
  const titleOf = (i: (typeof ballot.items)[number]) => translations.get(i.versionId)?.text.title ?? i.title;
  const undoItem = ballot.items.find((i) => i.versionId === ballot.undoVersionId);
  const undoTitle = undoItem ? titleOf(undoItem) : null;
  const shownItem = ballot.items[index];
  const translation = shownItem ? (translations.get(shownItem.versionId) ?? null) : null;
  const showOriginal = search.get("original") === "1";
  return {
    id: ctx.deliberation.id,
    open,
    phase: ctx.round?.phase ?? null,
    total: ballot.items.length,
    voted: ballot.voted,
    position,
    // previous and next go by the number on screen, so "Previous" after a vote leads back to the card just voted
    prevVersionId: ballot.items.find((_, i) => ballotPosition(ballot.items, i) === position - 1)?.versionId ?? null,
    skipVersionId: ballot.items.find((_, i) => ballotPosition(ballot.items, i) === position + 1)?.versionId ?? null,
    card: shownItem ? (translation && !showOriginal ? { ...shownItem, ...pickCardText(translation.text) } : shownItem) : null,
    translation: translation ? { language: translation.language, originalLanguage: translation.originalLanguage, translator: translation.translator, editor: translation.editor } : null,
    showOriginal,
    /** what the Delphi feedback compares with last round's words: the original's */
    originalStatement: shownItem?.statement ?? "",
    nextVersionId,
    status: search.get("undone") ? ("undone" as const) : search.get("reasoned") ? ("reasoned" as const) : search.get("saved") ? ("saved" as const) : null,
    why: whyFor(ballot.items.map((i) => ({ ...i, title: titleOf(i) })), search.get("why"), ballot.items[index]?.versionId),
    undo: ballot.undoVersionId && undoTitle ? { versionId: ballot.undoVersionId, title: undoTitle } : null,
    showAll: search.get("list") === "all",
    list: ballot.items.map((i) => ({ versionId: i.versionId, title: titleOf(i), voted: i.myVote?.choice ?? null })),
    delphi: await loadDelphiFeedback(ctx, ballot.items.slice(index, index + 1)),
  };
}

/** The words of a card a translation gives (category, scope and the vote's version stay the original's). */
function pickCardText(text: { title: string; statement: string; indicator: string; thresholdValue: string; thresholdUnit: string; trigger: string; response: string }) {
  return { title: text.title, statement: text.statement, indicator: text.indicator, thresholdValue: text.thresholdValue, thresholdUnit: text.thresholdUnit, trigger: text.trigger, response: text.response };
}

/** The card just voted Disagree or Pass, whose "why?" the next card offers (one tap, optional). */
function whyFor(items: Awaited<ReturnType<typeof getBallot>>["items"], versionId: string | null, shown: string | undefined) {
  const item = versionId && versionId !== shown ? items.find((i) => i.versionId === versionId) : undefined;
  if (!item?.myVote || item.myVote.choice === "agree") return null;
  return { versionId: item.versionId, title: item.title, choice: item.myVote.choice, reason: item.myVote.reason };
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
  const next = String(form.get("next") ?? "");
  const at = next ? `v=${encodeURIComponent(next)}&` : "";
  if (form.get("intent") === "reason") {
    const { versionId, reason } = validateForm(form, VoteReasonSchema);
    await giveVoteReason(ctx, versionId, reason);
    return redirect(`${base}?${at}reasoned=1${anchor}`);
  }
  const input = validateForm(form, VoteSchema);
  await castVote(ctx, input);
  // after a Disagree or a Pass the next card asks, once, why (optional)
  const why = input.choice === "agree" ? "" : `&why=${encodeURIComponent(input.versionId)}`;
  return redirect(`${base}?${at}saved=1${why}${anchor}`);
}

export default function Vote() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const vote = useFetcher();
  const undo = useFetcher();
  const why = useFetcher();
  const navigating = useNavigation().state !== "idle";
  const busy = navigating || vote.state !== "idle" || undo.state !== "idle" || why.state !== "idle";
  const refused = [vote.data, why.data].find(isRefusedForm) ?? null;
  const pageRefused = useRefusedForm();
  const errors = (refused ?? pageRefused)?.errors ?? {};
  // set after hydration only: a form sent before JavaScript runs is a plain post that lands on #card
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // every landing on this page (first load, after a vote, an undo or a reason; a fetcher's redirect
  // does not keep the scroll): bring the card's choices up to the thumb, the card's top first; a card
  // too tall for the screen scrolls just enough to show its choices
  const landing = useLocation().key;
  useEffect(() => {
    const card = document.getElementById("card");
    const choices = card?.querySelector(".choices");
    if (!card || !choices) return;
    if (choices.getBoundingClientRect().bottom <= window.innerHeight && card.getBoundingClientRect().top >= 0) return;
    card.scrollIntoView({ block: "start" });
    if (choices.getBoundingClientRect().bottom > window.innerHeight) choices.scrollIntoView({ block: "end" });
  }, [landing]);
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
  const textLanguage = d.translation ? (d.showOriginal ? d.translation.originalLanguage : d.translation.language) : undefined;
  const js = hydrated ? <input type="hidden" name="js" value="1" /> : null;
  const shown = d.showAll ? d.list : d.list.filter((i) => !i.voted);
  const status = d.status ? t(`ballot.${d.status}`) : "";
  return (
    <section aria-labelledby="vote-title" className="ballot">
      <h2 id="vote-title" className="sr-only">{t("vote.title")}</h2>
      <article className="card ballot-card" id="card" aria-labelledby="card-title" tabIndex={-1}>
        <div className="ballot-top">
          <p className="muted">{t("vote.cardOf", { n: d.position, total: d.total })} · {t("overview.version", { n: card.versionNumber })}</p>
          <progress max={d.total} value={d.voted} aria-label={t("vote.progressLabel")} />
        </div>
        <div className="ballot-status">
          <p className="progress" data-testid="vote-progress">{t("vote.progress", { voted: d.voted, total: d.total })}</p>
          <p role="status" aria-live="polite" data-testid="vote-status">{status}</p>
          {d.undo ? (
            <undo.Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="versionId" value={d.undo.versionId} />
              {js}
              <button type="submit" className="secondary small" disabled={busy} aria-label={t("ballot.undoLabel", { title: d.undo.title })}>{t("ballot.undo")}</button>
            </undo.Form>
          ) : null}
        </div>
        {d.why ? (
          <ReasonForm fetcher={why} versionId={d.why.versionId} next={card.versionId} current={d.why.reason} busy={busy} js={js}
            choice={t(`vote.choice.${d.why.choice}`)} title={d.why.title} error={errors.reason} />
        ) : null}
        {d.voted === d.total ? <p className="notice ok">{t("vote.allDone")}</p> : null}
        {d.translation ? (
          <TranslationNote {...d.translation} showingOriginal={d.showOriginal} ballot
            originalHref={`?v=${card.versionId}&original=1#card`} translationHref={`?v=${card.versionId}#card`} />
        ) : null}
        <div lang={textLanguage} dir={textLanguage ? languageDirection(textLanguage) : undefined}>
          <h3 id="card-title">{card.title}</h3>
          <BallotCardFacts {...card} />
        </div>
        <DelphiFeedback feedback={d.delphi} versionId={card.versionId} statement={d.originalStatement} />
        {/* One fresh form per version: nothing chosen on one card carries over to the next, and the
            browser has no field to restore on back/forward but the optional confidence. */}
        <vote.Form key={card.versionId} method="post" preventScrollReset className="ballot-form" autoComplete="off" aria-label={t("vote.formLabel", { title: card.title })}>
          <input type="hidden" name="versionId" value={card.versionId} />
          <input type="hidden" name="next" value={d.nextVersionId ?? ""} />
          {js}
          <details className="confidence-fold" open={card.myVote?.confidence ? true : undefined}>
            <summary>{t("vote.confidence")}</summary>
            <select
              name="confidence"
              aria-label={t("vote.confidence")}
              defaultValue={card.myVote?.confidence ? String(card.myVote.confidence) : ""}
              autoComplete="off"
              aria-invalid={errors.confidence ? true : undefined}
              aria-describedby={errors.confidence ? `confidence-err-${card.versionId}` : undefined}
            >
              <option value="">{t("vote.confidenceNone")}</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>{t(dynamicKey(`vote.confidenceLevel.${n}`))}</option>
              ))}
            </select>
            {errors.confidence ? <p id={`confidence-err-${card.versionId}`} className="field-error" role="alert">{errors.confidence.join(" ")}</p> : null}
          </details>
          {/* one tap: each choice is a submit button; the chosen one shows as pressed */}
          <div className="choices" role="group" aria-labelledby={`choices-${card.versionId}`} aria-describedby={`pass-hint-${card.versionId}`}>
            <p id={`choices-${card.versionId}`} className="sr-only">{card.myVote ? t("vote.changeYourVote") : t("vote.yourVote")}</p>
            {CHOICES.map((c) => (
              <button key={c} type="submit" name="choice" value={c} className={`choice choice-${c}`} disabled={busy} aria-pressed={card.myVote?.choice === c}>
                {t(`vote.choice.${c}`)}
              </button>
            ))}
          </div>
          {errors.choice ? <p className="field-error" role="alert">{t("vote.chooseOne")}</p> : null}
          <p className="hint" id={`pass-hint-${card.versionId}`}>{t("ballot.passMeans")}</p>
          {card.myVote ? <p className="muted" data-testid="current-vote">{t("vote.current", { choice: t(`vote.choice.${card.myVote.choice}`) })}</p> : null}
        </vote.Form>
        {card.myVote && card.myVote.choice !== "agree" && !d.why ? (
          <ReasonForm fetcher={why} versionId={card.versionId} next={card.versionId} current={card.myVote.reason} busy={busy} js={js}
            choice={t(`vote.choice.${card.myVote.choice}`)} title={card.title} error={errors.reason} />
        ) : null}
      </article>
      <nav className="pagination" aria-label={t("vote.cards")}>
        {d.prevVersionId ? <Link to={`?v=${d.prevVersionId}#card`}>{t("vote.previous")}</Link> : <span />}
        {d.skipVersionId ? <Link to={`?v=${d.skipVersionId}#card`}>{t("vote.skip")}</Link> : <span />}
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

/** "Why?" after a Disagree or a Pass: one tap on a reason saves it; the chosen one shows as pressed. */
function ReasonForm(props: {
  fetcher: ReturnType<typeof useFetcher>;
  versionId: string;
  next: string;
  current: string | null;
  choice: string;
  title: string;
  busy: boolean;
  js: React.ReactNode;
  error?: string[];
}) {
  const { t } = useTranslation();
  const Form = props.fetcher.Form;
  return (
    <Form method="post" preventScrollReset className="reasons" key={props.versionId}>
      <input type="hidden" name="intent" value="reason" />
      <input type="hidden" name="versionId" value={props.versionId} />
      <input type="hidden" name="next" value={props.next} />
      {props.js}
      <fieldset>
        {/* short on screen; the card it is about is named for screen readers */}
        <legend>{t("ballot.why", { choice: props.choice })}<span className="sr-only"> {t("ballot.whyOn", { title: props.title })}</span></legend>
        {DISAGREE_REASONS.map((r) => (
          <button key={r} type="submit" name="reason" value={r} className="chip" disabled={props.busy} aria-pressed={props.current === r}>
            {t(`ballot.reason.${r}`)}
          </button>
        ))}
      </fieldset>
      {props.error ? <p className="field-error" role="alert">{props.error.join(" ")}</p> : null}
    </Form>
  );
}
