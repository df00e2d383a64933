// Figures for the A2A benchmark: percentiles, a load loop that runs for a fixed time, and a plain
// text table. Nothing here asserts; the benchmark prints and the reader judges.
import os from 'node:os';

export interface Summary {
  n: number;
  p50: number;
  p99: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { n: sorted.length, p50: at(50), p99: at(99) };
}

export interface LoadResult {
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
  latencies: number[];
  firstError?: string;
}

/** One result for several slices of the same load. */
export function mergeResults(results: LoadResult[]): LoadResult {
  const latencies = results.flatMap((r) => r.latencies);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const firstError = results.find((r) => r.firstError)?.firstError;
  return {
    completed: latencies.length,
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    seconds,
    perSecond: latencies.length / seconds,
    latency: summarize(latencies),
    latencies,
    ...(firstError ? { firstError } : {}),
  };
}

/** Runs `fn` from `concurrency` loops until `durationMs` has passed; every call's latency counts. */
export async function runLoad(concurrency: number, durationMs: number, fn: (i: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const stopAt = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        const i = next++;
        const t0 = performance.now();
        try {
          await fn(i);
          latencies.push(performance.now() - t0);
        } catch (err) {
          failed += 1;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { completed: latencies.length, failed, seconds, perSecond: latencies.length / seconds, latency: summarize(latencies), latencies, ...(firstError ? { firstError } : {}) };
}

/** Runs `fn` for every index with at most `concurrency` in flight. */
export async function pool<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const ratio = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');

/** Left-aligned first column, right-aligned figures. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${mib(os.totalmem())} RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
