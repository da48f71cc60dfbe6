/**
 * A closed-loop load generator: `concurrency` workers each send their next request as soon as the
 * last one answered, until `total` requests are done. Latency per request, throughput over the
 * whole run. A failed request (status not as expected, or a network error) is counted, not hidden.
 */
import { percentile } from "./stats";

export interface LoadResult {
  requests: number;
  failures: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export async function runLoad(options: { total: number; concurrency: number; send: (i: number) => Promise<boolean> }): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < options.total; i = next++) {
      const t0 = performance.now();
      let ok = false;
      try {
        ok = await options.send(i);
      } catch {
        ok = false;
      }
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return { requests: options.total, failures, perSecond: options.total / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
