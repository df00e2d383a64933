// One registry per platform (never prom-client's global one), so two platforms in one process, as
// tests run them, keep their counts apart. Both roles register all their series; an API-only or
// worker-only process simply never moves the other role's. `scrape()` is the text format, with the
// Temporal SDK core's own metrics appended when this process's worker exposes them on loopback.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createApiMetrics, type ApiMetrics } from './api-metrics';
import { createTaskMetrics, type TaskMetrics } from './task-metrics';
import { createWorkerMetrics, type WorkerMetrics } from './worker-metrics';

export interface PlatformMetrics {
  registry: Registry;
  api: ApiMetrics;
  tasks: TaskMetrics;
  worker: WorkerMetrics;
  contentType: string;
  /** The whole exposition: our series, then the Temporal core's when `temporalCoreUrl` is set. */
  scrape(): Promise<string>;
}

export interface PlatformMetricsOptions {
  /** Node process series (CPU, memory, event loop lag, GC) as `process_*` / `nodejs_*`. Default true. */
  processMetrics?: boolean;
  /** Where the Temporal SDK core serves its Prometheus metrics (Runtime telemetry), e.g. http://127.0.0.1:9465/metrics. */
  temporalCoreUrl?: string;
  /** How long a scrape waits for the core's metrics before going on without them. Default 2 s. */
  temporalCoreTimeoutMs?: number;
}

export function createPlatformMetrics(options: PlatformMetricsOptions = {}): PlatformMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const { temporalCoreUrl } = options;
  return {
    registry,
    api: createApiMetrics(registry),
    tasks: createTaskMetrics(registry),
    worker: createWorkerMetrics(registry),
    contentType: registry.contentType,
    async scrape() {
      const own = await registry.metrics();
      if (!temporalCoreUrl) return own;
      return own + (await scrapeTemporalCore(temporalCoreUrl, options.temporalCoreTimeoutMs ?? 2_000));
    },
  };
}

/** The core's exposition as is (its families are prefixed `temporal_`, ours `a2a_`: no clash); a comment when it does not answer. */
async function scrapeTemporalCore(url: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return `# Temporal SDK core metrics unavailable: HTTP ${response.status}\n`;
    const text = await response.text();
    return text.endsWith('\n') || text === '' ? text : `${text}\n`;
  } catch (err) {
    return `# Temporal SDK core metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`.replace(/\n(?!$)/g, ' ');
  }
}
