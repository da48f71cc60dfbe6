/**
 * The three bootstraps of the robustness suite as one kind of work: a job (its inputs, typed arrays
 * and plain values only) and a range of resample indices [from, to). Each range is computed the same
 * way whichever thread runs it and the ranges are combined in index order, so a pool of worker
 * threads gives byte-identical results to one thread (map-stability-pool.server.ts).
 *
 * - "map": the opinion map's participant bootstrap (map-stability.ts, mapStabilityRange);
 * - "classes": the codification's bootstrap (robustness.ts, bootstrapRange);
 * - "mf": bridging by matrix factorisation's bootstrap (matrix-factorisation.ts, bootstrapMfRange).
 *
 * Pure: no I/O, no clock.
 */
import { mapStabilityRange, type MapStabilityInputs, type MapStabilityPartial } from "../map-stability";
import { bootstrapMfRange, type MfBootstrapRange, type MfData, type MfFit } from "../matrix-factorisation";
import { bootstrapRange, type BootstrapPartial, type BootstrapPlan } from "../robustness";

export type RangeJob = { kind: "map"; inputs: MapStabilityInputs } | { kind: "classes"; plan: BootstrapPlan } | { kind: "mf"; data: MfData; fit: MfFit };

export type RangePartial = MapStabilityPartial | BootstrapPartial | MfBootstrapRange;

/** How many resamples a job has. */
export function resamplesOf(job: RangeJob): number {
  switch (job.kind) {
    case "map":
      return job.inputs.resamples;
    case "classes":
      return job.plan.resamples;
    case "mf":
      return job.data.settings.resamples;
  }
}

/** The partial result of resamples from…to−1 of a job. */
export function computeRange(job: RangeJob, from: number, to: number): RangePartial {
  switch (job.kind) {
    case "map":
      return mapStabilityRange(job.inputs, from, to);
    case "classes":
      return bootstrapRange(job.plan, from, to);
    case "mf":
      return bootstrapMfRange(job.data, job.fit, from, to);
  }
}

type TypedArray = Int8Array | Uint8Array | Int32Array | Float32Array | Float64Array;

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * The job with every typed array in it copied once into shared memory, so that every worker reads
 * the same bytes in place instead of receiving a copy with each range. Other values are kept as they are.
 */
export function shareJob<T>(x: T): T {
  if (isTypedArray(x)) {
    const Ctor = x.constructor as new (buffer: SharedArrayBuffer) => TypedArray;
    const copy = new Ctor(new SharedArrayBuffer(x.byteLength));
    copy.set(x as never);
    return copy as T;
  }
  if (x === null || typeof x !== "object" || Array.isArray(x)) return x;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, shareJob(v)])) as T;
}

/** The buffers of a partial result's typed arrays, to move back to the pool's thread instead of copying. */
export function transferList(partial: RangePartial): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of Object.values(partial)) if (isTypedArray(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  return [...out];
}
