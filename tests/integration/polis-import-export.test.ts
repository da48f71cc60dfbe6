import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import type { DB } from "../../db/connection";
import type { RoundConsensus } from "../../app/results/round-results.server";
import { exportRoundFiles } from "../../app/interop/polis-export.server";
import { parsePolisExport } from "../../app/interop/polis-format";
import { importPolisExport } from "../../app/interop/polis-import.server";
import { createTestDb } from "../helpers/test-db";
import { makeUser } from "../helpers/scenario";

/**
 * Import a real Polis export into a fresh database, let the background recomputation run, export
 * the round in the Polis format again and compare vote counts with the original export.
 */
const FIXTURES = "tests/fixtures/polis";

/** Our own CSV reading (quoted fields may hold commas, quotes and newlines). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), (field = ""));
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) rows.push([...row, field]);
  return rows;
}

const column = (rows: string[][], name: string) => {
  const i = rows[0]!.indexOf(name);
  if (i < 0) throw new Error(`no ${name} column`);
  return i;
};

type Counts = { agree: number; disagree: number; pass: number };

/** Per comment id: agree / disagree / pass in participants-votes.csv (empty cells are not votes). */
function countsFromParticipantsVotes(text: string, commentIds: string[]): Map<string, Counts> {
  const pv = readCsv(text);
  const out = new Map<string, Counts>();
  for (const id of commentIds) {
    const col = pv[0]!.indexOf(id);
    const c = { agree: 0, disagree: 0, pass: 0 };
    if (col >= 0) {
      for (const r of pv.slice(1)) {
        const cell = (r[col] ?? "").trim();
        if (cell === "1") c.agree++;
        else if (cell === "-1") c.disagree++;
        else if (cell === "0") c.pass++;
      }
    }
    out.set(id, c);
  }
  return out;
}

/** The latest vote per (voter, comment) in votes.csv, by timestamp, file order breaking ties. */
function latestVotes(text: string): Map<string, string> {
  const rows = readCsv(text);
  const [ts, cid, vid, vote] = ["timestamp", "comment-id", "voter-id", "vote"].map((n) => column(rows, n));
  const sorted = rows
    .slice(1)
    .map((r, n) => ({ r, n }))
    .sort((a, b) => Number(a.r[ts!]) - Number(b.r[ts!]) || a.n - b.n);
  const latest = new Map<string, string>();
  for (const { r } of sorted) latest.set(`${r[vid!]!.trim()}|${r[cid!]!.trim()}`, r[vote!]!.trim());
  return latest;
}

let db: DB;

let app: AppContext;
let cleanup: () => Promise<void>;
let facilitatorId: string;

beforeAll(async () => {
  ({ db, app, cleanup } = await createTestDb());
  facilitatorId = await makeUser(app, "Quintessa Importwell", "quintessa.importwell@example.org");
});
afterAll(async () => cleanup());

describe.each(["15-per-hour-seattle", "london.youth.policing"])("Polis import and export: %s", (name) => {
  const dir = path.join(FIXTURES, name);
  const files = {
    comments: readFileSync(path.join(dir, "comments.csv"), "utf8"),
    votes: readFileSync(path.join(dir, "votes.csv"), "utf8"),
    participantsVotes: readFileSync(path.join(dir, "participants-votes.csv"), "utf8"),
  };
  const commentIds = (() => {
    const rows = readCsv(files.comments);
    const i = column(rows, "comment-id");
    return rows.slice(1).map((r) => r[i]!.trim());
  })();
  const latest = latestVotes(files.votes);
  const original = countsFromParticipantsVotes(files.participantsVotes, commentIds);

  let imported: Awaited<ReturnType<typeof importPolisExport>>;
  let roundId: string;

  beforeAll(async () => {
    imported = await importPolisExport(app, facilitatorId, parsePolisExport(files), `Imported ${name}`);
    roundId = (await db.selectFrom("rounds").select("id").where("deliberation_id", "=", imported.deliberationId).executeTakeFirstOrThrow()).id;
  });

  it("stores one vote per voter and comment: the latest one", async () => {
    // sanity of our own reading: the export has repeat rows or not, but never fewer rows than pairs
    const rowCount = readCsv(files.votes).length - 1;
    expect(rowCount).toBeGreaterThanOrEqual(latest.size);
    expect(imported.votes).toBe(latest.size);
    const voters = new Set([...latest.keys()].map((k) => k.split("|")[0]));
    expect(imported.participants).toBe(voters.size);
    expect(imported.statements).toBe(commentIds.length);

    const n = await db.selectFrom("votes").select((eb) => eb.fn.countAll<number>().as("n")).where("round_id", "=", roundId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(latest.size);
    const members = await db
      .selectFrom("memberships")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("deliberation_id", "=", imported.deliberationId)
      .where("role", "=", "participant")
      .executeTakeFirstOrThrow();
    expect(Number(members.n)).toBe(voters.size);
  });

  it("stores per comment the agree / disagree / pass counts of participants-votes.csv", async () => {
    // proposals keep the export's order (created_at), so the i-th version is the i-th comment
    const rows = await db
      .selectFrom("proposal_versions as v")
      .innerJoin("proposals as p", "p.id", "v.proposal_id")
      .leftJoin("votes", "votes.version_id", "v.id")
      .select(["v.id", "p.created_at", "votes.choice"])
      .where("p.deliberation_id", "=", imported.deliberationId)
      .orderBy("p.created_at")
      .execute();
    const order: string[] = [];
    const counts = new Map<string, Counts>();
    for (const r of rows) {
      if (!counts.has(r.id)) (order.push(r.id), counts.set(r.id, { agree: 0, disagree: 0, pass: 0 }));
      if (r.choice) counts.get(r.id)![r.choice]++;
    }
    expect(order).toHaveLength(commentIds.length);
    commentIds.forEach((id, i) => expect({ id, ...counts.get(order[i]!)! }).toEqual({ id, ...original.get(id)! }));
    // and the changed votes really are the later ones: compare with our own latest-vote reading
    const total = { agree: 0, disagree: 0, pass: 0 };
    for (const v of latest.values()) total[v === "1" ? "agree" : v === "-1" ? "disagree" : "pass"]++;
    const sum = [...counts.values()].reduce((a, c) => ({ agree: a.agree + c.agree, disagree: a.disagree + c.disagree, pass: a.pass + c.pass }), { agree: 0, disagree: 0, pass: 0 });
    expect(sum).toEqual(total);
  });

  it("computes the round's consensus in the background (round_results after the scheduler is flushed)", async () => {
    await app.scheduler.flush();
    const row = await db.selectFrom("round_results").selectAll().where("round_id", "=", roundId).executeTakeFirst();
    expect(row).toBeDefined();
    const payload = JSON.parse(row!.payload) as RoundConsensus;
    expect(payload.roundId).toBe(roundId);
    expect(payload.statements).toHaveLength(commentIds.length);
    expect(payload.voters).toBe(imported.participants);
    expect(payload.opinion.k).toBeGreaterThanOrEqual(2);
    // no declared groups in a Polis import: the codification compares opinion groups
    for (const s of payload.statements) expect(s.comparedBy).toBe("opinion_groups");
  });

  it("exports the round in the Polis format with the original per-comment counts", async () => {
    const exported = await exportRoundFiles(app.db, imported.deliberationId, roundId);
    const reparsed = parsePolisExport({ comments: exported["comments.csv"], votes: exported["votes.csv"], participantsVotes: exported["participants-votes.csv"] });
    expect(reparsed.comments).toHaveLength(commentIds.length);
    // exported comments are numbered 0, 1, … in ballot order = the original export's order
    expect(reparsed.comments.map((c) => c.id)).toEqual(commentIds.map((_, i) => String(i)));
    const fromVotes = new Map<string, Counts>(reparsed.comments.map((c) => [c.id, { agree: 0, disagree: 0, pass: 0 }]));
    for (const v of reparsed.votes) fromVotes.get(v.commentId)![v.vote === 1 ? "agree" : v.vote === -1 ? "disagree" : "pass"]++;
    commentIds.forEach((id, i) => expect({ id, ...fromVotes.get(String(i))! }).toEqual({ id, ...original.get(id)! }));

    // the exported participants-votes.csv agrees with the exported votes.csv
    const pvCounts = countsFromParticipantsVotes(exported["participants-votes.csv"], commentIds.map((_, i) => String(i)));
    commentIds.forEach((id, i) => expect(pvCounts.get(String(i))).toEqual(original.get(id)));
    // and the exported comments.csv totals agree too
    const ec = readCsv(exported["comments.csv"]);
    const [ag, dg] = [column(ec, "agrees"), column(ec, "disagrees")];
    commentIds.forEach((id, i) => expect([Number(ec[i + 1]![ag]), Number(ec[i + 1]![dg])]).toEqual([original.get(id)!.agree, original.get(id)!.disagree]));
    // every exported participant with a group has enough votes to be placed (≥ 7 here)
    const pv = readCsv(exported["participants-votes.csv"]);
    const [gi, nv] = [column(pv, "group-id"), column(pv, "n-votes")];
    const grouped = pv.slice(1).filter((r) => r[gi] !== "");
    expect(grouped.length).toBeGreaterThan(0);
    for (const r of grouped) expect(Number(r[nv])).toBeGreaterThanOrEqual(Math.min(7, commentIds.length));
  });

  it("exports nothing that identifies a person: no display names, user or membership ids", async () => {
    const exported = await exportRoundFiles(app.db, imported.deliberationId, roundId);
    const text = Object.values(exported).join("\n");
    const users = await db.selectFrom("users").select(["id", "display_name"]).execute();
    const memberships = await db.selectFrom("memberships").select(["id", "user_id", "pseudonym"]).where("deliberation_id", "=", imported.deliberationId).execute();
    expect(users.length).toBeGreaterThan(10);
    for (const u of users) {
      expect(text).not.toContain(u.display_name);
      expect(text).not.toContain(u.id);
    }
    for (const m of memberships) {
      expect(text).not.toContain(m.id);
      expect(text).not.toContain(m.pseudonym);
    }
    const versions = await db.selectFrom("proposal_versions").select(["id", "proposal_id"]).where("round_id", "=", roundId).execute();
    for (const v of versions) {
      expect(text).not.toContain(v.id);
      expect(text).not.toContain(v.proposal_id);
    }
    // author-id is left empty: who wrote a comment is not exported
    const ec = readCsv(exported["comments.csv"]);
    const ai = column(ec, "author-id");
    for (const r of ec.slice(1)) expect(r[ai]).toBe("");
    // voter ids are 0 … n − 1
    const pv = readCsv(exported["participants-votes.csv"]);
    expect(pv.slice(1).map((r) => r[0])).toEqual(pv.slice(1).map((_, i) => String(i)));
  });
});
