import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { currentSessionHash } from "~/auth/session.server";
import { getDiscussion, runDiscussionAction } from "~/collab/discussion-service.server";
import { liveDraftAccess } from "~/collab/draft-service.server";
import { requireMember } from "~/deliberation/access.server";
import { isAllowedInPhase } from "~/deliberation/phase-rules";
import { getProposalDetail, mergeProposal, withdrawProposal } from "~/deliberation/proposal-service.server";
import { LIMITS, StatusChangeSchema } from "~/deliberation/schemas";
import { readForm, refuseForm, validateForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { CompletenessHint } from "~/ui/completeness-hint";
import { Discussion } from "~/ui/discussion";
import { SelectField, TextField } from "~/ui/fields";
import { LiveDraft } from "~/ui/live-draft";
import { useRefusedForm } from "~/ui/use-refused-form";
import { VersionFacts } from "~/ui/version-facts";
import { isLanguage, languageDirection, SUPPORTED_LANGUAGES, type Language } from "~/i18n/languages";
import { currentLanguage } from "~/i18n/request-language.server";
import { getProposalTranslations } from "~/translation/translation-service.server";
import { TranslationNote, useTranslatorName } from "~/ui/translation-note";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const detail = await getProposalDetail(ctx, params.pid ?? "");
  const phase = ctx.round?.phase ?? null;
  const latest = detail.versions[detail.versions.length - 1]!;
  const canEditRole = ctx.membership.role === "facilitator" || (detail.mine && ctx.membership.role === "participant");
  // live-editing tokens are bound to this session: they stop working when it ends
  const sessionId = (await currentSessionHash(request)) ?? "";
  const discussion = await getDiscussion(ctx, detail, { sessionId, replyTo: new URL(request.url).searchParams.get("reply") });
  const search = new URL(request.url).searchParams;
  // the reader's language, or the one asked for with ?in= (read any translation); ?original=1 shows the original
  const asked = search.get("in");
  const reader = isLanguage(asked) ? asked : currentLanguage();
  return {
    translations: await getProposalTranslations(ctx, detail.id, reader),
    reader,
    showOriginal: search.get("original") === "1",
    id: ctx.deliberation.id,
    detail,
    discussion,
    draft: liveDraftAccess(ctx, detail, sessionId),
    isFacilitator: ctx.membership.role === "facilitator",
    canEdit: detail.status === "active" && canEditRole && isAllowedInPhase(latest.frozen ? "revise" : "edit_proposal", phase),
    canChangeStatus: ctx.membership.role === "facilitator" && detail.status === "active" && isAllowedInPhase("withdraw", phase),
  };
}

const STATUS_FORM = "status";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent !== "withdraw" && intent !== "merge") {
    // Discussion forms: JSON for a fetcher (js=1), a redirect back to the page without JavaScript.
    const ctx = await requireMember(context.app, request, params.id);
    const js = form.get("js") === "1";
    const result = await runDiscussionAction(ctx, params.pid ?? "", form, { inline: js });
    if (js) return result;
    return redirect(`/d/${ctx.deliberation.id}/proposals/${params.pid}?done=${result.intent}#comment-${result.commentId}`);
  }
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const change = validateForm(form, StatusChangeSchema, { form: STATUS_FORM });
  if (intent === "withdraw") {
    await withdrawProposal(ctx, params.pid ?? "", change.reason);
  } else {
    if (!change.mergeInto) refuseForm(form, { mergeInto: [t("validation.required")] }, { form: STATUS_FORM });
    await mergeProposal(ctx, params.pid ?? "", change.mergeInto, change.reason);
  }
  return redirect(`/d/${ctx.deliberation.id}/proposals/${params.pid}`);
}

export default function ProposalDetail() {
  const { t } = useTranslation();
  const { id, detail, discussion, draft, canEdit, canChangeStatus, translations, reader, showOriginal } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const errors = useRefusedForm(STATUS_FORM)?.errors ?? {};
  const original = detail.versions[detail.versions.length - 1]!;
  const translation = translations.forReader;
  // read in translation unless the original is asked for; category, scope and links are the original's
  const reading = translation && !showOriginal ? translation : null;
  const latest = reading ? { ...original, ...reading.text } : original;
  const textLanguage = reading ? reading.language : translations.originalLanguage;
  const here = `/d/${id}/proposals/${detail.id}`;
  const inParam = params.get("in") ? `in=${params.get("in")}&` : "";
  const older = detail.versions.slice(0, -1).reverse();
  return (
    <article aria-labelledby="proposal-title">
      {params.get("translated") ? <p className="notice ok" role="status">{t("versionTranslations.form.saved")}</p> : null}
      {params.get("saved") ? <p className="notice ok" role="status">{params.get("saved") === "revised" ? t("proposal.savedRevision") : params.get("saved") === "again" ? t("proposal.savedAlready") : t("proposal.saved")}</p> : null}
      <p><Link to={`/d/${id}`}>{t("proposal.back")}</Link></p>
      <h2 id="proposal-title" lang={textLanguage} dir={languageDirection(textLanguage)}>{latest.title}</h2>
      {translation ? (
        <TranslationNote language={translation.language} originalLanguage={translation.originalLanguage} translator={translation.translator} editor={translation.editor} showingOriginal={showOriginal}
          originalHref={`${here}?${inParam}original=1`} translationHref={`${here}${inParam ? `?${inParam.slice(0, -1)}` : ""}`} />
      ) : null}
      {translations.outdatedForReader !== null ? (
        <p className="notice warn" data-testid="translation-outdated">{t("versionTranslations.outdatedForYou", { language: t(`versionTranslations.languageNames.${reader}`), n: translations.outdatedForReader })}</p>
      ) : null}
      <p className="row muted">
        <span>{t("overview.version", { n: latest.versionNumber })} · {t("proposal.round", { n: latest.roundNumber })}{latest.frozen ? ` · ${t("overview.frozen")}` : ` · ${t("proposal.draft")}`}</span>
        {detail.author.name ? <span>{t("overview.by", { name: detail.author.name })}{detail.author.group ? ` (${detail.author.group})` : ""}</span> : null}
        {detail.status !== "active" ? <span className={`badge ${detail.status}`}>{t(`status.${detail.status}`)}</span> : null}
      </p>
      {detail.status === "merged" && detail.mergedInto ? (
        <p className="notice warn">{t("proposal.mergedInto")} <Link to={`/d/${id}/proposals/${detail.mergedInto.id}`}>{detail.mergedInto.title}</Link>{detail.statusReason ? ` — ${detail.statusReason}` : ""}</p>
      ) : null}
      {detail.status === "withdrawn" ? <p className="notice warn">{t("proposal.withdrawnNote")}{detail.statusReason ? ` — ${detail.statusReason}` : ""}</p> : null}
      <div className="card" lang={textLanguage} dir={languageDirection(textLanguage)}>
        <VersionFacts {...latest} />
      </div>
      {detail.status === "active" ? <CompletenessHint parts={latest} /> : null}
      {canEdit ? (
        <p><Link className="button" to={`/d/${id}/proposals/${detail.id}/edit`}>{latest.frozen ? t("proposal.revise") : t("proposal.edit")}</Link></p>
      ) : null}

      <Translations id={id} proposalId={detail.id} translations={translations} here={here} />

      <section aria-labelledby="history-title">
        <h3 id="history-title">{t("proposal.history")}</h3>
        {older.length === 0 ? (
          <p className="muted">{t("proposal.noHistory")}</p>
        ) : (
          older.map((v) => (
            <details key={v.id} className="card">
              <summary>
                {t("overview.version", { n: v.versionNumber })} · {t("proposal.round", { n: v.roundNumber })}
                {v.unchangedFrom ? ` · ${t("proposal.unchangedFrom", { n: v.unchangedFrom })}` : ""}
              </summary>
              <h4>{v.title}</h4>
              <VersionFacts {...v} />
            </details>
          ))
        )}
        {latest.unchangedFrom ? <p className="muted">{t("proposal.latestUnchanged", { n: latest.unchangedFrom })}</p> : null}
        <p><Link to={`/d/${id}/proposals/${detail.id}/history`}>{t("continuity.history.link")}</Link></p>
      </section>

      <LiveDraft key={`draft-${detail.id}`} deliberationId={id} proposalId={detail.id} token={draft.token} currentStatement={latest.statement} canEdit={draft.canEdit} canAdopt={draft.canAdopt} />

      <Discussion key={detail.id} deliberationId={id} proposalId={detail.id} {...discussion} />

      {canChangeStatus ? (
        <section aria-labelledby="manage-title" className="card">
          <h3 id="manage-title">{t("proposal.manage")}</h3>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <TextField name="reason" label={t("proposal.withdrawReason")} maxLength={LIMITS.reason} errors={errors.reason} />
            <button type="submit" className="danger">{t("proposal.withdraw")}</button>
          </Form>
          {detail.mergeTargets.length > 0 ? (
            <Form method="post" style={{ marginBlockStart: "1.5rem" }}>
              <input type="hidden" name="intent" value="merge" />
              <SelectField name="mergeInto" label={t("proposal.mergeInto")} placeholder={t("proposalForm.choose")} options={detail.mergeTargets.map((m) => ({ value: m.id, label: m.title }))} errors={errors.mergeInto} />
              <TextField name="reason" label={t("proposal.mergeReason")} maxLength={LIMITS.reason} />
              <button type="submit" className="secondary">{t("proposal.merge")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}

/** The translations of the latest version: each language up to date or outdated, a link to read it, and (for those who may write) to write or update one. */
function Translations({ id, proposalId, translations, here }: { id: string; proposalId: string; translations: ReturnType<typeof useLoaderData<typeof loader>>["translations"]; here: string }) {
  const { t } = useTranslation();
  const name = useTranslatorName();
  const languageName = (l: Language) => t(`versionTranslations.languageNames.${l}`);
  const translate = (l: Language) => `/d/${id}/proposals/${proposalId}/translate?into=${l}`;
  const written = new Set(translations.statuses.map((s) => s.language));
  const missing = translations.canWrite ? SUPPORTED_LANGUAGES.filter((l) => l !== translations.originalLanguage && !written.has(l)) : [];
  return (
    <section aria-labelledby="translations-title">
      <h3 id="translations-title">{t("versionTranslations.section")}</h3>
      <p className="muted">{t("versionTranslations.writtenIn", { language: languageName(translations.originalLanguage) })} {t("versionTranslations.sectionIntro")}</p>
      {translations.statuses.length === 0 ? <p className="muted">{t("versionTranslations.none")}</p> : (
        <ul className="translation-list">
          {translations.statuses.map((s) => (
            <li key={s.language} data-testid={`translation-${s.language}`}>
              <span>{s.current ? t("versionTranslations.current", { language: languageName(s.language) }) : t("versionTranslations.outdated", { language: languageName(s.language), n: s.versionNumber })}</span>
              <span className="muted">{s.editor ? t("versionTranslations.noteEdited", { language: languageName(translations.originalLanguage), who: name(s.translator), editor: name(s.editor) }) : t("versionTranslations.note", { language: languageName(translations.originalLanguage), who: name(s.translator) })}</span>
              {s.current ? <Link to={`${here}?in=${s.language}`}>{t("versionTranslations.read", { language: languageName(s.language) })}</Link> : null}
              {translations.canWrite ? <Link to={translate(s.language)}>{s.current ? t("versionTranslations.edit", { language: languageName(s.language) }) : t("versionTranslations.update", { language: languageName(s.language) })}</Link> : null}
            </li>
          ))}
        </ul>
      )}
      {missing.length > 0 ? (
        <p className="row">
          {missing.map((l) => <Link key={l} to={translate(l)}>{t("versionTranslations.write", { language: languageName(l) })}</Link>)}
        </p>
      ) : null}
      {!translations.canWrite ? <p className="muted">{t("versionTranslations.whenOpen")}</p> : null}
    </section>
  );
}
