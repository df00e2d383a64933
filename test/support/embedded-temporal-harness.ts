// Test harness for the embedded engine: an in-process engine, a client, workers built on one
// workflow bundle per test file, and history replay so every scenario also proves determinism.
// The engine takes the test lane's settings (test-lane.ts) unless a test passes its own; in the
// temporal lane the harness connects to the real server instead of starting an engine.
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import * as proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import { startEmbeddedTemporal, type EmbeddedTemporal, type EmbeddedTemporalOptions } from '../../src/embedded-temporal';
import { taskMetricsSinks } from '../../src/metrics/task-metrics';
import { testLane } from './test-lane';

type History = temporal.api.history.v1.IHistory;
type WorkflowBundle = Awaited<ReturnType<typeof bundleWorkflowCode>>;

let runtimeInstalled = false;

/** Keeps SDK logs to errors: expected activity failures would otherwise flood the test output. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
  } catch {
    // Already installed by another test file in this jest worker.
  }
}

/** `workflowInterceptorModules`: e.g. the tracing interceptors, bundled as production does when tracing is on. */
export async function bundleFixtures(workflowsPath: string, workflowInterceptorModules?: string[]): Promise<WorkflowBundle> {
  const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
  return bundleWorkflowCode({ workflowsPath, logger: silent as never, ...(workflowInterceptorModules ? { workflowInterceptorModules } : {}) });
}

export interface Harness {
  /** The engine, or in the temporal lane the real server (closing it closes nothing). */
  engine: EmbeddedTemporal;
  namespace: string;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  close(): Promise<void>;
}

export async function startHarness(options: EmbeddedTemporalOptions = {}): Promise<Harness> {
  quietRuntime();
  const lane = testLane();
  if (lane.address && Object.keys(options).length > 0) {
    // Engine conformance: it tests the engine itself, which the real server replaces in this lane.
    throw new Error(`this test sets the embedded engine's own options (${Object.keys(options).join(', ')}): it runs on the embedded engine only, not against ${lane.address}`);
  }
  const engine = lane.address ? realServer(lane.address) : await startEmbeddedTemporal({ logger: silentLogger(), ...lane.engine, ...options });
  const connection = await Connection.connect({ address: engine.address });
  const nativeConnection = await NativeConnection.connect({ address: engine.address });
  return {
    engine,
    namespace: lane.namespace,
    connection,
    nativeConnection,
    client: new Client({ connection, namespace: lane.namespace }),
    async close() {
      await connection.close();
      await nativeConnection.close();
      await engine.close();
    },
  };
}

function realServer(address: string): EmbeddedTemporal {
  return { address, port: Number(address.split(':').pop()), close: async () => undefined };
}

export function silentLogger() {
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop };
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** Starts a worker in the background; stop() shuts it down and surfaces a crash of run(). */
export async function runWorker(h: Harness, options: Partial<WorkerOptions> & { taskQueue: string; workflowBundle: WorkflowBundle }): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: h.nativeConnection,
    namespace: h.namespace,
    shutdownGraceTime: '1s',
    // Task workflows report to this sink; unregistered, each report would be logged as an error.
    sinks: taskMetricsSinks(),
    ...options,
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/** Replays every history with the same bundle; rejects on any nondeterminism. */
export async function replayAll(workflowBundle: WorkflowBundle, histories: Array<{ workflowId: string; history: History }>): Promise<number> {
  let count = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
    if (result.error) throw new Error(`replay of ${result.workflowId} failed: ${result.error.message}`);
    count++;
  }
  return count;
}

/** Collects the history of a handle (all runs are separate histories) for replay at the end. */
export class HistoryCollector {
  readonly histories: Array<{ workflowId: string; history: History }> = [];

  async add(handle: WorkflowHandle, runId?: string): Promise<History> {
    const target = runId ? handle.client.getHandle(handle.workflowId, runId) : handle;
    const history = await target.fetchHistory();
    // The real workflow id: workflow code may read it (workflowInfo()) and replay must see the same.
    this.histories.push({ workflowId: handle.workflowId, history });
    return history;
  }
}

/** Event type names without the EVENT_TYPE_ prefix, e.g. 'TIMER_FIRED'. */
export function eventTypes(history: History): string[] {
  const names = proto.temporal.api.enums.v1.EventType as unknown as Record<number, string>;
  return (history.events ?? []).map((e) => names[e.eventType as number].replace(/^EVENT_TYPE_/, ''));
}

let counter = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/** Polls `probe` until it returns a truthy value; a generous deadline, never a timing assertion. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once the workflow's (first) pending activity has started and sent a heartbeat. */
export async function activityHeartbeating(handle: WorkflowHandle) {
  return eventually('a started, heartbeating activity', async () => {
    const pending = (await handle.describe()).raw.pendingActivities?.[0];
    return pending?.heartbeatDetails?.payloads?.length ? pending : undefined;
  });
}
