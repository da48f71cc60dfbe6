import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../app/i18n/i18n";
import { createInviteToken, joinWithToken } from "../helpers/demo";
import { currentSettingsForm } from "../helpers/forms";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * Decision 026: a service throws one typed Refusal, and the one adapter answers it by where it
 * surfaced — a page loader (the error boundary, with status and sentence), a form action with field
 * errors (400, the messages, what the user typed), a resource route (plain text with the status).
 * The refusals here come from services (live-counts, deliberation-service, round-service), through
 * routes that neither catch nor translate them.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facilitator: Client;
let id: string;

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

beforeAll(async () => {
  server = await startTestServer();
  facilitator = new Client(server.url);
  await facilitator.signUp("Rita Refusal", "rita-refusal@example.org", "correct horse battery staple");
  const res = await facilitator.post("/deliberations/new", {
    title: "Refusals",
    question: "Which red lines should govern frontier AI systems?",
    description: "",
    attributionMode: "chatham_house",
    resultsVisibility: "after_close",
    groupId: ["", ""],
    groupName: ["Government", "Citizens"],
    groupShare: ["50", "50"],
    regions: "",
  });
  id = /^\/d\/([^/]+)\/members/.exec(res.headers.get("location") ?? "")![1]!;
  const group = await server.db.selectFrom("stakeholder_groups").select("id").where("deliberation_id", "=", id).orderBy("position").executeTakeFirstOrThrow();
  const token = await createInviteToken(facilitator, id, { role: "participant", stakeholderGroupId: group.id });
  await joinWithToken(server.url, token, "Pat Participant", group.id);
});
afterAll(async () => server.stop());

describe("a Refusal from a service comes out of every kind of route as the right status and sentence", () => {
  const noRound7 = () => t("errors.roundNotFound", { number: 7 });

  it("a page loader: the shared error boundary shows the sentence with the status", async () => {
    const res = await facilitator.get(`/d/${id}/results?round=7`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`<p role="alert">${escapeHtml(noRound7())}</p>`);
    expect(html).not.toContain("Unexpected Server Error");
  });

  it("a resource route: plain text with the status, nothing else", async () => {
    const res = await facilitator.get(`/d/${id}/export?file=votes.csv&round=7`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await res.text()).toBe(noRound7());
  });

  it("a form action with field errors: 400, the field's sentence, and the form keeps what the user typed", async () => {
    const form = await currentSettingsForm(server.db, id);
    const typed = "Refusals, renamed but not saved";
    const res = await facilitator.post(`/d/${id}/settings`, { ...form, title: typed, attributionMode: "named" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(escapeHtml(t("errors.attributionWeaker", { from: t("attributionName.chatham_house"), to: t("attributionName.named") })));
    expect(html).toContain(escapeHtml(t("validation.fixBelow")));
    expect(html).toContain(`value="${escapeHtml(typed)}"`);
    expect((await server.db.selectFrom("deliberations").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe("Refusals");
  });

  it("a form action refused without fields (the state moved on): the error boundary with 409 and the sentence", async () => {
    const res = await facilitator.post(`/d/${id}?index`, { intent: "advance", from: "voting", confirm: "yes" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(`<p role="alert">${escapeHtml(t("errors.noRound"))}</p>`);
  });

  it("a form action whose form fails its schema: 400 with every field's message and the input kept", async () => {
    const res = await facilitator.post(`/d/${id}/members`, { intent: "create-invite", role: "participant", stakeholderGroupId: "", regionId: "", label: "Kept label", maxUses: "zero", expiresInDays: "14" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Kept label"');
    expect(html).toContain('value="zero"');
  });
});
