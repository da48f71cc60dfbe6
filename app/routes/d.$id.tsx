import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { PhaseBanner } from "~/ui/phase-banner";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.deliberation.title} · Accord` : "Accord" }];

/** Layout for every page of a deliberation: membership checked here and again in each child. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  return {
    deliberation: { id: ctx.deliberation.id, title: ctx.deliberation.title, question: ctx.deliberation.question, attributionMode: ctx.deliberation.attributionMode },
    role: ctx.membership.role,
    // Only Chatham House shows others a pseudonym; in anonymous mode it must not leave the server at all.
    pseudonym: ctx.deliberation.attributionMode === "chatham_house" ? ctx.membership.pseudonym : null,
    round: ctx.round ? { number: ctx.round.number, phase: ctx.round.phase } : null,
    /** joined by link, no password: their return link lives on "My access" */
    linkOnly: !ctx.user.hasPassword,
  };
}

export default function DeliberationLayout() {
  const { t } = useTranslation();
  const { deliberation, role, pseudonym, round, linkOnly } = useLoaderData<typeof loader>();
  const base = `/d/${deliberation.id}`;
  return (
    <>
      <p className="muted">
        {t("layout.youAre", { role: t(`roles.${role}`), context: role })}
        {pseudonym && role !== "facilitator" ? ` · ${t("layout.shownAs", { pseudonym })}` : null}
        {" · "}
        {t(`attribution.${deliberation.attributionMode}`)}
      </p>
      <h1>{deliberation.title}</h1>
      <p className="lead">{deliberation.question}</p>
      <PhaseBanner round={round} role={role} />
      <nav aria-label={t("layout.sections")}>
        <ul className="tabs">
          <li><NavLink to={base} end>{t("layout.proposals")}</NavLink></li>
          {role === "participant" ? <li><NavLink to={`${base}/vote`}>{t("layout.vote")}</NavLink></li> : null}
          <li><NavLink to={`${base}/results`}>{t("layout.results")}</NavLink></li>
          {role === "facilitator" ? (
            <>
              <li><NavLink to={`${base}/members`}>{t("layout.members")}</NavLink></li>
              <li><NavLink to={`${base}/report`}>{t("layout.report")}</NavLink></li>
              <li><NavLink to={`${base}/settings`}>{t("layout.settings")}</NavLink></li>
            </>
          ) : null}
          {linkOnly ? <li><NavLink to={`${base}/access`}>{t("layout.access")}</NavLink></li> : null}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
