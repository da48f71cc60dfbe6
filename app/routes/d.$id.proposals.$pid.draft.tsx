import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { adoptDraft, getDraftView, resetDraft } from "~/collab/draft-service.server";
import { requireMember } from "~/deliberation/access.server";
import { readForm } from "~/forms/parse.server";
import { refuseUnless } from "~/refusal";
import { DraftDiff } from "~/ui/draft-diff";
import { useRefusedForm } from "~/ui/use-refused-form";

/**
 * The amendment draft of one proposal. The live editor is on the proposal page (<LiveDraft>);
 * this page shows the server's copy without JavaScript, and its action adopts the draft as the
 * proposal's statement (author or facilitator, discussing phase, active proposal) or, after a
 * confirmation (?confirm=reset), resets it to the current statement (facilitator only).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const view = await getDraftView(ctx, params.pid ?? "");
  return { id: ctx.deliberation.id, ...view };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "reset") {
    await resetDraft(ctx, params.pid ?? "", form.get("confirm") === "yes");
    return redirect(`/d/${ctx.deliberation.id}/proposals/${params.pid}/draft?reset=1`);
  }
  refuseUnless(intent === "adopt", 400, "errors.unknownIntent");
  const expected = form.get("expected");
  const result = await adoptDraft(ctx, params.pid ?? "", typeof expected === "string" ? expected.slice(0, 10_000) : null);
  return redirect(`/d/${ctx.deliberation.id}/proposals/${params.pid}?saved=${result.revised ? "revised" : "1"}`);
}

export default function DraftPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const refused = useRefusedForm("adopt");
  const busy = useNavigation().state === "submitting";
  const [search] = useSearchParams();
  const draft = d.draft ?? d.currentStatement;
  const page = `/d/${d.id}/proposals/${d.proposalId}/draft`;
  return (
    <section aria-labelledby="draft-title">
      <p><Link to={`/d/${d.id}/proposals/${d.proposalId}`}>{t("draft.back")}</Link></p>
      <h2 id="draft-title">{t("draft.pageTitle", { title: d.title })}</h2>
      {refused ? <p className="notice error" role="alert">{refused.message}</p> : null}
      {search.get("reset") === "1" ? <p className="notice" role="status">{t("draft.resetDone")}</p> : null}
      <div className="card">
        <h3>{t("draft.current")}</h3>
        <blockquote className="live-draft-text">{d.currentStatement}</blockquote>
        <h3>{t("draft.pageDraft")}</h3>
        {d.draft === null ? <p className="muted">{t("draft.notOpened")}</p> : <blockquote className="live-draft-text">{draft}</blockquote>}
        <h3>{t("draft.changes")}</h3>
        <DraftDiff before={d.currentStatement} after={draft} />
      </div>
      {d.canAdopt ? (
        <Form method="post">
          <input type="hidden" name="intent" value="adopt" />
          <input type="hidden" name="expected" value={draft} />
          <button type="submit" disabled={busy}>{busy ? t("draft.adopting") : t("draft.adopt")}</button>
          <p className="hint">{t("draft.adoptHint")}</p>
        </Form>
      ) : null}
      {d.canReset && search.get("confirm") === "reset" ? (
        <section className="notice warn" aria-labelledby="reset-title">
          <h3 id="reset-title">{t("draft.resetConfirmTitle")}</h3>
          <p>{t("draft.resetConfirm", { version: d.versionNumber })}</p>
          <div className="row">
            <Form method="post">
              <input type="hidden" name="intent" value="reset" />
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit" className="danger" disabled={busy}>{t("draft.resetSubmit")}</button>
            </Form>
            <Link to={page} className="button secondary">{t("draft.resetCancel")}</Link>
          </div>
        </section>
      ) : d.canReset ? (
        <p><Link to={`${page}?confirm=reset`}>{t("draft.reset")}</Link></p>
      ) : null}
    </section>
  );
}
