/**
 * `npm run --silent consensus -- <polis export folder>` prints one JSON object:
 * {"k", "groups": {participant: group}, "statements": [{id, agree, disagree, pass,
 * groupInformedConsensus, consensusScore, classification, robustness}], "fdrQ", "representative",
 * "consensusStatements", "stability", "robustness", "abnormal", "ms"} (docs/decisions/054–058). Exit code 2, with a sentence on stderr, for a
 * missing or malformed folder.
 */
import { computeConsensus } from "../consensus/engine";
import { isRefusal } from "../refusal";
import { readPolisFolder } from "./polis-folder.server";

function fail(message: string): never {
  process.stderr.write(`consensus: ${message}\n`);
  process.exit(2);
}

const dir = process.argv[2];
if (!dir) fail("give the folder of a Polis open-data export, e.g. npm run --silent consensus -- tests/fixtures/polis/brexit-consensus");
let exported;
try {
  exported = readPolisFolder(dir);
} catch (error) {
  if (isRefusal(error)) fail(error.message);
  throw error;
}

const started = performance.now();
const participants = [...new Set(exported.votes.map((v) => v.voterId))].map((id) => ({ id }));
const result = computeConsensus({
  // Polis's math leaves out comments moderated out (moderated = −1): their column is zeroed
  statements: exported.comments.map((c) => ({ id: c.id, moderatedOut: c.moderated === -1 })),
  participants,
  // the timestamps, when the export has them, let the abnormal-ballot check judge voting speed
  votes: exported.votes.map((v) => ({ participantId: v.voterId, statementId: v.commentId, value: v.vote, castAtMs: exported.timed ? v.timestamp : null })),
  groups: [],
});
const ms = performance.now() - started;

const byId = new Map(result.opinion.statements.map((s) => [s.id, s]));
process.stdout.write(
  JSON.stringify({
    k: result.opinion.k,
    groups: result.opinion.groups,
    statements: result.statements.map((s, j) => {
      const counts = byId.get(s.id)!;
      return {
        id: s.id,
        agree: counts.agree,
        disagree: counts.disagree,
        pass: counts.pass,
        groupInformedConsensus: s.groupInformedConsensus,
        consensusScore: s.consensusScore,
        classification: s.codification.classification,
        robustness: result.robustness.statements[j],
        mfIntercept: result.mf.statements[j] ?? null,
      };
    }),
    fdrQ: result.opinion.fdrQ,
    representative: result.opinion.representative,
    consensusStatements: result.opinion.consensusStatements,
    stability: result.opinion.stability,
    robustness: { comparedBy: result.robustness.comparedBy, settings: result.robustness.settings, summary: result.robustness.summary },
    abnormal: result.abnormal,
    ms: Math.round(ms * 10) / 10,
  }) + "\n",
);
