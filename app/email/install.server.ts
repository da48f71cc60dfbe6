import type { AppContext } from "../context/app-context.server";
import { queueDeadlineNotices, queuePhaseOpenNotices, queueReportPublishedNotices } from "./email-service.server";
import { wakeOutboxSender } from "./outbox-sender.server";

const installed = new WeakSet<AppContext>();

/**
 * Connect email to the domain of `app`: a phase that opens, a deadline 24 hours away and a published report queue their
 * notices; the sender starts on what an earlier run left pending. Only local events count (an
 * event relayed from another instance was acted on there). Idempotent per context.
 */
export function installEmailHandlers(app: AppContext): void {
  if (installed.has(app)) return;
  installed.add(app);
  app.events.subscribe(async (event, origin) => {
    if (origin !== "local") return;
    if (event.type === "phase-changed") await queuePhaseOpenNotices(app, event);
    else if (event.type === "report-published") await queueReportPublishedNotices(app, event);
    else if (event.type === "deadline-approaching") await queueDeadlineNotices(app, { deliberationId: event.deliberationId, roundId: event.roundId, phase: event.phase, endsAt: event.dueAt });
  });
  wakeOutboxSender(app);
}
