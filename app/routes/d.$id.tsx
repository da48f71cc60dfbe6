import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { describeError, ErrorSection } from "~/ui/error-page";
import { t as translate } from "~/i18n/i18n";
import { PhaseBanner } from "~/ui/phase-banner";
import { DeadlineNotice } from "~/ui/deadline-notice";
import { DeliberationTabs } from "~/ui/deliberation-tabs";
import { deadlineForPage } from "~/deliberation/deadline-service.server";

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  // a refused page names the error (and the deliberation, when its layout could be shown)
  if (error) return [{ title: [describeError(error, translate).title, data?.deliberation.title, "Accord"].filter(Boolean).join(" · ") }];
  return [{ title: data ? `${data.deliberation.title} · Accord` : "Accord" }];
};

/** Layout for every page of a deliberation: membership checked here and again in each child. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  return {
    deliberation: { id: ctx.deliberation.id, title: ctx.deliberation.title, question: ctx.deliberation.question, attributionMode: ctx.deliberation.attributionMode, archived: ctx.deliberation.archived },
    role: ctx.membership.role,
    /** may vote here: a participant, or a facilitator who also votes (voters.server.ts) */
    votes: ctx.membership.votes,
    // Only Chatham House shows others a pseudonym; in anonymous mode it must not leave the server at all.
    pseudonym: ctx.deliberation.attributionMode === "chatham_house" ? ctx.membership.pseudonym : null,
    round: ctx.round ? { number: ctx.round.number, phase: ctx.round.phase } : null,
    /** joined by link, no password: their return link lives on "My access" */
    linkOnly: !ctx.user.hasPassword,
    deadline: await deadlineForPage(ctx),
  };
}

type LayoutData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function DeliberationLayout() {
  return (
    <DeliberationFrame layout={useLoaderData<typeof loader>()}>
      <Outlet />
    </DeliberationFrame>
  );
}

/**
 * A refusal from one of the deliberation's pages (403, 404, 409) is shown inside its layout, with
 * its header and tabs and a way back to its overview. When the layout's own loader refused (not a
 * member, no such deliberation) there is no layout to show: the error alone, as the root shows it.
 */
export function ErrorBoundary() {
  const { t } = useTranslation();
  const error = useRouteError();
  const layout = useRouteLoaderData<typeof loader>("routes/d.$id");
  if (!layout) {
    return (
      <ErrorSection error={error}>
        <Link to="/">{t("errors.backHome")}</Link>
      </ErrorSection>
    );
  }
  return (
    <DeliberationFrame layout={layout}>
      <ErrorSection error={error} heading="h2">
        <Link to={`/d/${layout.deliberation.id}`}>{t("phoneLayout.backToDeliberation", { title: layout.deliberation.title })}</Link>
      </ErrorSection>
    </DeliberationFrame>
  );
}

/**
 * The deliberation's header and tabs. On a phone the header is one line (title and phase); the
 * question, the viewer's role and the phase banner fold into a <details> that opens without
 * JavaScript. On wider screens styles.css keeps that <details> open and hides its summary.
 */
function DeliberationFrame({ layout, children }: { layout: LayoutData; children: React.ReactNode }) {
  const { t } = useTranslation();
  const { deliberation, role, pseudonym, round, linkOnly, deadline } = layout;
  const base = `/d/${deliberation.id}`;
  return (
    <>
      <div className="deliberation-head">
        <h1>{deliberation.title}</h1>
        <span className="phase-chip">
          {round ? t("phoneLayout.phase", { number: round.number, phase: t(`phases.${round.phase}.name`) }) : t("phoneLayout.noRound")}
        </span>
      </div>
      {deadline ? <DeadlineNotice deadline={deadline} compact /> : null}
      <details className="deliberation-more">
        <summary>{t("phoneLayout.more")}</summary>
        <p className="muted">
          {t("layout.youAre", { role: t(`roles.${role}`), context: role })}
          {pseudonym && role !== "facilitator" ? ` · ${t("layout.shownAs", { pseudonym })}` : null}
          {" · "}
          {t(`attribution.${deliberation.attributionMode}`)}
        </p>
        <p className="lead" dir="auto">{deliberation.question}</p>
        <PhaseBanner round={round} role={role} deadline={deadline} />
      </details>
      {deliberation.archived ? <p className="notice" role="note">{t("lifecycle.archivedBanner")}</p> : null}
      <nav aria-label={t("layout.sections")}>
        <DeliberationTabs base={base} role={role} linkOnly={linkOnly} votes={layout.votes} />
      </nav>
      {children}
    </>
  );
}
