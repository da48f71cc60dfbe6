import type { AppContext } from "../context/app-context.server";
import { queuePhaseOpenNotices, queueReportPublishedNotices } from "./email-service.server";
import { wakeOutboxSender } from "./outbox-sender.server";

const installed = new WeakSet<AppContext>();

/**
 * Connect email to the domain of `app`: a phase that opens and a published report queue their
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
  });
  wakeOutboxSender(app);
}
