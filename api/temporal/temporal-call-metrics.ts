// Counts the calls the API makes to Temporal, by kind. Injected into the gateway (no global state),
// so a process can expose the counters later (a metrics route, periodic logs) and a benchmark can
// read them; recording is one integer add, cheap enough to stay on in production.
export const TEMPORAL_CALLS = [
  'start',
  'describe',
  'query',
  'result',
  'signal',
  'cancel',
  'list',
  'count',
  'longPoll',
] as const;

export type TemporalCall = (typeof TEMPORAL_CALLS)[number];

export interface TemporalCallMetrics {
  record(call: TemporalCall): void;
}

export interface TemporalCallCounters extends TemporalCallMetrics {
  /** The counts so far, one entry per kind. */
  snapshot(): Record<TemporalCall, number>;
}

export function createTemporalCallCounters(): TemporalCallCounters {
  const counts = Object.fromEntries(TEMPORAL_CALLS.map((call) => [call, 0])) as Record<TemporalCall, number>;
  return {
    record(call) {
      counts[call] += 1;
    },
    snapshot: () => ({ ...counts }),
  };
}

export const ignoreTemporalCalls: TemporalCallMetrics = { record() {} };
