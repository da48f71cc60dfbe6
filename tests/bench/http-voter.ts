/**
 * A vote over HTTP, as a browser casts it on the ballot page (checked against Chromium's requests):
 * - `fetcher` (JavaScript on): the card's form is a Remix fetcher, so single fetch POSTs it to the
 *   route's `.data` URL (the page's search kept, js=1) and gets a 202 turbo-stream redirect; the
 *   browser then revalidates the page's loaders with a GET of the redirect target's `.data` URL.
 * - `no-js`: the plain form post answers 302 to the next card, which the browser then loads (HTML).
 * Same-site requests carry `Origin` and `Referer`, as the server's cross-site check requires.
 * A vote counts only when both requests answered as the browser expects. A planned reason is the
 * ballot's optional second tap (decision 039): one more post and page load.
 */
import { DISAGREE_REASONS } from "../../app/deliberation/disagree-reasons";
import type { VotingFixture } from "./scale-fixture";

export type VotePath = "fetcher" | "no-js";

export interface BallotVote {
  deliberationId: string;
  /** The voter's `Cookie` header (a signed session of a member). */
  cookie: string;
  versionId: string;
  /** The card the ballot shows after this one ("" after the last). */
  next: string;
  choice: "agree" | "disagree" | "pass";
  confidence: number | null;
  reason: (typeof DISAGREE_REASONS)[number] | null;
}

export async function voteOverHttp(base: string, path: VotePath, vote: BallotVote): Promise<boolean> {
  const id = vote.deliberationId;
  // the page the voter is on: the card this vote is for, shown after the previous save
  const page = `/d/${id}/vote?v=${encodeURIComponent(vote.versionId)}&saved=1`;
  const at = vote.next ? `v=${encodeURIComponent(vote.next)}&` : "";
  // one tap on a choice; after a Disagree or a Pass the next card asks why (decision 039)
  const why = vote.choice === "agree" ? "" : `&why=${encodeURIComponent(vote.versionId)}`;
  const target = `/d/${id}/vote?${at}saved=1${why}`;
  const form = new URLSearchParams({ versionId: vote.versionId, next: vote.next, choice: vote.choice });
  if (vote.confidence !== null) form.set("confidence", String(vote.confidence)); // the fold's select
  if (!(await submit(base, path, vote.cookie, page, form, target))) return false;
  if (!vote.reason) return true;
  // the optional second tap: a reason chip on the next card
  const reason = new URLSearchParams({ intent: "reason", versionId: vote.versionId, next: vote.next, reason: vote.reason });
  return submit(base, path, vote.cookie, target, reason, `/d/${id}/vote?${at}reasoned=1`);
}

/** One form post from `page` and the page load the browser does after it; true when both answered as expected. */
async function submit(base: string, path: VotePath, cookie: string, page: string, form: URLSearchParams, target: string): Promise<boolean> {
  const headers = { Cookie: cookie, Referer: `${base}${page}` };
  if (path === "fetcher") form.set("js", "1");
  const post = await fetch(`${base}${path === "fetcher" ? dataUrl(page) : page}`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, Origin: base, "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
    body: form,
  });
  const answer = await post.text();
  const stored =
    path === "fetcher"
      ? post.status === 202 && answer.includes(JSON.stringify(target)) // a SingleFetchRedirect
      : post.status === 302 && post.headers.get("location") === `${target}#card`;
  if (!stored) return false;
  const next = await fetch(`${base}${path === "fetcher" ? dataUrl(target) : target}`, { headers });
  await next.arrayBuffer();
  const type = next.headers.get("content-type") ?? "";
  return next.status === 200 && type.startsWith(path === "fetcher" ? "text/x-script" : "text/html");
}

/** The single-fetch URL of a page, as Remix's client builds it: `.data` after the path, search kept. */
function dataUrl(page: string): string {
  const [pathname, search] = page.split("?");
  return `${pathname}.data${search ? `?${search}` : ""}`;
}

/**
 * The n-th vote of a run over the fixture: voter n mod P on card ⌊n / P⌋ mod V, so that every n
 * below P × V is a different (voter, version) pair — a new row, which lets the bench compare the
 * rows stored with the votes it counted. Choices, confidences and reasons vary.
 */
export function planVote(fixture: VotingFixture, n: number): BallotVote {
  const voters = fixture.cookies.length;
  const card = Math.floor(n / voters) % fixture.versionIds.length;
  const choice = (["agree", "disagree", "pass"] as const)[n % 3]!;
  return {
    deliberationId: fixture.deliberationId,
    cookie: fixture.cookies[n % voters]!,
    versionId: fixture.versionIds[card]!,
    next: fixture.versionIds[card + 1] ?? "",
    choice,
    confidence: n % 6 === 0 ? null : (n % 5) + 1,
    reason: choice !== "agree" && n % 2 === 0 ? DISAGREE_REASONS[n % DISAGREE_REASONS.length]! : null,
  };
}

/** How many distinct votes the fixture holds (voters × cards). */
export function voteCapacity(fixture: VotingFixture): number {
  return fixture.cookies.length * fixture.versionIds.length;
}
