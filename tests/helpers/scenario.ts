import { isRefusal } from "../../app/refusal";
import { insertUser } from "../../app/auth/user-repository.server";
import type { AppContext } from "../../app/context/app-context.server";
import type { MemberContext } from "../../app/deliberation/access.server";
import { createDeliberation } from "../../app/deliberation/deliberation-service.server";
import { acceptInvite, createInvite } from "../../app/deliberation/invite-service.server";
import type { DeliberationInput, ProposalInput } from "../../app/deliberation/schemas";
import { memberContext } from "./context";

/**
 * Building blocks for tests that drive the services directly in an application context (of
 * createTestDb or of a running test server): people, deliberations, invites, proposals.
 */

export function deliberationInput(overrides: Partial<DeliberationInput> = {}): DeliberationInput {
  return {
    title: "Test deliberation",
    question: "Which red lines should govern frontier AI?",
    description: "",
    attributionMode: "chatham_house",
    resultsVisibility: "after_close",
    groups: [
      { id: null, name: "Government", targetShare: 0.5 },
      { id: null, name: "Citizens", targetShare: 0.5 },
    ],
    regions: ["Europe", "Africa"],
    ...overrides,
  };
}

export function proposalInput(overrides: Partial<ProposalInput> = {}): ProposalInput {
  return {
    title: "No autonomous self-replication",
    statement: "AI systems must not copy themselves without explicit human approval.",
    rationale: "Self-replication removes the ability to switch a system off.",
    category: "malfunctions.self_replication",
    indicator: "Success rate on a self-replication evaluation",
    thresholdValue: "20",
    thresholdUnit: "% of tasks",
    trigger: "The threshold is crossed in a pre-deployment evaluation",
    response: "Halt deployment and notify the network within 72 hours.",
    scope: "development",
    evidenceLinks: ["https://idais.ai/"],
    ...overrides,
  };
}

export async function makeUser(app: AppContext, displayName: string, email: string | null = null): Promise<string> {
  return insertUser(app.db, { email, passwordHash: null, displayName });
}

export interface TestDeliberation {
  app: AppContext;
  id: string;
  facilitatorId: string;
  groupIds: string[];
  /** A fresh MemberContext (reads the current round and phase from the database). */
  ctx: (userId: string) => Promise<MemberContext>;
  /** Join through a real invite; returns the new user's id. */
  join: (displayName: string, options?: { role?: "participant" | "observer"; group?: number }) => Promise<string>;
}

export async function makeDeliberation(app: AppContext, title: string, overrides: Partial<DeliberationInput> = {}): Promise<TestDeliberation> {
  const facilitatorId = await makeUser(app, `${title} facilitator`, `${title.toLowerCase().replace(/\W+/g, "-")}-${Math.random().toString(36).slice(2)}@example.org`);
  const id = await createDeliberation(app.db, facilitatorId, deliberationInput({ title, ...overrides }));
  const ctx = (userId: string) => memberContext(app, id, userId);
  const groupIds = (await ctx(facilitatorId)).deliberation.groups.map((g) => g.id);
  const join = async (displayName: string, options: { role?: "participant" | "observer"; group?: number } = {}) => {
    const role = options.role ?? "participant";
    const invite = await createInvite(await ctx(facilitatorId), { role, stakeholderGroupId: "", regionId: "", label: "", maxUses: 1, expiresInDays: 7 });
    if (!("token" in invite)) throw new Error("invite refused");
    const result = await acceptInvite(app, invite.token, null, {
      displayName,
      stakeholderGroupId: role === "participant" ? groupIds[options.group ?? 0]! : "",
      regionId: "",
    });
    return result.userId;
  };
  return { app, id, facilitatorId, groupIds, ctx, join };
}

/** The status and message of an expected failure thrown by a service (a Refusal). */
export async function failure(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (e) {
    if (isRefusal(e)) return { status: e.status, message: e.message };
    throw e;
  }
  throw new Error("expected the call to be refused, but it succeeded");
}
