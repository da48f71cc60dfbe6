import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { ParticipationMonitor } from "~/participation/participation-service.server";
import { MEASURES } from "~/participation/participation-math";
import { TableWrap } from "./table-wrap";
import { TurnoutChart } from "./charts/turnout-chart";

type Monitor = Omit<ParticipationMonitor, "groups" | "regions"> & { groups: Row[]; regions: Row[] };
type Row = Omit<ParticipationMonitor["groups"][number], "gapPeople"> & { gapPeople: number | null };

function CategoryTable({ id, caption, rows }: { id: string; caption: string; rows: Row[] }) {
  const { t } = useTranslation();
  const pct = useFormat().percent;
  return (
    <TableWrap labelledBy={id}>
      <table className="participation-table" data-testid={id}>
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("participation.columns.name")}</th>
            <th scope="col">{t("participation.columns.target")}</th>
            {MEASURES.map((m) => <th scope="col" key={m}>{t(`participation.columns.${m}`)}</th>)}
            <th scope="col">{t("participation.columns.turnout")}</th>
            <th scope="col">{t("participation.columns.gap")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-row={r.id} className={r.alert ? "under-target" : undefined}>
              <th scope="row">{r.name}</th>
              <td>{pct(r.targetShare)}</td>
              {MEASURES.map((m) => (
                <td key={m} data-measure={m}>{r.counts[m]} <span className="muted">{pct(r.shares[m])}</span></td>
              ))}
              <td>{pct(r.turnout)}</td>
              <td>{r.targetShare === null ? "—" : r.gapPeople === null ? t("participation.gapUnreachable") : r.gapPeople === 0 ? t("participation.gapNone") : t("participation.gapPeople", { count: r.gapPeople })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The participation monitor: alerts first, then totals, tables per group and region, the time series and who has not voted. */
type NonVoterGroup = NonNullable<ParticipationMonitor["nonVoters"]>[number];

/**
 * `remind`: the facilitator's "remind everyone" form; `remindGroup`: their "remind these people"
 * form of one group (absent for observers, and outside voting).
 */
export function ParticipationView({ m, time, remind, remindGroup }: { m: Monitor; time: (iso: string) => string; remind?: React.ReactNode; remindGroup?: (group: NonVoterGroup) => React.ReactNode }) {
  const { t } = useTranslation();
  const pct = useFormat().percent;
  const suppressed = m.k !== null && m.groups.length <= 1 && m.groups.every((g) => g.id === "none");
  const mergedCount = m.merged.groups + m.merged.regions;
  return (
    <>
      <section className="card" aria-labelledby="alerts-title" data-testid="participation-alerts">
        <h3 id="alerts-title">{t("participation.alertsTitle")}</h3>
        {m.alerts.length ? (
          <ul className="alerts">
            {m.alerts.map((a) => <li key={`${a.kind}-${a.id}`} className="notice warn" data-alert={a.id}>{a.sentence}</li>)}
          </ul>
        ) : (
          <p>{t("participation.noAlerts", { margin: m.marginPoints })}</p>
        )}
      </section>
      <div className="card">
        <p className="progress" data-testid="participation-totals">
          {t("participation.totals", { voters: m.totals.voters, members: m.totals.members, turnout: pct(m.totals.turnout), proposals: m.totals.proposals, comments: m.totals.comments, votes: m.totals.votes })}
        </p>
        <p className="muted">{t(m.basis === "voters" ? "participation.basisVoters" : "participation.basisMembers")}</p>
        {m.k !== null && mergedCount > 0 ? <p className="muted">{t("participation.mergedNote", { count: mergedCount, k: m.k })}</p> : null}
        {suppressed ? <p className="notice">{t("participation.suppressed")}</p> : <CategoryTable id="participation-groups" caption={t("participation.byGroup")} rows={m.groups} />}
        {m.regions.length > 0 && !(m.k !== null && m.regions.every((r) => r.id === "none")) ? <CategoryTable id="participation-regions" caption={t("participation.byRegion")} rows={m.regions} /> : null}
      </div>
      <section className="card" aria-labelledby="timeline-title">
        <h3 id="timeline-title">{t("participation.timelineTitle")}</h3>
        {m.timeline.length ? <TurnoutChart points={m.timeline} title={t("participation.timelineTitle")} time={time} /> : <p className="muted">{t("participation.timelineEmpty")}</p>}
      </section>
      {m.nonVoters ? (
        <section className="card" id="non-voters" aria-labelledby="nonvoters-title" data-testid="non-voters">
          <h3 id="nonvoters-title">{t("participation.nonVotersTitle")}</h3>
          {m.nonVoters.some((g) => g.people === null) && m.k === null ? <p className="muted">{t("participation.nonVotersAnonymous")}</p> : null}
          {m.nonVoters.map((g) => (
            <div key={g.groupId} className="non-voter-group" id={`non-voters-${g.groupId}`} data-group={g.groupId}>
              <h4>
                {g.name}: {t("participation.nonVotersCount", { count: g.count })}
              </h4>
              {g.count === 0 ? <p className="muted">{t("participation.everyoneVoted")}</p> : null}
              {remindGroup?.(g)}
              {g.people && g.people.length ? (
                <details>
                  <summary>{t("cockpit.remind.showNames")}</summary>
                  <ul className="non-voters">
                    {g.people.map((p) => <li key={p.membershipId} data-membership-id={p.membershipId}>{p.name}</li>)}
                  </ul>
                </details>
              ) : null}
            </div>
          ))}
          {remind}
        </section>
      ) : null}
    </>
  );
}
