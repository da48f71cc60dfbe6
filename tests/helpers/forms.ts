import type { DB } from "../../db/connection";

/** A complete, valid proposal form as the browser sends it. */
export function proposalForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: "No AI-run critical infrastructure without a human stop",
    statement: "AI systems must not operate critical infrastructure without a human able to stop them at any time.",
    rationale: "A human stop keeps failures recoverable and accountability clear.",
    category: "malfunctions.loss_of_control",
    indicator: "Share of control actions that a human can halt within one minute",
    thresholdValue: "100",
    thresholdUnit: "% of control actions",
    trigger: "Any deployment in which a control action cannot be halted by a human",
    response: "Suspend the deployment until a tested human stop is in place.",
    scope: "deployment",
    evidenceLinks: "https://idais.ai/",
    ...overrides,
  };
}

/** The settings form of a deliberation filled with its stored values (a no-op save). */
export async function currentSettingsForm(db: DB, deliberationId: string): Promise<Record<string, string | string[]>> {
  const d = await db.selectFrom("deliberations").selectAll().where("id", "=", deliberationId).executeTakeFirstOrThrow();
  const groups = await db.selectFrom("stakeholder_groups").selectAll().where("deliberation_id", "=", deliberationId).orderBy("position").execute();
  const regions = await db.selectFrom("regions").selectAll().where("deliberation_id", "=", deliberationId).orderBy("position").execute();
  return {
    title: d.title,
    question: d.question,
    description: d.description,
    attributionMode: d.attribution_mode,
    resultsVisibility: d.results_visibility,
    groupId: groups.map((g) => g.id),
    groupName: groups.map((g) => g.name),
    groupShare: groups.map((g) => String(Math.round(g.target_share * 1000) / 10)),
    regions: regions.map((r) => r.name).join("\n"),
  };
}
