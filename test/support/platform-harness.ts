// Starts the whole platform in-process the way `npm start` wires it (embedded engine in memory,
// worker, API on 127.0.0.1:0), with the workflow bundle built once per test file. Temporal is the
// test lane's (test-lane.ts): the engine with the lane's settings, or the real server it names.
import { bundleWorkflowCode } from '@temporalio/worker';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { createMemoryArtifactStore } from '../../src/artifact-store';
import { createSilentLogger } from '../../src/logger';
import { startPlatform, type Platform, type PlatformOptions } from '../../src/platform/start-platform';
import { WORKFLOWS_PATH } from '../../src/worker/create-task-worker';
import { quietRuntime, silentLogger } from './embedded-temporal-harness';
import { testLane } from './test-lane';

let bundle: Promise<{ code: string }> | undefined;

export function workflowBundle(): Promise<{ code: string }> {
  const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silent as never });
  return bundle;
}

export type PlatformOverrides = Partial<Omit<PlatformOptions, 'api' | 'worker' | 'temporal'>> & {
  api?: Partial<PlatformOptions['api']>;
  worker?: Partial<PlatformOptions['worker']>;
  temporal?: Partial<PlatformOptions['temporal']>;
};

export async function startTestPlatform(overrides: PlatformOverrides = {}): Promise<Platform & { baseUrl: string }> {
  quietRuntime();
  const lane = testLane();
  const platform = await startPlatform({
    taskQueue: `test-${process.pid}-${Date.now()}`,
    agents: createAgentRegistry(),
    logger: createSilentLogger(),
    webhooks: { allowHttp: true, allowlist: ['127.0.0.1/32'], timeoutMs: 5_000 },
    artifacts: { store: createMemoryArtifactStore() },
    ...overrides,
    temporal: {
      namespace: lane.namespace,
      address: lane.address,
      ...overrides.temporal,
      embedded: { port: 0, logger: silentLogger(), ...lane.engine, ...overrides.temporal?.embedded },
    },
    api: { host: '127.0.0.1', port: 0, heartbeatMs: 1_000, ...overrides.api },
    worker: { enabled: true, workflowBundle: await workflowBundle(), ...overrides.worker },
  });
  return Object.assign(platform, { baseUrl: platform.api?.url ?? '' });
}
