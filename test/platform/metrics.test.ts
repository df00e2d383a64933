// Prometheus metrics on the real stack (embedded engine, worker, document tool server, fake model on
// loopback, API with JWT authentication). A scripted run (an echo task; a document-verifier task
// that waits for approval, with a subscriber and a webhook, and is approved; refused requests)
// leaves exactly the expected series: counted once each (with every activation replayed from
// history), labelled by agent, route pattern and outcome, never by task id. /metrics is for
// operators; the metrics port serves scrapers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlatformMetrics } from '../../src/metrics/platform-metrics';
import { samplePdf, sampleInconsistentInvoice } from '../../src/documents/samples';
import { startFakeOpenAiServer, step, type FakeOpenAiServer } from '../support/fake-openai';
import { startTestPlatform } from '../support/platform-harness';
import { parsePrometheusText, select, sumOf, valueOf, type Sample } from '../support/prometheus-text';
import { bearer, testAuthenticator, type TestPrincipal } from '../security/support/auth-fixtures';
import { call } from '../security/support/http';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;

const TENANT = 'acme';
const OWNER: TestPrincipal = { subject: 'alice', tenant: TENANT };
const APPROVER: TestPrincipal = { subject: 'bob', tenant: TENANT, roles: ['approver'] };
const OPERATOR: TestPrincipal = { subject: 'olga', tenant: TENANT, roles: ['a2a-operator'] };
const NO_SCOPE: TestPrincipal = { subject: 'nemo', tenant: TENANT, scopes: [] };
const VERIFIER = '/agents/document-verifier';
const ECHO = '/agents/echo';
const USAGE = { promptTokens: 120, completionTokens: 30, totalTokens: 150 };

let platform: Started;
let model: FakeOpenAiServer;
let receiver: http.Server;
let pushesReceived = 0;
let hookUrl: string;
const headers: Record<string, Record<string, string>> = {};
let verifierTaskId: string;
let streamOpenWhileWaiting: number | undefined;

const message = (id: string, parts: unknown[], extra: Record<string, unknown> = {}) => ({ message: { messageId: id, role: 'ROLE_USER', parts, ...extra } });

async function scrape(via: 'api' | 'port' = 'api'): Promise<Sample[]> {
  const response =
    via === 'api' ? await fetch(`${platform.baseUrl}/metrics`, { headers: headers.operator }) : await fetch(platform.metricsServer!.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

/** Sinks and activity wrappers report when the worker finishes its work, which may trail the API's view by a moment. */
async function eventually(check: (samples: Sample[]) => boolean): Promise<Sample[]> {
  let samples: Sample[] = [];
  for (let i = 0; i < 200; i++) {
    samples = await scrape();
    if (check(samples)) return samples;
    await new Promise((r) => setTimeout(r, 50));
  }
  return samples;
}

async function taskState(taskId: string): Promise<string> {
  const got = await call(platform.baseUrl, 'GET', `${VERIFIER}/tasks/${taskId}`, { headers: headers.owner });
  return got.body.status.state as string;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => {
    pushesReceived += 1;
    res.writeHead(200).end();
  }));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  model = await startFakeOpenAiServer({ responder: () => step.text('The invoice totals do not add up.', { usage: USAGE }) });
  platform = await startTestPlatform({
    authenticator: testAuthenticator().authenticator,
    toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
    model: { baseUrl: model.baseUrl, model: 'fake-model', requestTimeoutMs: 10_000 },
    metrics: createPlatformMetrics(),
    metricsServer: { host: '127.0.0.1', port: 0 },
    // No workflow cache: every activation replays the task's history first, so a fact counted again on replay would show.
    worker: { maxCachedWorkflows: 0 },
  });
  for (const [name, p] of Object.entries({ owner: OWNER, approver: APPROVER, operator: OPERATOR, noScope: NO_SCOPE })) headers[name] = await bearer(p);

  // The scripted run. An echo task, and two refusals of the same send.
  const echo = await call(platform.baseUrl, 'POST', `${ECHO}/message:send`, { headers: headers.owner, body: message('echo-1', [{ text: 'hello' }]) });
  expect(echo.body.task.status.state).toBe('TASK_STATE_COMPLETED');
  expect((await call(platform.baseUrl, 'POST', `${ECHO}/message:send`, { body: message('echo-2', [{ text: 'hi' }]) })).status).toBe(401);
  expect((await call(platform.baseUrl, 'POST', `${ECHO}/message:send`, { headers: headers.noScope, body: message('echo-3', [{ text: 'hi' }]) })).status).toBe(403);

  // A document to verify, with a webhook; it waits for an approver.
  const file = { raw: Buffer.from(samplePdf(sampleInconsistentInvoice())).toString('base64'), mediaType: 'application/pdf', filename: 'invoice.pdf' };
  const sent = await call(platform.baseUrl, 'POST', `${VERIFIER}/message:send`, {
    headers: headers.owner,
    body: { ...message('verify-1', [file]), configuration: { returnImmediately: true, taskPushNotificationConfig: { url: hookUrl } } },
  });
  expect(sent.status).toBe(200);
  verifierTaskId = sent.body.task.id as string;
  await until('input-required', async () => (await taskState(verifierTaskId)) === 'TASK_STATE_INPUT_REQUIRED');

  // A subscriber follows it through the approval; the gauge sees its stream while it is open.
  const stream = await fetch(`${platform.baseUrl}${VERIFIER}/tasks/${verifierTaskId}:subscribe`, { headers: { ...headers.owner, 'A2A-Version': '1.0' } });
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  await reader.read();
  streamOpenWhileWaiting = valueOf(await scrape(), 'a2a_sse_streams_open');

  const approved = await call(platform.baseUrl, 'POST', `${VERIFIER}/message:send`, {
    headers: headers.approver,
    body: message('approve-1', [{ data: { decision: 'approve', reason: 'checked by hand' } }], { taskId: verifierTaskId }),
  });
  expect(approved.status).toBe(200);
  while (!(await reader.read()).done) {
    // The stream ends once the task is done.
  }
  await until('completed', async () => (await taskState(verifierTaskId)) === 'TASK_STATE_COMPLETED');
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await model?.close();
  await new Promise<void>((r) => receiver?.close(() => r()));
});

describe('after the scripted run, a scrape holds', () => {
  it('tasks started and finished by agent and terminal state, each counted once, with their durations', async () => {
    const samples = await eventually((s) => sumOf(s, 'a2a_tasks_finished_total') === 2);
    expect(select(samples, 'a2a_tasks_started_total').map((s) => [s.labels.agent, s.value]).sort()).toEqual([
      ['document-verifier', 1],
      ['echo', 1],
    ]);
    expect(select(samples, 'a2a_tasks_finished_total').map((s) => [s.labels.agent, s.labels.state, s.value]).sort()).toEqual([
      ['document-verifier', 'completed', 1],
      ['echo', 'completed', 1],
    ]);
    expect(valueOf(samples, 'a2a_task_duration_seconds_count', { agent: 'document-verifier', state: 'completed' })).toBe(1);
    expect(valueOf(samples, 'a2a_task_duration_seconds_count', { agent: 'echo', state: 'completed' })).toBe(1);
    expect(valueOf(samples, 'a2a_task_duration_seconds_sum', { agent: 'document-verifier', state: 'completed' })).toBeGreaterThan(0);
  });

  it('one wait in input-required (the approval) and one approval decision, approve', async () => {
    const samples = await eventually((s) => sumOf(s, 'a2a_approval_decisions_total') === 1);
    expect(select(samples, 'a2a_task_input_required_seconds_count').map((s) => [s.labels.agent, s.labels.state, s.value])).toEqual([
      ['document-verifier', 'input-required', 1],
    ]);
    expect(select(samples, 'a2a_approval_decisions_total').map((s) => [s.labels.agent, s.labels.outcome, s.value])).toEqual([
      ['document-verifier', 'approve', 1],
    ]);
  });

  it('A2A operations by method, agent and outcome, and refusals by reason', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'a2a_operations_total', { method: 'sendMessage', agent: 'echo', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'a2a_operations_total', { method: 'sendMessage', agent: 'echo', outcome: 'Unauthenticated' })).toBe(1);
    expect(valueOf(samples, 'a2a_operations_total', { method: 'sendMessage', agent: 'echo', outcome: 'PermissionDenied' })).toBe(1);
    expect(valueOf(samples, 'a2a_operations_total', { method: 'sendMessage', agent: 'document-verifier', outcome: 'ok' })).toBe(2);
    expect(valueOf(samples, 'a2a_operations_total', { method: 'subscribeToTask', agent: 'document-verifier', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'a2a_operation_duration_seconds_count', { method: 'sendMessage', agent: 'document-verifier' })).toBe(2);
    expect(valueOf(samples, 'a2a_refusals_total', { reason: 'auth' })).toBe(1);
    expect(valueOf(samples, 'a2a_refusals_total', { reason: 'scope' })).toBe(1);
  });

  it('HTTP requests by route pattern and status, never by raw path', async () => {
    const samples = await scrape();
    const sends = (status: string) => valueOf(samples, 'a2a_http_requests_total', { route: '/agents/:agentId/message:send', method: 'POST', status });
    expect([sends('200'), sends('401'), sends('403')]).toEqual([3, 1, 1]);
    expect(valueOf(samples, 'a2a_http_requests_total', { route: '/agents/:agentId/tasks/:id:subscribe', method: 'GET', status: '200' })).toBe(1);
    expect(valueOf(samples, 'a2a_http_requests_total', { route: '/agents/:agentId/tasks/:id', method: 'GET', status: '200' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'a2a_http_request_duration_seconds_count', { route: '/agents/:agentId/message:send', method: 'POST', status: '200' })).toBe(3);
    const labelValues = samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v.includes(verifierTaskId))).toEqual([]);
  });

  it('the open SSE stream while it was open, none once it ended', async () => {
    expect(streamOpenWhileWaiting).toBe(1);
    const samples = await eventually((s) => valueOf(s, 'a2a_sse_streams_open') === 0);
    expect(valueOf(samples, 'a2a_sse_streams_open')).toBe(0);
  });

  it('tool calls by tool and outcome with latency, model calls and tokens by agent and model, push deliveries by outcome and attempt', async () => {
    const samples = await eventually((s) => sumOf(s, 'a2a_push_deliveries_total') === pushesReceived && pushesReceived > 0);
    const tools = select(samples, 'a2a_tool_calls_total');
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.map((s) => [s.labels.server, s.labels.outcome])).toEqual(tools.map(() => ['documents', 'ok']));
    for (const s of tools) {
      expect(valueOf(samples, 'a2a_tool_call_duration_seconds_count', { server: 'documents', tool: s.labels.tool! })).toBe(s.value);
    }
    const modelCalls = model.requests.length;
    expect(modelCalls).toBeGreaterThan(0);
    expect(valueOf(samples, 'a2a_model_calls_total', { agent: 'document-verifier', model: 'fake-model', outcome: 'ok' })).toBe(modelCalls);
    expect(valueOf(samples, 'a2a_model_tokens_total', { agent: 'document-verifier', model: 'fake-model', type: 'input' })).toBe(modelCalls * USAGE.promptTokens);
    expect(valueOf(samples, 'a2a_model_tokens_total', { agent: 'document-verifier', model: 'fake-model', type: 'output' })).toBe(modelCalls * USAGE.completionTokens);
    expect(select(samples, 'a2a_push_deliveries_total').map((s) => [s.labels.outcome, s.labels.attempt, s.value])).toEqual([['delivered', '1', pushesReceived]]);
  });
});

describe('GET /metrics on the API', () => {
  it('is refused without credentials (401), without the operator role (403), and served to an operator', async () => {
    const before = await scrape();
    const anonymous = await fetch(`${platform.baseUrl}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const owner = await fetch(`${platform.baseUrl}/metrics`, { headers: headers.owner });
    expect(owner.status).toBe(403);
    expect(((await owner.json()) as { error: { message: string } }).error.message).toMatch(/a2a-operator role is required/);
    const after = await scrape();
    expect(valueOf(after, 'a2a_refusals_total', { reason: 'auth' })).toBe(valueOf(before, 'a2a_refusals_total', { reason: 'auth' })! + 1);
    expect(valueOf(after, 'a2a_refusals_total', { reason: 'role' })).toBe(1);
    expect(valueOf(after, 'a2a_http_requests_total', { route: '/metrics', method: 'GET', status: '403' })).toBe(1);
  });
});

describe('the metrics port', () => {
  it('serves the same series without credentials, on loopback, at /metrics only', async () => {
    expect(platform.metricsServer!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const samples = await scrape('port');
    expect(valueOf(samples, 'a2a_tasks_started_total', { agent: 'echo' })).toBe(1);
    expect(select(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect((await fetch(platform.metricsServer!.url.replace(/\/metrics$/, '/other'))).status).toBe(404);
  });
});
