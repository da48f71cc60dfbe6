import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { STANCES, type Stance } from "~/collab/document-names";
import { TableWrap } from "~/ui/table-wrap";

export interface DebatedRow {
  proposalId: string;
  title: string;
  total: number;
  stances: Record<Stance, number>;
}

/** Proposals by number of comments, with the count of each stance. Counts only, never authors. */
export function MostDebated({ deliberationId, rows }: { deliberationId: string; rows: DebatedRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="debated-title" data-testid="most-debated">
      <h2 id="debated-title">{t("discussion.mostDebated.title")}</h2>
      <p className="muted" id="debated-intro">{t("discussion.mostDebated.intro")}</p>
      <TableWrap className="card" labelledBy="debated-title">
        <table aria-describedby="debated-intro">
          <thead>
            <tr>
              <th scope="col">{t("discussion.mostDebated.proposal")}</th>
              <th scope="col">{t("discussion.mostDebated.total")}</th>
              {STANCES.map((s) => (
                <th key={s} scope="col">{t(`discussion.stance.${s}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.proposalId}>
                <th scope="row"><Link to={`/d/${deliberationId}/proposals/${r.proposalId}#discussion`}>{r.title}</Link></th>
                <td>{r.total}</td>
                {STANCES.map((s) => (
                  <td key={s}>{r.stances[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
