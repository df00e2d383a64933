// Public entry point of the embedded Temporal-compatible engine: an in-process gRPC server that the
// official SDK reaches exactly like a real cluster. With `dataDir` its state survives kill -9.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { createGrpcServer } from './grpc/server';
import { createStderrLogger, type EngineLogger } from './logger';
import { defaultTuning, Engine, type EngineTuning } from './engine/engine';
import { createTimerDispatch } from './engine/timer-dispatch';
import { taskHandlers } from './api/task-handlers';
import { executionHandlers } from './api/execution-handlers';
import { historyHandlers } from './api/history-handlers';
import { updateHandlers } from './api/update-handlers';
import { healthHandlers, operatorHandlers, systemHandlers } from './api/system-handlers';
import { openStore } from './persistence/store';
import { serverLimits, type EngineLimits } from './engine/limits';
import { enforceHistoryLimits } from './engine/history-limits';
import { DelayedVisibility } from './visibility/delay';

export type { EngineLogger } from './logger';
export { serverLimits, type EngineLimits } from './engine/limits';

export interface EmbeddedTemporalOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Directory for the write-ahead log and snapshots; state is in memory only when omitted. */
  dataDir?: string;
  namespace?: string;
  logger?: EngineLogger;
  /** fsync every commit (default false: written to the kernel, survives a process crash, not power loss). */
  fsync?: boolean;
  /** Compact the write-ahead log into a snapshot once it exceeds this size (default 64 MiB). */
  walCompactBytes?: number;
  /** Overrides for timing knobs (long-poll length, retention, sticky liveness...). */
  tuning?: Partial<EngineTuning>;
  /** The namespace's retention: closed runs are dropped this long after they close (default 24 h, as `tuning.retentionMs`). */
  retentionMs?: number;
  /** Overrides for the server's per-workflow limits (defaults: a real cluster's; 0 disables one). */
  limits?: Partial<EngineLimits>;
  /** List/Count/Scan see each change only this many ms after it (default 0: at once). */
  visibilityDelayMs?: number;
}

export interface EmbeddedTemporal {
  /** `127.0.0.1:<port>`, ready for `Connection.connect({ address })`. */
  address: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedTemporal(options: EmbeddedTemporalOptions = {}): Promise<EmbeddedTemporal> {
  const logger = options.logger ?? createStderrLogger();
  const namespace = options.namespace ?? 'default';
  const engine = new Engine(logger, { ...defaultTuning, ...options.tuning, ...(options.retentionMs ? { retentionMs: options.retentionMs } : {}) });
  engine.onTimer = createTimerDispatch(engine);
  engine.limits = { ...serverLimits, ...options.limits };
  const visibility = options.visibilityDelayMs ? new DelayedVisibility(options.visibilityDelayMs) : null;
  engine.onRunChanged = (run) => {
    enforceHistoryLimits(engine, run);
    visibility?.record(run);
  };
  if (options.dataDir) {
    openStore(engine, { dir: options.dataDir, fsync: options.fsync ?? false, logger, compactBytes: options.walCompactBytes });
  }
  if (visibility) {
    for (const run of engine.runs.values()) visibility.seed(run);
    engine.visibility = visibility;
  }
  if (!engine.namespaces.has(namespace)) {
    engine.transact(() => {
      const ns = { name: namespace, id: randomUUID(), searchAttributes: {}, inferredTypes: {} };
      engine.namespaces.set(namespace, ns);
      engine.touchNamespace(ns);
    });
  }
  const server = createGrpcServer(
    [
      { name: 'temporal.api.workflowservice.v1.WorkflowService', handlers: { ...systemHandlers(engine, namespace), ...executionHandlers(engine), ...historyHandlers(engine), ...taskHandlers(engine), ...updateHandlers(engine) } },
      { name: 'temporal.api.operatorservice.v1.OperatorService', handlers: operatorHandlers(engine, namespace) },
      { name: 'grpc.health.v1.Health', handlers: healthHandlers() },
    ],
    logger,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  logger.info('embedded temporal listening', { port, dataDir: options.dataDir });
  let closed: Promise<void> | null = null;
  return {
    address: `127.0.0.1:${port}`,
    port,
    close: () => {
      if (!closed) {
        const stopped = engine.close();
        // Long polls would hold a graceful shutdown for up to their full length.
        server.forceShutdown();
        closed = stopped;
      }
      return closed;
    },
  };
}
