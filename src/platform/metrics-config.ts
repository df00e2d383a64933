// Metrics settings from the environment: the process's registry (unless METRICS_DISABLED), its own
// scrape listener (METRICS_PORT), and the Temporal SDK core's Prometheus endpoint (TEMPORAL_METRICS_PORT),
// which a worker process appends to its /metrics.
import type { Env } from '../config';
import { createPlatformMetrics } from '../metrics/platform-metrics';
import type { PlatformOptions } from './start-platform';

const temporalCoreAddress = (env: Env) => (env.TEMPORAL_METRICS_PORT ? `127.0.0.1:${env.TEMPORAL_METRICS_PORT}` : undefined);

export function metricsOptions(env: Env): Pick<PlatformOptions, 'metrics' | 'metricsServer'> {
  if (env.METRICS_DISABLED) return {};
  const core = env.RUN_WORKER ? temporalCoreAddress(env) : undefined;
  return {
    metrics: createPlatformMetrics(core ? { temporalCoreUrl: `http://${core}/metrics` } : {}),
    ...(env.METRICS_PORT !== undefined ? { metricsServer: { host: env.METRICS_HOST, port: env.METRICS_PORT } } : {}),
  };
}

/** The SDK runtime's telemetry, installed with the worker (once per process, before any worker). */
export function temporalMetricsRuntime(env: Env): Pick<PlatformOptions['worker'], 'sdkRuntime'> {
  const bindAddress = temporalCoreAddress(env);
  return bindAddress && env.RUN_WORKER ? { sdkRuntime: { prometheusBindAddress: bindAddress } } : {};
}
