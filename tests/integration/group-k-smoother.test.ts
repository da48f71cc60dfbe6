/**
 * The live group-k smoother (decision 060) through the real results pipeline: a round still voting
 * keeps its number of opinion groups across recomputations until a new k has been chosen three times
 * in a row, the state travels in the cached results, and a closed round's results carry none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundConsensus } from "../../app/results/round-results.server";
import { recomputeRound } from "../../app/results/round-results.server";
import { demoFacts, loggedIn } from "../helpers/demo";
import { startTestServer } from "../helpers/test-server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  await server.app.scheduler.flush();
});
afterAll(async () => server.stop());

const roundId = (n: number) => facts.rounds.find((r) => r.number === n)!.id;

async function setStoredGroupK(id: string, groupK: RoundConsensus["opinion"]["groupK"]) {
  const row = await server.db.selectFrom("round_results").select("payload").where("round_id", "=", id).executeTakeFirstOrThrow();
  const payload = JSON.parse(row.payload) as RoundConsensus;
  payload.opinion.groupK = groupK;
  await server.db.updateTable("round_results").set({ payload: JSON.stringify(payload) }).where("round_id", "=", id).execute();
}

describe("the number of opinion groups of a round still voting", () => {
  it("the demo's round 2 is live and its results carry the smoother's state at their own k", async () => {
    const live = (await recomputeRound(server.db, facts.id, roundId(2)))!;
    expect(live.basis).toBe("live");
    expect(live.opinion.groupK).toEqual({ k: live.opinion.k, candidate: null, streak: 0 });
  });

  it("held at another k the map tried, it stays there for two recomputations and moves on the third", async () => {
    const own = (await recomputeRound(server.db, facts.id, roundId(2)))!;
    const other = own.opinion.stability.perK.map((c) => c.k).find((k) => k >= 2 && k !== own.opinion.k);
    expect(other, "the demo's live map tries more than one k").toBeDefined();
    await setStoredGroupK(roundId(2), { k: other!, candidate: null, streak: 0 });
    const first = (await recomputeRound(server.db, facts.id, roundId(2)))!;
    expect(first.opinion.k).toBe(other);
    expect(first.opinion.groupSizes).toHaveLength(other!);
    expect(first.opinion.stability.k).toBe(other);
    expect(first.opinion.groupK).toEqual({ k: other, candidate: own.opinion.k, streak: 1 });
    // the facilitator's full view says why the map shows this k
    const html = await (await (await loggedIn(server.url, "facilitator")).get(`/d/${facts.id}/results?round=2&view=full`)).text();
    expect(html).toContain(`While the votes come in the map keeps ${other} groups: the latest recomputations found ${own.opinion.k} (1 of the 3 in a row it takes to change).`);
    const second = (await recomputeRound(server.db, facts.id, roundId(2)))!;
    expect(second.opinion.groupK).toEqual({ k: other, candidate: own.opinion.k, streak: 2 });
    const third = (await recomputeRound(server.db, facts.id, roundId(2)))!;
    expect(third.opinion.k).toBe(own.opinion.k);
    expect(third.opinion.groupK).toEqual({ k: own.opinion.k, candidate: null, streak: 0 });
    expect(third.statements).toEqual(own.statements);
  });

  it("a closed round's results are computed from its data alone, with no smoother state", async () => {
    const closed = (await recomputeRound(server.db, facts.id, roundId(1)))!;
    expect(closed.basis).toBe("snapshot");
    expect(closed.opinion.groupK).toBeUndefined();
  });
});
