// A push delivery attempt is a client span with the task id, and the webhook receives its W3C
// `traceparent`, so a receiver that traces continues the task's trace.
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPushActivities } from '../../activities/push/deliver-push-notification';
import { createAuditLog } from '../../src/audit/audit-log';
import { createSilentLogger } from '../../src/logger';
import { startTracing, type Tracing } from '../../src/telemetry/tracing';
import { createWebhookPolicy } from '../../src/webhooks/webhook-policy';
import { createActivityEnvironment, runActivity } from '../activities/support/run-activity';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let receiver: Server;
let url: string;
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  tracing = startTracing({ env: {}, defaultServiceName: 'test', exporter, batch: false });
  receiver = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/a2a?secret=s3cret`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await tracing.shutdown();
});

it('a delivery attempt is a client span with the task id, and the webhook receives its traceparent', async () => {
  const logger = createSilentLogger();
  const { deliverPushNotification } = createPushActivities({
    policy: createWebhookPolicy({ allowHttp: true, allowlist: ['127.0.0.1/32'] }),
    renderPayload: () => ({ statusUpdate: {} }),
    timeoutMs: 5_000,
    logger,
    audit: createAuditLog(logger),
  });
  const args = {
    taskId: 'task-1',
    agentId: 'echo',
    config: { id: 'c1', taskId: 'task-1', url },
    event: { kind: 'message', message: { messageId: 'm1', role: 'agent', parts: [] } },
    seq: 1,
  } as unknown as Parameters<typeof deliverPushNotification>[0];
  await runActivity(createActivityEnvironment({ attempt: 2 }), deliverPushNotification, args);

  const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'POST');
  expect(span.kind).toBe(SpanKind.CLIENT);
  expect(span.attributes).toMatchObject({ 'a2a.task.id': 'task-1', 'a2a.push.attempt': 2, 'http.response.status_code': 204, 'a2a.push.outcome': 'delivered' });
  // The URL without its query: a receiver's secret stays out of the trace.
  expect(span.attributes['url.full']).toBe(url.split('?')[0]);
  const { traceId, spanId } = span.spanContext();
  expect(received[0].traceparent).toBe(`00-${traceId}-${spanId}-01`);
});
