// The API process's series: HTTP requests by route pattern (never the raw path, which holds task
// ids), A2A operations by method, agent and outcome, refusals by reason, and open SSE streams.
import { Gauge, type Registry } from 'prom-client';
import { REQUEST_BUCKETS } from './buckets';
import { counterFamily, histogramFamily } from './families';

/** Why admission turned a request away: no valid credentials, a missing agent scope or role, the rate limit. */
export type RefusalReason = 'auth' | 'scope' | 'role' | 'rate';

export interface ApiMetrics {
  /** One finished HTTP request; `route` is the router's pattern (`unmatched` when none). */
  request(route: string, method: string, status: number, seconds: number): void;
  /** One A2A operation; `outcome` is `ok` or the A2A error name. */
  operation(method: string, agent: string, outcome: string, seconds: number): void;
  refused(reason: RefusalReason): void;
  /** Reads the open-stream count at scrape time (one source per app; the last registered wins). */
  observeOpenStreams(count: () => number): void;
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  const requests = counterFamily(registry, {
    name: 'a2a_http_requests_total',
    help: 'HTTP requests served, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'],
  });
  const requestSeconds = histogramFamily(registry, {
    name: 'a2a_http_request_duration_seconds',
    help: 'HTTP request latency (for SSE streams: how long the stream stayed open), by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'],
    buckets: REQUEST_BUCKETS,
  });
  const operations = counterFamily(registry, {
    name: 'a2a_operations_total',
    help: 'A2A operations, by method, agent and outcome (ok or the A2A error name).',
    labelNames: ['method', 'agent', 'outcome'],
  });
  const operationSeconds = histogramFamily(registry, {
    name: 'a2a_operation_duration_seconds',
    help: 'A2A operation latency, by method and agent (streams: until the stream ended).',
    labelNames: ['method', 'agent'],
    buckets: REQUEST_BUCKETS,
  });
  const refusals = counterFamily(registry, {
    name: 'a2a_refusals_total',
    help: 'Requests refused at admission, by reason (auth, scope, role, rate).',
    labelNames: ['reason'],
  });
  let openStreams: () => number = () => 0;
  new Gauge({
    name: 'a2a_sse_streams_open',
    help: 'SSE streams open right now.',
    registers: [registry],
    collect() {
      this.set(openStreams());
    },
  });
  // Status codes as label strings, made once each.
  const statusText = new Map<number, string>();
  const status = (code: number) => statusText.get(code) ?? (statusText.set(code, String(code)), String(code));

  return {
    request(route, method, code, seconds) {
      const label = status(code);
      requests.inc(route, method, label);
      requestSeconds.observe(seconds, route, method, label);
    },
    operation(method, agent, outcome, seconds) {
      operations.inc(method, agent, outcome);
      operationSeconds.observe(seconds, method, agent);
    },
    refused(reason) {
      refusals.inc(reason);
    },
    observeOpenStreams(count) {
      openStreams = count;
    },
  };
}
