import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInviteToken, demoFacts, joinWithToken, loggedIn, setPhase } from "../helpers/demo";
import { startTestServer } from "../helpers/test-server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  await setPhase(server.db, facts.round2.id, "discussing");
});
afterAll(async () => server.stop());

describe("text posted through a form is stored normalised (NFC, no control, bidi-override or hidden characters)", () => {
  it("a comment with NUL, CRLF, a bidi override, a zero-width joiner and decomposed accents is stored clean", async () => {
    const facilitator = await loggedIn(server.url, "facilitator");
    const token = await createInviteToken(facilitator, facts.id, { stakeholderGroupId: facts.groups[0]!.id });
    // a single-line field: zero-width characters and controls removed too
    const participant = await joinWithToken(server.url, token, "Zo\u0065\u0308 \u200BNor\u2060mal\u0000izer\u202E", facts.groups[0]!.id);
    const user = await server.db.selectFrom("users").select("display_name").where("display_name", "like", "Zo%").executeTakeFirstOrThrow();
    expect(user.display_name).toBe("Zo\u00eb Normalizer");

    const pid = facts.proposals.find((p) => p.status === "active")!.id;
    const body = "Cafe\u0301 evidence\u0000 is weak.\r\nSee \u202Egnp.exe\u202C and \u2066this\u2069; team \u{1F468}\u200D\u{1F469}.";
    const res = await participant.post(`/d/${facts.id}/proposals/${pid}`, { intent: "comment", stance: "opposes", body });
    expect(res.status).toBe(302);
    const id = /#comment-([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
    const row = await server.db.selectFrom("comments").select("body").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.body).toBe("Caf\u00e9 evidence is weak.\nSee gnp.exe and this; team \u{1F468}\u200D\u{1F469}.");
  });
});
