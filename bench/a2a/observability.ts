// bench:a2a's observability phase (issue 10: "the throughput cost of tracing and metrics, goal <= 5%"):
// two deployments side by side, one with tracing and metrics off, one with both on as production
// runs them (spans exported over OTLP to a discarding collector, every process's metrics port
// scraped every 5 s, the Temporal SDK core's metrics on), measured in alternating slices of one run
// so drift on the machine falls on both alike.
import net from 'node:net';
import type { OtlpSink } from './otlp-sink';

/** A port nobody listens on now (the processes bind it themselves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ObservedEnv {
  off: Record<string, string>;
  on: { worker: Record<string, string>; api: Record<string, string> };
  metricsPorts: number[];
}

/** The environments of the two deployments: off, and on with its own metrics ports per process. */
export async function observabilityEnvs(sink: OtlpSink): Promise<ObservedEnv> {
  const [workerMetrics, apiMetrics, coreMetrics] = [await freePort(), await freePort(), await freePort()];
  // BENCH_OBSERVED=tracing or =metrics turns on only that one, to see which costs what.
  const parts = new Set((process.env.BENCH_OBSERVED ?? 'tracing,metrics').split(','));
  const tracing: Record<string, string> = parts.has('tracing') ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {};
  const metrics = (port: number, extra: Record<string, string> = {}): Record<string, string> =>
    parts.has('metrics') ? { METRICS_PORT: String(port), ...extra } : { METRICS_DISABLED: 'true' };
  return {
    off: { METRICS_DISABLED: 'true' },
    on: {
      worker: { ...tracing, ...metrics(workerMetrics, { TEMPORAL_METRICS_PORT: String(coreMetrics) }) },
      api: { ...tracing, ...metrics(apiMetrics) },
    },
    metricsPorts: parts.has('metrics') ? [workerMetrics, apiMetrics] : [],
  };
}

/** Scrapes each port every `everyMs`, as Prometheus would; answers a stop that reports what it read. */
export function scrapeEvery(ports: number[], everyMs: number): () => { scrapes: number; failures: number; bytes: number } {
  const tally = { scrapes: 0, failures: 0, bytes: 0 };
  const timer = setInterval(() => {
    for (const port of ports) {
      fetch(`http://127.0.0.1:${port}/metrics`)
        .then(async (response) => {
          const body = await response.text();
          if (!response.ok) throw new Error(String(response.status));
          tally.scrapes++;
          tally.bytes += body.length;
        })
        .catch(() => tally.failures++);
    }
  }, everyMs);
  return () => {
    clearInterval(timer);
    return tally;
  };
}
