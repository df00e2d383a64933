// Reads that need no worker (issue 9, item 3) on the real stack: a blocking send returns at the
// task's terminal state while a failing webhook keeps its run open; then, with every worker stopped,
// GetTask answers from the copy the run published, ListTasks answers without one query per task, and
// a non-blocking send answers with the submitted task. No timing is asserted (see bench:a2a).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTemporalCallCounters, type TemporalCall } from '../../api/temporal/temporal-call-metrics';
import { PUBLISHED_COPY_METADATA } from '../../src/task-runtime/published-task';
import { eventuallyListed } from '../support/eventually-listed';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
let webhook: http.Server;
let webhookUrl: string;
const counters = createTemporalCallCounters();

beforeAll(async () => {
  // A webhook that always fails: the default push retry policy keeps a run open for minutes.
  webhook = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(500).end()));
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
  platform = await startTestPlatform({ temporalCallMetrics: counters });
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await new Promise<void>((r) => webhook.close(() => r()));
});

const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };
let rpcId = 0;
// Wire JSON, asserted field by field below.
async function rpc(method: string, params: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(`${platform.baseUrl}/agents/conformance`, {
    method: 'POST',
    headers: V1,
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  return response.json();
}

const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
const contextId = unique('ctx');
const message = (messageId: string, extra: Record<string, unknown> = {}) => ({
  message: { messageId, role: 'ROLE_USER', parts: [{ text: 'payload' }], contextId, ...extra },
});
const runStatus = async (taskId: string) => (await platform.client.workflow.getHandle(`a2a-task-${taskId}`).describe()).status.name;

async function callsDuring(fn: () => Promise<unknown>): Promise<Partial<Record<TemporalCall, number>>> {
  const before = counters.snapshot();
  await fn();
  const after = counters.snapshot();
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as TemporalCall]]).filter(([, v]) => v !== 0));
}

let parked: { id: string };
let completed: { id: string };

describe('while workers run', () => {
  it('a blocking send returns at the terminal state while a failing webhook keeps the run open', async () => {
    const reply = await rpc('SendMessage', {
      ...message(unique('tck-complete-task')),
      configuration: { taskPushNotificationConfig: { url: webhookUrl } },
    });
    expect(reply.result.task.status.state).toBe('TASK_STATE_COMPLETED');
    // The run is still delivering the notifications the webhook refuses: the send did not wait for it.
    expect(await runStatus(reply.result.task.id)).toBe('RUNNING');
    completed = reply.result.task;
    parked = (await rpc('SendMessage', message(unique('tck-input-required')))).result.task;
    expect(parked).toMatchObject({ status: { state: 'TASK_STATE_INPUT_REQUIRED' } });
  });
});

describe('with every worker stopped', () => {
  beforeAll(async () => {
    const worker = platform.worker!;
    worker.shutdown();
    while (worker.getState() !== 'STOPPED') await new Promise((r) => setTimeout(r, 50));
  }, 60_000);

  it('GetTask answers a task whose history moved on from the copy its run published', async () => {
    // Input no worker takes: the run's history grows (signal, workflow task scheduled), so a query
    // would wait for a worker. The non-blocking send answers all the same.
    const answered = await rpc('SendMessage', { ...message(unique('answer'), { taskId: parked.id }), configuration: { returnImmediately: true } });
    expect(answered.error).toBeUndefined();
    const got = await rpc('GetTask', { id: parked.id });
    expect(got.error).toBeUndefined();
    expect(got.result).toMatchObject({ id: parked.id, contextId, status: { state: 'TASK_STATE_INPUT_REQUIRED', message: { parts: [{ text: 'Input required' }] } } });
    expect(got.result.metadata[PUBLISHED_COPY_METADATA]).toMatchObject({ seq: expect.any(Number) });
    // A query went unanswered: the next reads do not wait on one (the breaker is open).
    expect(await callsDuring(() => rpc('GetTask', { id: parked.id }))).toEqual({ describe: 1 });
  }, 30_000);

  it('SendMessage with returnImmediately answers with the submitted task, and GetTask reads it back', async () => {
    const reply = await rpc('SendMessage', { ...message(unique('test-resubscribe-message-id')), configuration: { returnImmediately: true } });
    expect(reply.error).toBeUndefined();
    expect(reply.result.task).toMatchObject({ contextId, status: { state: 'TASK_STATE_SUBMITTED' } });
    expect(await runStatus(reply.result.task.id)).toBe('RUNNING');
    const got = await rpc('GetTask', { id: reply.result.task.id });
    expect(got.result).toMatchObject({ id: reply.result.task.id, status: { state: 'TASK_STATE_SUBMITTED' } });
  }, 30_000);

  it('ListTasks answers from the published copies, without one query per task', async () => {
    // Visibility lags writes on a cluster (and in the strict lane): wait until it lists all three,
    // then count the calls of one listing.
    await eventuallyListed('the three tasks of the context', async () => (await rpc('ListTasks', { contextId })).result, (r) => r?.tasks?.length === 3);
    let page: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const calls = await callsDuring(async () => (page = (await rpc('ListTasks', { contextId })).result));
    const states = Object.fromEntries(page.tasks.map((t: { id: string; status: { state: string } }) => [t.id, t.status.state]));
    expect(states).toMatchObject({ [parked.id]: 'TASK_STATE_INPUT_REQUIRED', [completed.id]: 'TASK_STATE_COMPLETED' });
    expect(page.tasks).toHaveLength(3);
    expect(calls).toEqual({ list: 1, count: 1 });
  }, 30_000);
});
