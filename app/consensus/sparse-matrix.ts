/**
 * The participant × statement vote matrix in compressed sparse row form. Building it keeps each
 * participant's latest vote per statement (input order is chronological), in O(votes + P + S).
 */
export interface CompactVotes {
  participantCount: number;
  statementCount: number;
  /** participant index per vote */
  rows: Int32Array;
  /** statement index per vote */
  cols: Int32Array;
  /** +1 agree, −1 disagree, 0 pass */
  values: Int8Array;
  /** 1..5, or NaN when not given (optional) */
  confidences?: Float32Array;
}

export interface SparseMatrix {
  participantCount: number;
  statementCount: number;
  /** rowStart[i]..rowStart[i+1] are participant i's votes */
  rowStart: Int32Array;
  cols: Int32Array;
  values: Int8Array;
  confidences: Float32Array;
}

export function buildSparseMatrix(input: CompactVotes): SparseMatrix {
  const { participantCount: P, statementCount: S, rows, cols, values } = input;
  const n = rows.length;
  // 1. bucket votes by participant, keeping input order inside each bucket
  const counts = new Int32Array(P + 1);
  let valid = 0;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    const c = cols[k]!;
    const v = values[k]!;
    if (r < 0 || r >= P || c < 0 || c >= S || (v !== 1 && v !== -1 && v !== 0)) continue;
    counts[r + 1]! += 1;
    valid++;
  }
  for (let i = 0; i < P; i++) counts[i + 1]! += counts[i]!;
  const order = new Int32Array(valid);
  const fill = counts.slice(0, P);
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    const c = cols[k]!;
    const v = values[k]!;
    if (r < 0 || r >= P || c < 0 || c >= S || (v !== 1 && v !== -1 && v !== 0)) continue;
    order[fill[r]!++] = k;
  }
  // 2. within each participant, the last vote per statement wins
  const outStart = new Int32Array(P + 1);
  const outCols = new Int32Array(valid);
  const outVals = new Int8Array(valid);
  const outConf = new Float32Array(valid);
  const slot = new Int32Array(S).fill(-1);
  const stamp = new Int32Array(S).fill(-1);
  let w = 0;
  for (let i = 0; i < P; i++) {
    outStart[i] = w;
    for (let p = counts[i]!; p < counts[i + 1]!; p++) {
      const k = order[p]!;
      const c = cols[k]!;
      let at: number;
      if (stamp[c] === i) at = slot[c]!;
      else {
        at = w++;
        stamp[c] = i;
        slot[c] = at;
        outCols[at] = c;
      }
      outVals[at] = values[k]!;
      const conf = input.confidences ? input.confidences[k]! : NaN;
      outConf[at] = conf >= 1 && conf <= 5 ? conf : NaN;
    }
  }
  outStart[P] = w;
  return {
    participantCount: P,
    statementCount: S,
    rowStart: outStart,
    cols: outCols.subarray(0, w),
    values: outVals.subarray(0, w),
    confidences: outConf.subarray(0, w),
  };
}

export function votesOf(m: SparseMatrix, i: number): number {
  return m.rowStart[i + 1]! - m.rowStart[i]!;
}
