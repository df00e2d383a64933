// The official @a2a-js/sdk v0.3 compatibility client (its legacy JSON-RPC transport), unchanged,
// discovering the agent from the v0.3-shaped card as a v0.3 client does.
import { CancelTaskRequest, GetTaskRequest, SubscribeToTaskRequest, TaskPushNotificationConfig, TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { isMessage, sendRequest, textOfParts, v03Client, type RecordedRequest } from '../support/a2a-official-clients';
import { conformanceMessageId, startPlatformTestServer, type PlatformTestServer } from '../support/platform-test-server';

// Against the product's task service on the embedded engine: echo, and the conformance agent (its
// behaviour chosen by the messageId prefix) where a behaviour is needed.
let server: PlatformTestServer;
let client: Client;
let conformance: Client;
let rawCard: Record<string, unknown>;
const requests: RecordedRequest[] = [];

beforeAll(async () => {
  server = await startPlatformTestServer({ api: { heartbeatMs: 60_000 } });
  ({ client, rawCard } = await v03Client(`${server.url}/agents/echo/.well-known/agent-card.json`, requests));
  ({ client: conformance } = await v03Client(`${server.url}/agents/conformance/.well-known/agent-card.json`));
}, 120_000);
afterAll(() => server?.close());

/** A request to the conformance agent, whose behaviour the messageId prefix chooses. */
const tck = (prefix: string, extra: Parameters<typeof sendRequest>[1] = {}) =>
  sendRequest('payload', { ...extra, message: { messageId: conformanceMessageId(prefix), ...extra.message } });
/** Loopback and allowlisted; nothing listens there, and nothing is delivered in these tests. */
const WEBHOOK = 'http://127.0.0.1:9/legacy';

async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const out: StreamResponse[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe('@a2a-js/sdk v0.3 compat client', () => {
  it('reads the v0.3 card (url, preferredTransport) and speaks 0.3 over JSON-RPC', async () => {
    expect(rawCard).toMatchObject({ protocolVersion: '0.3.0', url: `${server.url}/agents/echo`, preferredTransport: 'JSONRPC' });
    expect(client.protocolVersion).toBe('0.3');
    await client.sendMessage(sendRequest('which version'));
    const last = requests[requests.length - 1];
    expect(last.headers['a2a-version']).toBe('0.3');
  });

  it('sends a blocking message/send and gets the completed task', async () => {
    const task = (await client.sendMessage(sendRequest('hello legacy'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfParts(task.artifacts[0].parts)).toBe('hello legacy');
  });

  it('gets a direct message back from message/send', async () => {
    expect(isMessage(await conformance.sendMessage(tck('tck-message-response')))).toBe(true);
  });

  it('streams message/stream: task, working, artifact, completed', async () => {
    const items = await collect(client.sendMessageStream(sendRequest('legacy stream')));
    expect(items.map((i) => i.payload?.$case)).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
  });

  it('gets and cancels a task with tasks/get and tasks/cancel', async () => {
    const held = (await conformance.sendMessage(tck('test-resubscribe-message-id', { configuration: { returnImmediately: true } }))) as Task;
    // A non-blocking send answers at the start ack, with the task as submitted.
    expect(held.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);
    const fetched = await conformance.getTask(GetTaskRequest.fromJSON({ id: held.id }));
    expect(fetched.id).toBe(held.id);
    const canceled = await conformance.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }));
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('resubscribes with tasks/resubscribe and sees the held task complete', async () => {
    const held = (await conformance.sendMessage(tck('test-resubscribe-message-id', { configuration: { returnImmediately: true } }))) as Task;
    const stream = conformance.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: held.id }));
    expect((await stream.next()).value?.payload?.$case).toBe('task');
    // The held task completes on its own after HOLD_MS.
    const rest = await collect({ [Symbol.asyncIterator]: () => stream });
    const last = rest[rest.length - 1].payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('sets, gets, lists and deletes push notification configs', async () => {
    // A task still waiting: push configs of a finished task are a separate rule (issue 8, item 4).
    const task = (await conformance.sendMessage(tck('tck-input-required'))) as Task;
    const created = await conformance.createTaskPushNotificationConfig(
      TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: WEBHOOK, authentication: { scheme: 'Bearer', credentials: 'c' } }),
    );
    expect(created.id).not.toBe('');
    expect(created.authentication?.scheme).toBe('Bearer');
    const got = await conformance.getTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    expect(got.url).toBe(WEBHOOK);
    const listed = await conformance.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(listed.configs.map((c) => c.id)).toEqual([created.id]);
    await conformance.deleteTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    expect((await conformance.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' })).configs).toEqual([]);
  });

  it('maps tasks/get of an unknown task to the SDK TaskNotFoundError', async () => {
    await expect(client.getTask(GetTaskRequest.fromJSON({ id: 'missing' }))).rejects.toMatchObject({ name: 'TaskNotFoundError' });
  });
});
