// Routes the Temporal SDK's own log lines (worker lifecycle, workflow and activity logs) into the
// application's structured logger at WARN and above, plus every audit record workflows write
// (`log.info('audit', { audit: … })`), whatever the level: audit is not diagnostics. Task lifecycle
// lines workflows write at info (`lifecycle: …`) pass too, under component `task`.
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logger';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};
const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** Task lifecycle lines from workflows (`log.info('task completed', { lifecycle: … })`) are for operators. */
const isLifecycle = (entry: LogEntry) => typeof entry.meta?.lifecycle === 'string';

export function sdkLogFilter(level: LogLevel): (entry: LogEntry) => boolean {
  return (entry) => RANK[entry.level] >= RANK[level] || typeof entry.meta?.audit === 'string' || isLifecycle(entry);
}

/**
 * `shutdownSignals`: signals on which the SDK runtime shuts every worker down by itself (its default:
 * SIGINT, SIGTERM, SIGQUIT, SIGUSR2). An entry point with its own shutdown order passes [].
 */
export interface SdkRuntimeOptions {
  shutdownSignals?: NodeJS.Signals[];
  /** Where the SDK core serves its own Prometheus metrics (`host:port`, loopback); none when omitted. */
  prometheusBindAddress?: string;
}

export function installSdkLogging(logger: Logger, level: LogLevel = 'WARN', runtime: SdkRuntimeOptions = {}): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  // Audit records are kept whatever LOG_LEVEL says about diagnostics (a silenced logger stays silent).
  const audit = logger.child({ component: 'audit' }, { level: logger.level === 'silent' ? 'silent' : 'info' });
  // Lifecycle lines follow LOG_LEVEL like any info line (pino drops them above info).
  const tasks = logger.child({ component: 'task' });
  const keep = sdkLogFilter(level);
  // The runtime logger must pass INFO through for audit records; the filter drops the rest.
  const runtimeLevel: LogLevel = RANK[level] > RANK.INFO ? 'INFO' : level;
  Runtime.install({
    ...(runtime.shutdownSignals ? { shutdownSignals: runtime.shutdownSignals } : {}),
    ...(runtime.prometheusBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: runtime.prometheusBindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true } } } }
      : {}),
    logger: new DefaultLogger(runtimeLevel, (entry) => {
      if (!keep(entry)) return;
      const target = typeof entry.meta?.audit === 'string' ? audit : isLifecycle(entry) ? tasks : sdk;
      target[PINO_LEVEL[entry.level]](entry.meta ?? {}, entry.message);
    }),
  });
}
