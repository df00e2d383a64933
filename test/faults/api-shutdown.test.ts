// The API's part of a graceful shutdown, in process on the real stack: a subscription resumed where
// nothing new has happened yet is a started stream (headers, heartbeats) rather than a request with
// no answer, so closing the API ends it with a retry hint like any other; a blocking send waiting on a
// long task is answered with the task as it is instead of holding the close open.
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { openSse } from '../support/a2a-sse';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
let api: Started | undefined;

beforeAll(async () => {
  platform = await startTestPlatform({
    agents: agents(),
    taskQueue: TASK_QUEUE,
    api: { enabled: false },
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await platform?.close();
});

const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };
const TASK_QUEUE = `api-shutdown-${process.pid}-${Date.now()}`;
const agents = () => createAgentRegistry({ config: { agents: { conformance: { settings: { resubscribeHoldMs: 60_000 } } } } });

it('a resumed idle stream starts with a heartbeat, and closing the API ends it with a retry hint and answers a blocking send', async () => {
  // An API process of its own on the same Temporal, so it can be closed while the worker runs on.
  api = await startTestPlatform({ agents: agents(), taskQueue: TASK_QUEUE, temporal: { address: platform.temporal.address }, worker: { enabled: false }, api: { heartbeatMs: 500 } });
  const base = api.baseUrl;
  const start = await fetch(`${base}/agents/conformance/message:send`, {
    method: 'POST',
    headers: V1,
    body: JSON.stringify({ message: { messageId: `test-resubscribe-message-id-shutdown-${process.pid}`, role: 'ROLE_USER', parts: [{ text: 'hold' }] }, configuration: { returnImmediately: true } }),
  });
  const task = ((await start.json()) as { task: { id: string } }).task;

  // Resume after the last event there is (the task stays working for a minute): headers come anyway.
  const current = await fetch(`${base}/agents/conformance/tasks/${task.id}`, { headers: V1 });
  expect(((await current.json()) as { status: { state: string } }).status.state).toBe('TASK_STATE_WORKING');
  const resumed = await openSse(`${base}/agents/conformance/tasks/${task.id}:subscribe`, { headers: { ...V1, 'last-event-id': '1' } });
  expect([resumed.status, resumed.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
  const firstFrame = await resumed.next();
  expect(firstFrame?.data).toBeUndefined();
  expect(firstFrame?.comments.length).toBeGreaterThan(0);

  const blocking = fetch(`${base}/agents/conformance/message:send`, {
    method: 'POST',
    headers: V1,
    body: JSON.stringify({ message: { messageId: `test-resubscribe-message-id-blocking-${process.pid}`, role: 'ROLE_USER', parts: [{ text: 'hold' }] } }),
  });
  // The blocking send is waiting once its task shows up in the list.
  for (;;) {
    const list = (await (await fetch(`${base}/agents/conformance/tasks`, { headers: V1 })).json()) as { tasks: unknown[] };
    if (list.tasks.length >= 2) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  await api.api!.close();
  const rest = await resumed.rest();
  expect(rest.map((f) => f.retry)).toEqual([1000]);
  const answered = await blocking;
  expect(answered.status).toBe(200);
  expect(((await answered.json()) as { task: { status: { state: string } } }).task.status.state).toBe('TASK_STATE_WORKING');
}, 120_000);
