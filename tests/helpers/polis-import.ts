/**
 * A large Polis export made up in the test (no fixture): `comments` statements, `voters` voters, and
 * about `voteRows` vote rows in chronological order, from a fixed seed so every run is the same.
 */
export function generatePolisExport(options: { comments: number; voters: number; voteRows: number; seed?: number }): { comments: string; votes: string } {
  let state = options.seed ?? 42;
  // mulberry32: small, fast, and good enough to spread votes over every (voter, comment) pair
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
  const comments = ["timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"];
  for (let c = 0; c < options.comments; c++) comments.push(`1500000000000,,${c},${c % options.voters},0,0,1,Generated statement number ${c} about a red line`);
  const votes = ["timestamp,comment-id,voter-id,vote"];
  const start = 1_500_000_000_000;
  for (let n = 0; n < options.voteRows; n++) {
    const voter = Math.floor(random() * options.voters);
    const comment = Math.floor(random() * options.comments);
    // two opinion camps, so the consensus math has structure to find
    const lean = (voter % 2 === 0) === (comment % 3 === 0) ? 1 : -1;
    const r = random();
    const vote = r < 0.15 ? 0 : r < 0.8 ? lean : -lean;
    votes.push(`${start + n * 1000},${comment},${voter},${vote}`);
  }
  return { comments: comments.join("\n") + "\n", votes: votes.join("\n") + "\n" };
}

/** A Polis upload form as a browser sends it. */
export function polisUploadForm(title: string, files: { comments: string; votes?: string; participantsVotes?: string }): FormData {
  const form = new FormData();
  form.set("title", title);
  form.set("comments", new Blob([files.comments], { type: "text/csv" }), "comments.csv");
  if (files.votes !== undefined) form.set("votes", new Blob([files.votes], { type: "text/csv" }), "votes.csv");
  if (files.participantsVotes !== undefined) form.set("participantsVotes", new Blob([files.participantsVotes], { type: "text/csv" }), "participants-votes.csv");
  return form;
}

/**
 * Follow an import's status page (as its meta refresh does) until it sends the importer to the
 * results; returns the deliberation's id, or the failure page's HTML when the import failed.
 */
export async function waitForImport(client: { get: (path: string) => Promise<Response> }, location: string, timeoutMs = 120_000): Promise<{ deliberationId: string } | { failedPage: string }> {
  const deadline = Date.now() + timeoutMs;
  let at = location;
  while (Date.now() < deadline) {
    const done = /^\/d\/([^/?]+)\/results/.exec(at);
    if (done) return { deliberationId: done[1]! };
    const res = await client.get(at);
    if (res.status === 302) {
      at = res.headers.get("location") ?? "";
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`import status page answered ${res.status}`);
    if (!html.includes('http-equiv="refresh"')) return { failedPage: html };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the import did not finish in time");
}
