// A worker that answers a query later than the short read wait is slow, not gone: a blocking send
// that saw the task settle, and a stream that resyncs, read the worker's full task, never the
// compact published copy (artifacts by index only) that GetTask falls back to when no worker answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTaskSnapshotQuery } from '../../src/task-runtime/contract';
import { PUBLISHED_COPY_METADATA } from '../../src/task-runtime/published-task';
import { openSse, json } from '../support/a2a-sse';
import { startTestPlatform } from '../support/platform-harness';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let webhook: http.Server;
let webhookUrl: string;

beforeAll(async () => {
  // A webhook that always fails keeps the run open after the task completes, so the send's final
  // read is a query rather than the run's result.
  webhook = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(500).end()));
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
  // Every query outlasts a 1 ms read wait, as a busy worker's would outlast the default 1.5 s.
  platform = await startTestPlatform({ reads: { queryWaitMs: 1 } });
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await new Promise<void>((r) => webhook.close(() => r()));
});

it('a blocking send answers with the whole task, artifacts included, when the worker is slower than the read wait', async () => {
  const response = await fetch(`${platform.baseUrl}/agents/conformance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'SendMessage',
      params: {
        message: { messageId: `tck-artifact-text-${process.pid}-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'payload' }] },
        configuration: { taskPushNotificationConfig: { url: webhookUrl } },
      },
    }),
  });
  const reply = (await response.json()) as { result: { task: { status: { state: string }; artifacts?: Array<{ parts: Array<{ text?: string }> }>; metadata?: Record<string, unknown> } } };
  const task = reply.result.task;
  expect(task.status.state).toBe('TASK_STATE_COMPLETED');
  expect(task.artifacts?.[0]?.parts[0]?.text).toBe('Generated text content');
  expect(task.metadata?.[PUBLISHED_COPY_METADATA]).toBeUndefined();
});

it('a subscription resuming with a Last-Event-ID the published copy has not reached yet resumes from the task itself', async () => {
  // Working, then holding 4 s: the run publishes `working` no sooner than 5 s after its start, so
  // its copy still says submitted (sequence 0) while the task is at sequence 1.
  const response = await fetch(`${platform.baseUrl}/agents/conformance/message:send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
    body: JSON.stringify({
      message: { messageId: `test-resubscribe-message-id-${process.pid}-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'hold' }] },
      configuration: { returnImmediately: true },
    }),
  });
  const { task } = (await response.json()) as { task: { id: string } };
  const handle = platform.client.workflow.getHandle(`a2a-task-${task.id}`);
  while ((await handle.query(getTaskSnapshotQuery, {})).seq < 1) await new Promise((r) => setTimeout(r, 50));

  const sse = await openSse(`${platform.baseUrl}/agents/conformance/tasks/${task.id}:subscribe`, {
    headers: { 'a2a-version': '1.0', 'last-event-id': '1' },
  });
  expect(sse.status).toBe(200);
  const frames = await sse.rest();
  expect(frames.map((f) => f.id)).toEqual(['2']);
  expect(json(frames[0]).statusUpdate.status.state).toBe('TASK_STATE_COMPLETED');
});
