/**
 * The outbox sender: delivers pending rows of `email_outbox` over SMTP (nodemailer), off any
 * request. One per application context, woken when rows are written and when a retry is due; its
 * runs are tracked by `app.background`, so shutdown waits for a send in flight. Without SMTP_URL it
 * never runs: the rows stay in the outbox, where facilitators see them.
 */
import nodemailer, { type Transporter } from "nodemailer";
import type { AppContext } from "../context/app-context.server";
import { logger } from "../observability/logger.server";
import { claimEmail, findDueEmails, markEmailAttemptFailed, markEmailSent, nextPendingAt } from "./email-repository.server";

/** After this many failed attempts an email is marked failed (about a day of backoff). */
export const MAX_ATTEMPTS = 8;
/** A claimed email is due again after this long if its sender died mid-send. */
const LEASE_MS = 5 * 60_000;
const BATCH = 50;

/** Wait before attempt n+1 after n failures: 30 s, 1 min, 2 min … capped at 4 h. */
export function retryDelayMs(failures: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, failures - 1), 4 * 3600_000);
}

interface SenderState {
  transport: Transporter;
  timer: ReturnType<typeof setTimeout> | null;
  timerAt: number;
  running: Promise<DeliveryRun> | null;
}

export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
}

const senders = new WeakMap<AppContext, SenderState>();

function stateOf(app: AppContext): SenderState | null {
  const url = app.config.SMTP_URL;
  if (!url) return null;
  let state = senders.get(app);
  if (!state) {
    state = { transport: nodemailer.createTransport(url), timer: null, timerAt: Infinity, running: null };
    senders.set(app, state);
  }
  return state;
}

/** Deliver what is due in `delayMs` (0: now). Does nothing without SMTP_URL or while shutting down. */
export function wakeOutboxSender(app: AppContext, delayMs = 0): void {
  const state = stateOf(app);
  if (!state || app.background.stopping()) return;
  const at = Date.now() + delayMs;
  if (state.timer && state.timerAt <= at) return;
  if (state.timer) clearTimeout(state.timer);
  state.timerAt = at;
  state.timer = setTimeout(() => {
    state.timer = null;
    state.timerAt = Infinity;
    void runSender(app).catch((err) => logger().warn({ err }, "the email outbox sender failed; it tries again later"));
  }, delayMs);
  state.timer.unref?.();
}

/**
 * One delivery pass that starts after this call (tests, and the timer): every due email, each
 * claimed first; a failure counts an attempt and backs off. Passes never overlap: one asked for
 * while another runs follows it.
 */
export function runSender(app: AppContext): Promise<DeliveryRun> {
  const state = stateOf(app);
  if (!state) return Promise.resolve({ sent: 0, retrying: 0, failed: 0 });
  if (state.running) return state.running.then(() => runSender(app));
  const run = deliverDue(app, state.transport).finally(() => {
    if (state.running === run) state.running = null;
  });
  state.running = run;
  app.background.track(run);
  return run;
}

async function deliverDue(app: AppContext, transport: Transporter): Promise<DeliveryRun> {
  const result: DeliveryRun = { sent: 0, retrying: 0, failed: 0 };
  const from = app.config.MAIL_FROM;
  for (;;) {
    if (app.background.stopping()) return result;
    const now = app.clock.now();
    const due = await findDueEmails(app.db, now.toISOString(), BATCH);
    if (due.length === 0) break;
    let claimedAny = false;
    for (const email of due) {
      if (app.background.stopping()) return result;
      if (!(await claimEmail(app.db, email.id, email.next_attempt_at, new Date(now.getTime() + LEASE_MS).toISOString()))) continue;
      claimedAny = true;
      const attempts = email.attempts + 1;
      try {
        await transport.sendMail({
          from,
          to: email.recipient,
          subject: email.subject,
          text: email.body,
          // RFC 8058 one-click unsubscribe on notices only; an invitation must not be unsubscribable
          headers: email.unsubscribe_url ? { "List-Unsubscribe": `<${email.unsubscribe_url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {},
        });
        await markEmailSent(app.db, email.id, app.clock.now().toISOString(), attempts);
        result.sent++;
      } catch (error) {
        const giveUp = attempts >= MAX_ATTEMPTS;
        const message = error instanceof Error ? error.message : String(error);
        await markEmailAttemptFailed(app.db, email.id, { attempts, nextAttemptAt: new Date(app.clock.now().getTime() + retryDelayMs(attempts)).toISOString(), error: message, giveUp });
        if (giveUp) result.failed++;
        else result.retrying++;
        logger().warn({ email: email.id, attempts, giveUp, err: message }, giveUp ? "an email could not be sent and was given up" : "an email could not be sent; it is retried later");
      }
    }
    if (!claimedAny) break;
  }
  // the next retry (or a lease ending), in real time from now
  const next = await nextPendingAt(app.db);
  if (next && !app.background.stopping()) wakeOutboxSender(app, Math.max(1000, Date.parse(next) - app.clock.now().getTime()));
  return result;
}

/** Close the SMTP connections of this context's sender (server shutdown, after `background.stop`). */
export function closeOutboxSender(app: AppContext): void {
  const state = senders.get(app);
  if (!state) return;
  if (state.timer) clearTimeout(state.timer);
  state.transport.close();
  senders.delete(app);
}
