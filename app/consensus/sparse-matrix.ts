/**
 * The participant × statement vote matrix in compressed sparse row form. Building it keeps each
 * participant's latest vote per statement (input order is chronological), in O(votes + P + S), and
 * stores every row in statement order: the matrix depends on the votes in force, never on the order in
 * which they were cast (so neither do the sums the opinion groups compute over a row).
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
  /** rowStart[i]..rowStart[i+1] are participant i's votes, in increasing statement index */
  rowStart: Int32Array;
  cols: Int32Array;
  values: Int8Array;
  confidences: Float32Array;
}

export function buildSparseMatrix(input: CompactVotes): SparseMatrix {
  const { participantCount: P, statementCount: S, rows, cols, values, confidences } = input;
  const n = rows.length;
  // Two stable counting sorts, by statement and then by participant, that carry the votes along
  // (no random reads): each participant's votes end up in statement order, and the votes on one
  // (participant, statement) pair keep their chronological order, so the last of them is the latest.
  const colStart = new Int32Array(S + 1);
  const rowStart = new Int32Array(P + 1);
  let valid = 0;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    const c = cols[k]!;
    const v = values[k]!;
    if (r < 0 || r >= P || c < 0 || c >= S || (v !== 1 && v !== -1 && v !== 0)) continue;
    colStart[c + 1]! += 1;
    rowStart[r + 1]! += 1;
    valid++;
  }
  for (let j = 0; j < S; j++) colStart[j + 1]! += colStart[j]!;
  for (let i = 0; i < P; i++) rowStart[i + 1]! += rowStart[i]!;
  const byColRow = new Int32Array(valid);
  const byColVal = new Int8Array(valid);
  const byColConf = new Float32Array(valid).fill(NaN);
  const colFill = colStart.slice(0, S);
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    const c = cols[k]!;
    const v = values[k]!;
    if (r < 0 || r >= P || c < 0 || c >= S || (v !== 1 && v !== -1 && v !== 0)) continue;
    const at = colFill[c]!++;
    byColRow[at] = r;
    byColVal[at] = v;
    if (confidences) {
      const conf = confidences[k]!;
      if (conf >= 1 && conf <= 5) byColConf[at] = conf;
    }
  }
  const outCols = new Int32Array(valid);
  const outVals = new Int8Array(valid);
  const outConf = new Float32Array(valid);
  const rowFill = rowStart.slice(0, P);
  for (let c = 0; c < S; c++) {
    for (let q = colStart[c]!; q < colStart[c + 1]!; q++) {
      const at = rowFill[byColRow[q]!]!++;
      outCols[at] = c;
      outVals[at] = byColVal[q]!;
      outConf[at] = byColConf[q]!;
    }
  }
  // Within a row, repeated votes on one statement are now adjacent: keep the last (compacting in place).
  const outStart = new Int32Array(P + 1);
  let w = 0;
  for (let i = 0; i < P; i++) {
    outStart[i] = w;
    for (let p = rowStart[i]!; p < rowStart[i + 1]!; p++) {
      const at = w > outStart[i]! && outCols[w - 1] === outCols[p] ? w - 1 : w++;
      outCols[at] = outCols[p]!;
      outVals[at] = outVals[p]!;
      outConf[at] = outConf[p]!;
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
