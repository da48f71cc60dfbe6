import type { AppContext } from "../context/app-context.server";
import { logger } from "../observability/logger.server";
import { takeRoundSnapshot } from "./results-source.server";
import { scheduleOpenRoundRecompute, scheduleRoundRecompute } from "./round-results.server";

const installed = new WeakSet<AppContext>();

/**
 * Connect the results pipeline to the domain of `app`: the snapshot is taken inside the
 * transaction that closes a round, and every change that moves results schedules their
 * recomputation. Only local events count: an event relayed from another instance was acted on
 * there (and the recompute runs once across instances anyway, under a lock). Idempotent per context.
 */
export function installResultsHandlers(app: AppContext): void {
  if (installed.has(app)) return;
  installed.add(app);
  app.events.setRoundClosingHook((db, c) => takeRoundSnapshot(db, c.deliberationId, c.round, c.closedAt).then(() => undefined));
  app.events.subscribe((event, origin) => {
    if (origin !== "local") return;
    switch (event.type) {
      case "votes-changed":
        scheduleRoundRecompute(app, event.deliberationId, event.roundId);
        break;
      case "phase-changed":
        if (event.phase === "voting" || event.phase === "closed") scheduleRoundRecompute(app, event.deliberationId, event.roundId, 0);
        break;
      case "electorate-changed":
        void scheduleOpenRoundRecompute(app, event.deliberationId).catch((error) => logger().error({ err: error }, "scheduling a results recompute failed"));
        break;
    }
  });
}
