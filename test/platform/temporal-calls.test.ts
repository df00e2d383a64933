// What the API asks of Temporal, counted through the gateway's metrics hook: outcomes are read from
// history where it has them, and a task is queried only once its workflow task is done, so no query
// waits behind a workflow task or has a worker replay a run that just closed.
import { getEventListeners } from 'node:events';
import { createTemporalCallCounters, type TemporalCall } from '../../api/temporal/temporal-call-metrics';
import { TemporalTaskGateway } from '../../api/temporal/temporal-task-gateway';
import { createSilentLogger } from '../../src/logger';
import { openSse } from '../support/a2a-sse';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
const counters = createTemporalCallCounters();
beforeAll(async () => {
  platform = await startTestPlatform({ temporalCallMetrics: counters });
}, 120_000);
afterAll(() => platform?.close());

const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };
let rpcId = 0;
async function rpc(agent: string, method: string, params: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(`${platform.baseUrl}/agents/${agent}`, {
    method: 'POST',
    headers: V1,
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
const message = (messageId: string, extra: Record<string, unknown> = {}) => ({
  message: { messageId, role: 'ROLE_USER', parts: [{ text: 'payload' }], ...extra },
});

/** The calls `fn` caused, by kind. */
async function callsDuring(fn: () => Promise<unknown>): Promise<Partial<Record<TemporalCall, number>>> {
  const before = counters.snapshot();
  await fn();
  const after = counters.snapshot();
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as TemporalCall]]).filter(([, v]) => v !== 0));
}

describe('calls to Temporal', () => {
  it('a blocking send to an agent that completes at once reads the close event: no query, describe or result call', async () => {
    let answer: { task: { status: { state: string }; artifacts: unknown[] } } | undefined;
    const calls = await callsDuring(async () => (answer = await rpc('echo', 'SendMessage', message(unique('echo')))));
    expect(answer?.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(answer?.task.artifacts).toHaveLength(1);
    expect(calls).toEqual({ start: 1, longPoll: expect.any(Number) });
  });

  it('a blocking send that parks the task in input-required queries it once, after its workflow task', async () => {
    let state: string | undefined;
    const calls = await callsDuring(async () => (state = (await rpc('conformance', 'SendMessage', message(unique('tck-input-required')))).task.status.state));
    expect(state).toBe('TASK_STATE_INPUT_REQUIRED');
    expect(calls).toMatchObject({ start: 1, query: 1 });
  });

  it('input streamed to a parked task is followed without querying the run it closes', async () => {
    const parked = (await rpc('conformance', 'SendMessage', message(unique('tck-input-required')))).task;
    let states: Array<string | undefined> = [];
    const calls = await callsDuring(async () => {
      const sse = await openSse(`${platform.baseUrl}/agents/conformance/message:stream`, {
        method: 'POST',
        headers: V1,
        body: JSON.stringify(message(unique('answer'), { taskId: parked.id })),
      });
      states = (await sse.rest()).map((f) => JSON.parse(f.data ?? '{}').statusUpdate?.status?.state);
    });
    expect(states).toEqual([undefined, 'TASK_STATE_WORKING', 'TASK_STATE_COMPLETED']);
    expect(calls.query ?? 0).toBe(0);
    expect(calls.result ?? 0).toBe(0);
  });

  it('a stream of a new task that finishes in its first workflow task is read from history, without a query', async () => {
    let frames: Array<string | undefined> = [];
    const calls = await callsDuring(async () => {
      const sse = await openSse(`${platform.baseUrl}/agents/conformance/message:stream`, {
        method: 'POST',
        headers: V1,
        body: JSON.stringify(message(unique('tck-stream-001'))),
      });
      frames = (await sse.rest()).map((f) => Object.keys(JSON.parse(f.data ?? '{}'))[0]);
    });
    expect(frames).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
    expect(calls).toEqual({ start: 1, longPoll: expect.any(Number) });
  });

  it('a re-sent streamed message of a task now waiting for input answers with the Task and ends', async () => {
    const messageId = unique('tck-input-required');
    const stream = () =>
      openSse(`${platform.baseUrl}/agents/conformance/message:stream`, { method: 'POST', headers: V1, body: JSON.stringify(message(messageId)) });
    const firstFrames = await (await stream()).rest();
    const againFrames = await (await stream()).rest();
    const kinds = (frames: Array<{ data?: string }>) => frames.map((f) => Object.keys(JSON.parse(f.data ?? '{}'))[0]);
    expect(kinds(firstFrames)).toEqual(['task', 'statusUpdate']);
    expect(kinds(againFrames)).toEqual(['task']);
    expect(JSON.parse(againFrames[0].data ?? '{}').task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
  });

  it('long polls leave no listener on the caller\'s signal, however many a long-lived feed makes', async () => {
    const taskId = (await rpc('echo', 'SendMessage', message(unique('echo')))).task.id as string;
    const gateway = new TemporalTaskGateway({ client: platform.client, taskQueue: 'unused', logger: createSilentLogger() });
    const feed = new AbortController();
    let cursor: string | undefined;
    for (let i = 0; i < 3; i++) cursor = (await gateway.waitForChange(taskId, cursor, { maxWaitMs: 2_000, signal: feed.signal })).cursor;
    expect(getEventListeners(feed.signal, 'abort')).toHaveLength(0);
  });
});
