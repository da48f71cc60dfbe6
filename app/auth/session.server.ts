import { createCookie, redirect } from "@remix-run/node";
import type { AppContext } from "../context/app-context.server";
import { getEnv } from "../env.server";
import { assertAllowed } from "../refusal";
import { newToken, sha256 } from "./crypto.server";
import {
  findUserBySession,
  insertSession,
  insertSessionIfReturnLinkLive,
  listLiveSessionsOfUser,
  revokeSession,
  revokeSessionsOfUser,
  type UserRecord,
} from "./user-repository.server";

const SESSION_DAYS = 30;
const COOKIE_NAME = "accord_session";

function sessionCookie(secure: boolean) {
  return createCookie(COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: SESSION_DAYS * 24 * 60 * 60,
    secrets: [getEnv().SESSION_SECRET],
  });
}

/**
 * Secure cookies whenever the request reached us over HTTPS. Express derives the protocol and
 * trusts `X-Forwarded-Proto` only from a proxy on loopback (`trust proxy`), so a client cannot
 * claim HTTPS by sending the header itself.
 */
export function isSecureRequest(request: Request): boolean {
  const mode = getEnv().COOKIE_SECURE;
  if (mode !== "auto") return mode === "true";
  return new URL(request.url).protocol === "https:";
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie(false).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

export async function getUser(app: AppContext, request: Request): Promise<UserRecord | null> {
  const token = await readToken(request);
  if (!token) return null;
  return (await findUserBySession(app.db, sha256(token))) ?? null;
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(app: AppContext, request: Request): Promise<UserRecord> {
  const user = await getUser(app, request);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A signed-in person with a facilitator account (email + password): only they create deliberations. */
export async function requireAccountHolder(app: AppContext, request: Request): Promise<UserRecord> {
  const user = await requireUser(app, request);
  assertAllowed(user.hasPassword, "errors.accountNeededToCreate");
  return user;
}

/** The SHA-256 under which the caller's session is stored (whether or not it is still live), or null. */
export async function currentSessionHash(request: Request): Promise<string | null> {
  const token = await readToken(request);
  return token ? sha256(token) : null;
}

/** Start a session: only the SHA-256 of the cookie token is stored, so a database leak opens nothing. */
export async function createSessionCookie(app: AppContext, request: Request, userId: string): Promise<string> {
  const token = newToken();
  await insertSession(app.db, {
    idHash: sha256(token),
    userId,
    expiresAt: new Date(app.clock.now().getTime() + SESSION_DAYS * 24 * 60 * 60 * 1000),
  });
  return sessionCookie(isSecureRequest(request)).serialize(token);
}

/**
 * Start a session opened with a return link (it ends when the link is revoked). Null when the link
 * stopped working in the meantime: the caller refuses with the reason.
 */
export async function createReturnLinkSessionCookie(app: AppContext, request: Request, userId: string, returnLinkId: string): Promise<string | null> {
  const token = newToken();
  const started = await insertSessionIfReturnLinkLive(app.db, {
    idHash: sha256(token),
    userId,
    returnLinkId,
    expiresAt: new Date(app.clock.now().getTime() + SESSION_DAYS * 24 * 60 * 60 * 1000),
  });
  return started ? sessionCookie(isSecureRequest(request)).serialize(token) : null;
}

/** Tell the live-editing sockets opened under these sessions (after the revocation is committed). */
async function sessionsEnded(app: AppContext, sessionIds: string[]): Promise<void> {
  if (sessionIds.length > 0) await app.events.publish({ type: "sessions-ended", sessionIds });
}

export async function destroySession(app: AppContext, request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await sessionsEnded(app, await revokeSession(app.db, sha256(token)));
  return sessionCookie(isSecureRequest(request)).serialize("", { maxAge: 0 });
}

export interface SessionSummary {
  createdAt: string;
  expiresAt: string;
  /** The session of the browser asking. */
  current: boolean;
}

/** The caller's live sessions, for their account page (no session ids leave the server). */
export async function listMySessions(app: AppContext, request: Request, user: UserRecord): Promise<SessionSummary[]> {
  const mine = await currentSessionHash(request);
  const rows = await listLiveSessionsOfUser(app.db, user.id);
  return rows.map((r) => ({ createdAt: r.created_at, expiresAt: r.expires_at, current: r.id === mine }));
}

/** End the caller's other sessions, keeping this browser signed in; returns how many ended. */
export async function signOutOtherSessions(app: AppContext, request: Request, user: UserRecord): Promise<number> {
  const mine = await currentSessionHash(request);
  const ended = await revokeSessionsOfUser(app.db, user.id, mine ?? "");
  await sessionsEnded(app, ended);
  return ended.length;
}

/** End every session of the caller, this one included; returns the cookie that clears it here. */
export async function signOutEverywhere(app: AppContext, request: Request, user: UserRecord): Promise<string> {
  await sessionsEnded(app, await revokeSessionsOfUser(app.db, user.id));
  return sessionCookie(isSecureRequest(request)).serialize("", { maxAge: 0 });
}
