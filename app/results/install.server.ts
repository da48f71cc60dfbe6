import { logger } from "../observability/logger.server";
import { setRoundClosingHook, subscribe } from "../deliberation/domain-events";
import { takeRoundSnapshot } from "./results-source.server";
import { scheduleOpenRoundRecompute, scheduleRoundRecompute } from "./round-results.server";

const KEY = Symbol.for("accord.results-handlers");

/**
 * Connect the results pipeline to the domain: the snapshot is taken inside the transaction that
 * closes a round, and every change that moves results schedules their recomputation. Idempotent;
 * called once per process (server start, CLIs, tests).
 */
export function installResultsHandlers(): void {
  const g = globalThis as { [KEY]?: boolean };
  if (g[KEY]) return;
  g[KEY] = true;
  setRoundClosingHook((db, c) => takeRoundSnapshot(db, c.deliberationId, c.round, c.closedAt).then(() => undefined));
  subscribe((event) => {
    switch (event.type) {
      case "votes-changed":
        scheduleRoundRecompute(event.deliberationId, event.roundId);
        break;
      case "phase-changed":
        if (event.phase === "voting" || event.phase === "closed") scheduleRoundRecompute(event.deliberationId, event.roundId, 0);
        break;
      case "electorate-changed":
        void scheduleOpenRoundRecompute(event.deliberationId).catch((error) => logger().error({ err: error }, "scheduling a results recompute failed"));
        break;
    }
  });
}
