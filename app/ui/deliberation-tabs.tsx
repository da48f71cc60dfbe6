import { NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type Role = "facilitator" | "participant" | "observer";

interface Tab {
  to: string;
  label: string;
  end?: boolean;
}

/** Up to this many tabs show as they are; beyond it the first SHOWN stay and the rest go behind "More". */
const ALL_FIT = 4;
const SHOWN = 3;

/**
 * A deliberation's tabs, most used first. A facilitator has eight: on a phone the first three stay
 * in one line and the rest fold into a "More" <details> (it opens without JavaScript); its summary
 * is marked as the current tab, and names the page to screen readers, when that is a folded one. Wider screens show every tab (where
 * the browser can style a <details>'s content; elsewhere it stays a fold), see styles.css.
 */
export function DeliberationTabs({ base, role, linkOnly, votes }: { base: string; role: Role; linkOnly: boolean; /** may vote here (a participant, or a facilitator who also votes) */ votes: boolean }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const tabs: Tab[] = [
    { to: base, label: t("layout.proposals"), end: true },
    ...(votes ? [{ to: `${base}/vote`, label: t("layout.vote") }] : []),
    { to: `${base}/results`, label: t("layout.results") },
    ...(role !== "participant" ? [{ to: `${base}/participation`, label: t("participation.tab") }] : []),
    ...(role === "facilitator"
      ? [
          { to: `${base}/members`, label: t("layout.members") },
          { to: `${base}/report`, label: t("layout.report") },
          { to: `${base}/settings`, label: t("layout.settings") },
        ]
      : []),
    ...(role !== "participant" ? [{ to: `${base}/log`, label: t("actionLog.tab") }] : []),
    ...(role === "facilitator" ? [{ to: `${base}/room`, label: t("room.tab") }] : []),
    ...(linkOnly ? [{ to: `${base}/access`, label: t("layout.access") }] : []),
  ];
  const shown = tabs.length <= ALL_FIT ? tabs : tabs.slice(0, SHOWN);
  const folded = tabs.slice(shown.length);
  const current = folded.find((tab) => pathname === tab.to || pathname.startsWith(`${tab.to}/`));
  const item = (tab: Tab) => (
    <li key={tab.to}>
      <NavLink to={tab.to} end={tab.end}>
        {tab.label}
      </NavLink>
    </li>
  );
  return (
    <ul className="tabs">
      {shown.map(item)}
      {folded.length > 0 ? (
        <li className="tabs-more">
          {/* a new page starts with the fold closed */}
          <details key={pathname}>
            <summary className={current ? "current" : undefined}>
              {t("cockpit.tabs.more")}
              {current ? <span className="sr-only"> {t("cockpit.tabs.currentIs", { label: current.label })}</span> : null}
            </summary>
            <ul className="tabs-more-list">{folded.map(item)}</ul>
          </details>
        </li>
      ) : null}
    </ul>
  );
}
