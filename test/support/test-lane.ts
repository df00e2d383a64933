// The lane a test run is in, read from the environment in this one place so the same suites run in
// every lane: `npm test` (embedded engine, a real cluster's limits), `npm run test:strict` (the same
// engine with a visibility delay) and `npm run test:temporal` (a real server at TEMPORAL_ADDRESS).
import type { EmbeddedTemporalOptions } from '../../src/embedded-temporal';

export interface TestLane {
  /** A real server's host:port (the temporal lane); unset, tests start the embedded engine. */
  address?: string;
  namespace: string;
  /** The embedded engine's settings in this lane (options a test passes itself win). */
  engine: Pick<EmbeddedTemporalOptions, 'visibilityDelayMs'>;
}

/** Set by `npm run test:temporal`; TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE are read only then. */
export const LANE_VARIABLE = 'A2A_TEST_LANE';
/** List/Count/Scan on the embedded engine see each change only this many ms later (strict lane). */
export const VISIBILITY_DELAY_VARIABLE = 'A2A_TEST_VISIBILITY_DELAY_MS';

export function testLane(env: NodeJS.ProcessEnv = process.env): TestLane {
  const lane = env[LANE_VARIABLE] ?? 'embedded';
  if (lane === 'temporal') {
    const address = env.TEMPORAL_ADDRESS;
    if (!address) throw new Error(`${LANE_VARIABLE}=temporal runs against a real Temporal server: set TEMPORAL_ADDRESS (e.g. 127.0.0.1:7233)`);
    return { address, namespace: env.TEMPORAL_NAMESPACE || 'default', engine: {} };
  }
  if (lane !== 'embedded') throw new Error(`${LANE_VARIABLE} must be embedded or temporal, got ${JSON.stringify(lane)}`);
  const delay = env[VISIBILITY_DELAY_VARIABLE];
  if (delay !== undefined && !/^\d+$/.test(delay)) throw new Error(`${VISIBILITY_DELAY_VARIABLE} must be a number of milliseconds, got ${JSON.stringify(delay)}`);
  return { namespace: 'default', engine: delay ? { visibilityDelayMs: Number(delay) } : {} };
}


/**
 * Differs per test file (jest loads modules afresh for each): message and context ids built on it
 * do not collide where files share one server (the temporal lane), as `pid-counter` ids would.
 */
export const FILE_RUN = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
