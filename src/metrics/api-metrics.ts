// The API process's series: HTTP requests by route pattern (never the raw path, which holds task
// ids), A2A operations by method, agent and outcome, refusals by reason, and open SSE streams.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { REQUEST_BUCKETS } from './buckets';
import { childCache } from './child-cache';

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
  const registers = [registry];
  const requests = new Counter({
    name: 'a2a_http_requests_total',
    help: 'HTTP requests served, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'a2a_http_request_duration_seconds',
    help: 'HTTP request latency (for SSE streams: how long the stream stayed open), by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const operations = new Counter({
    name: 'a2a_operations_total',
    help: 'A2A operations, by method, agent and outcome (ok or the A2A error name).',
    labelNames: ['method', 'agent', 'outcome'],
    registers,
  });
  const operationSeconds = new Histogram({
    name: 'a2a_operation_duration_seconds',
    help: 'A2A operation latency, by method and agent (streams: until the stream ended).',
    labelNames: ['method', 'agent'],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const refusals = new Counter({
    name: 'a2a_refusals_total',
    help: 'Requests refused at admission, by reason (auth, scope, role, rate).',
    labelNames: ['reason'],
    registers,
  });
  let openStreams: () => number = () => 0;
  new Gauge({
    name: 'a2a_sse_streams_open',
    help: 'SSE streams open right now.',
    registers,
    collect() {
      this.set(openStreams());
    },
  });

  const requestChild = childCache((route, method, status) => ({
    count: requests.labels(route, method, status),
    seconds: requestSeconds.labels(route, method, status),
  }));
  const operationCount = childCache((method, agent, outcome) => operations.labels(method, agent, outcome));
  const operationTime = childCache((method, agent) => operationSeconds.labels(method, agent));
  const refusalChild = childCache((reason) => refusals.labels(reason));

  return {
    request(route, method, status, seconds) {
      const child = requestChild(route, method, String(status));
      child.count.inc();
      child.seconds.observe(seconds);
    },
    operation(method, agent, outcome, seconds) {
      operationCount(method, agent, outcome).inc();
      operationTime(method, agent).observe(seconds);
    },
    refused(reason) {
      refusalChild(reason).inc();
    },
    observeOpenStreams(count) {
      openStreams = count;
    },
  };
}
