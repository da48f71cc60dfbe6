import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { unreadCounts } from "~/collab/comment-service.server";
import { requireMember } from "~/deliberation/access.server";
import { isAllowedInPhase, nextPhase, PHASES, type Phase } from "~/deliberation/phase-rules";
import { listProposals } from "~/deliberation/proposal-service.server";
import { advancePhase, openRound } from "~/deliberation/round-service.server";
import { keepingInput, readForm, refuseForm, validateForm } from "~/forms/parse.server";
import { t, dynamicKey } from "~/i18n/i18n";
import { assertValid, refuse } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { Pagination, paginate } from "~/ui/pagination";
import { clearPhaseDeadline, setPhaseDeadline } from "~/deliberation/deadline-service.server";
import { timeZoneChoices } from "~/deliberation/deadline-time";
import { DEADLINE_FORM, DeadlineSchema } from "~/deliberation/schemas";
import { DeadlineForm } from "~/ui/deadline-form";
import { loadTurnout } from "~/participation/participation-service.server";
import { getContinuationOrigin } from "~/continuity/continuity-service.server";
import type { loader as layoutLoader } from "./d.$id";
import { languageDirection } from "~/i18n/languages";
import { currentLanguage } from "~/i18n/request-language.server";
import { currentTranslations } from "~/translation/translation-service.server";

const PAGE_SIZE = 20;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const all = await listProposals(ctx);
  const status = new URL(request.url).searchParams.get("show") === "all" ? "all" : "active";
  const shown = status === "all" ? all : all.filter((p) => p.status === "active");
  const page = paginate(shown, new URL(request.url).searchParams.get("page"), PAGE_SIZE);
  const unread = await unreadCounts(ctx);
  // each red line in the reader's language where a translation of its latest version is current
  const translations = await currentTranslations(ctx, page.items.map((p) => p.versionId), currentLanguage());
  return {
    id: ctx.deliberation.id,
    role: ctx.membership.role,
    phase: ctx.round?.phase ?? null,
    roundNumber: ctx.round?.number ?? null,
    canPropose: ctx.membership.role !== "observer" && isAllowedInPhase("propose", ctx.round?.phase ?? null),
    proposals: page.items.map((p) => {
      const tr = translations.get(p.versionId);
      return tr ? { ...p, title: tr.text.title, statement: tr.text.statement, translated: { language: tr.language, from: tr.originalLanguage } } : { ...p, translated: null };
    }),
    unread: Object.fromEntries(page.items.map((p) => [p.id, unread[p.id] ?? 0])),
    page: page.page,
    pages: page.pages,
    total: shown.length,
    hiddenCount: all.length - all.filter((p) => p.status === "active").length,
    show: status,
    hasMine: all.some((p) => p.mine),
    /** the time zones a facilitator may type the current phase's deadline in */
    deadlineZones: ctx.membership.role === "facilitator" && ctx.round && ctx.round.phase !== "closed" ? timeZoneChoices() : null,
    /** the round control says "close the round when turnout is sufficient": it shows the turnout */
    turnout: ctx.membership.role === "facilitator" && ctx.round?.phase === "voting" ? await loadTurnout(ctx) : null,
    /** a closed round exists: a facilitator may continue from it in a new deliberation */
    canContinue: ctx.membership.role === "facilitator" && ctx.round !== null && (ctx.round.phase === "closed" || ctx.round.number > 1),
    continuedFrom: await getContinuationOrigin(ctx),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "open-round") {
    const n = await openRound(ctx);
    return redirect(`/d/${ctx.deliberation.id}?opened=${n}`);
  }
  if (intent === "advance") {
    const from = String(form.get("from") ?? "");
    assertValid(isPhase(from), "errors.badPhase");
    if (form.get("confirm") !== "yes") refuseForm(form, { confirm: [t("overview.confirmRequired")] });
    const to = await advancePhase(ctx, from);
    return redirect(`/d/${ctx.deliberation.id}?phase=${to}`);
  }
  if (intent === "set-deadline") {
    const input = validateForm(form, DeadlineSchema, { form: DEADLINE_FORM });
    await keepingInput(form, () => setPhaseDeadline(ctx, input));
    return redirect(`/d/${ctx.deliberation.id}?deadline=set#deadline`);
  }
  if (intent === "clear-deadline") {
    await clearPhaseDeadline(ctx);
    return redirect(`/d/${ctx.deliberation.id}?deadline=cleared#deadline`);
  }
  return refuse(400, "errors.unknownIntent");
}

function isPhase(value: string): value is Phase {
  return (PHASES as readonly string[]).includes(value);
}

export default function Overview() {
  const { t } = useTranslation();
  const f = useFormat();
  const d = useLoaderData<typeof loader>();
  const confirmError = useRefusedForm()?.errors.confirm?.[0];
  const deadlineRefused = useRefusedForm(DEADLINE_FORM);
  const deadline = useRouteLoaderData<typeof layoutLoader>("routes/d.$id")?.deadline ?? null;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const next = d.phase ? nextPhase(d.phase) : null;
  return (
    <>
      {params.get("continued") === "1" ? <p className="notice ok" role="status">{t("continuity.created")}</p> : null}
      {d.continuedFrom ? <p className="muted" data-testid="continued-from">{t("continuity.carriedBanner", { title: d.continuedFrom.title, round: d.continuedFrom.round })}</p> : null}
      {d.role === "facilitator" ? (
        <section className="card" aria-labelledby="control-title">
          <h2 id="control-title">{t("overview.control")}</h2>
          {d.phase === null || d.phase === "closed" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="open-round" />
              <p>{d.roundNumber ? t("overview.roundClosed", { number: d.roundNumber }) : t("overview.noRoundYet")}</p>
              <button type="submit" disabled={busy}>{t("overview.openRound", { number: (d.roundNumber ?? 0) + 1 })}</button>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="advance" />
              <input type="hidden" name="from" value={d.phase} />
              <p>{t(dynamicKey(`overview.next.${next}`))}</p>
              {d.turnout ? (
                <p data-testid="overview-turnout">
                  {t("overview.turnout", { voters: d.turnout.voters, members: d.turnout.members, percent: f.number(d.turnout.members ? Math.round((100 * d.turnout.voters) / d.turnout.members) : 0) })}{" "}
                  <Link to={`/d/${d.id}/participation`}>{t("overview.turnoutLink")}</Link>
                </p>
              ) : null}
              <div className="field">
                <label className="check">
                  <input type="checkbox" name="confirm" value="yes" aria-describedby={confirmError ? "confirm-err" : undefined} />
                  <span>{t("overview.confirm", { phase: t(dynamicKey(`phases.${next}.name`)) })}</span>
                </label>
                {confirmError ? <p id="confirm-err" className="field-error" role="alert">{confirmError}</p> : null}
              </div>
              <button type="submit" disabled={busy}>{t("overview.advance", { phase: t(dynamicKey(`phases.${next}.name`)) })}</button>
            </Form>
          )}
          {d.canContinue ? (
            <p>
              <Link to={`/d/${d.id}/continue`}>{t("continuity.link")}</Link> <span className="muted">{t("continuity.linkHint")}</span>
            </p>
          ) : null}
          {d.phase && d.phase !== "closed" && d.deadlineZones ? <DeadlineForm phase={d.phase} next={next} deadline={deadline} zones={d.deadlineZones} refused={deadlineRefused} saved={params.get("deadline")} /> : null}
        </section>
      ) : null}

      <section aria-labelledby="proposals-title">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2 id="proposals-title">{t("overview.proposals", { count: d.total })}</h2>
          {d.canPropose ? <Link className="button" to={`/d/${d.id}/proposals/new`}>{t("overview.propose")}</Link> : null}
        </div>
        {d.hiddenCount > 0 ? (
          <p>
            {d.show === "all" ? <Link to={`/d/${d.id}`}>{t("overview.showActive")}</Link> : <Link to={`/d/${d.id}?show=all`}>{t("overview.showAll", { count: d.hiddenCount })}</Link>}
          </p>
        ) : null}
        {d.hasMine ? <p><Link to={`/d/${d.id}/mine`}>{t("resultsPlain.myProposalsLink")}</Link></p> : null}
        {d.proposals.length === 0 ? (
          <p className="card">{d.canPropose ? t("overview.emptyCanPropose") : t("overview.empty")}</p>
        ) : (
          <ul className="proposal-list">
            {d.proposals.map((p) => (
              <li key={p.id} className="card">
                <div lang={p.translated?.language} dir={p.translated ? languageDirection(p.translated.language) : undefined}>
                  <h3><Link to={`/d/${d.id}/proposals/${p.id}`}>{p.title}</Link></h3>
                  <p>{p.statement}</p>
                </div>
                {p.translated ? <p className="translation-note">{t("versionTranslations.listNote", { language: t(`versionTranslations.languageNames.${p.translated.from}`) })}</p> : null}
                <p className="row muted">
                  {p.categoryLabel ? <span className="badge">{p.categoryLabel}</span> : null}
                  {p.scope ? <span className="badge">{t(dynamicKey(`scopes.${p.scope}`))}</span> : null}
                  <span>{t("overview.version", { n: p.versionNumber })}{p.frozen ? ` · ${t("overview.frozen")}` : ""}</span>
                  {p.status !== "active" ? <span className={`badge ${p.status}`}>{t(`status.${p.status}`)}</span> : null}
                  {p.author.name ? <span>{t("overview.by", { name: p.author.name })}{p.author.group ? ` (${p.author.group})` : ""}</span> : null}
                  {p.mine ? <span className="badge">{t("overview.yours")}</span> : null}
                  {d.unread[p.id] ? <Link to={`/d/${d.id}/proposals/${p.id}#discussion`} className="badge new">{t("discussion.unreadBadge", { count: d.unread[p.id] })}</Link> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={d.page} pages={d.pages} />
      </section>
    </>
  );
}
