/**
 * Who may vote and who counts as a voter: one rule, in one place (docs/decisions/048). A live
 * participant votes; a live facilitator votes only when they declared that they also vote (with a
 * stakeholder group), and is then counted in their group and region like any participant.
 * Observers never vote. Every guard, count, list and snapshot of voters goes through this file.
 */
import { sql, type Expression, type SqlBool } from "kysely";

type Role = "facilitator" | "participant" | "observer";

/** Whether a (live) membership may vote. */
export function countsAsVoter(membership: { role: Role; alsoVotes: boolean }): boolean {
  return membership.role === "participant" || (membership.role === "facilitator" && membership.alsoVotes);
}

/**
 * The same rule as a SQL condition on the memberships table (or its `alias`), live memberships
 * only: `.where(liveVoter("m"))`. Plain SQL that SQLite and PostgreSQL read alike.
 */
export function liveVoter(alias?: string): Expression<SqlBool> {
  const col = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  return sql<SqlBool>`(${col("removed_at")} is null and (${col("role")} = 'participant' or (${col("role")} = 'facilitator' and ${col("also_votes")} = 1)))`;
}
