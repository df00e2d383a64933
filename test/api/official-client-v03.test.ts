// The official @a2a-js/sdk v0.3 compatibility client (its legacy JSON-RPC transport), unchanged,
// discovering the agent from the v0.3-shaped card as a v0.3 client does.
import { CancelTaskRequest, GetTaskRequest, SubscribeToTaskRequest, TaskPushNotificationConfig, TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { isMessage, sendRequest, textOfParts, v03Client, type RecordedRequest } from '../support/a2a-official-clients';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
let client: Client;
let rawCard: Record<string, unknown>;
const requests: RecordedRequest[] = [];

beforeAll(async () => {
  server = await startTestServer({ settings: { heartbeatMs: 60_000 } });
  ({ client, rawCard } = await v03Client(`${server.url}/agents/echo/.well-known/agent-card.json`, requests));
});
afterAll(() => server.close());

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
    expect(server.handler.calls[server.handler.calls.length - 1].ctx.protocolVersion).toBe('0.3');
  });

  it('sends a blocking message/send and gets the completed task', async () => {
    const task = (await client.sendMessage(sendRequest('hello legacy'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfParts(task.artifacts[0].parts)).toBe('hello legacy');
  });

  it('gets a direct message back from message/send', async () => {
    expect(isMessage(await client.sendMessage(sendRequest('message-only legacy')))).toBe(true);
  });

  it('streams message/stream: task, working, artifact, completed', async () => {
    const items = await collect(client.sendMessageStream(sendRequest('legacy stream')));
    expect(items.map((i) => i.payload?.$case)).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
  });

  it('gets and cancels a task with tasks/get and tasks/cancel', async () => {
    const held = (await client.sendMessage(sendRequest('hold legacy', { configuration: { returnImmediately: true } }))) as Task;
    expect(held.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);
    const fetched = await client.getTask(GetTaskRequest.fromJSON({ id: held.id }));
    expect(fetched.id).toBe(held.id);
    const canceled = await client.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }));
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('resubscribes with tasks/resubscribe and sees the held task complete', async () => {
    const held = (await client.sendMessage(sendRequest('hold resubscribe', { configuration: { returnImmediately: true } }))) as Task;
    const stream = client.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: held.id }));
    expect((await stream.next()).value?.payload?.$case).toBe('task');
    server.handler.release(held.id);
    const rest = await collect({ [Symbol.asyncIterator]: () => stream });
    const last = rest[rest.length - 1].payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('sets, gets, lists and deletes push notification configs', async () => {
    const task = (await client.sendMessage(sendRequest('legacy push'))) as Task;
    const created = await client.createTaskPushNotificationConfig(
      TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: 'https://hooks.example.com/legacy', authentication: { scheme: 'Bearer', credentials: 'c' } }),
    );
    expect(created.id).not.toBe('');
    expect(created.authentication?.scheme).toBe('Bearer');
    const got = await client.getTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    expect(got.url).toBe('https://hooks.example.com/legacy');
    const listed = await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(listed.configs.map((c) => c.id)).toEqual([created.id]);
    await client.deleteTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    expect((await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' })).configs).toEqual([]);
  });

  it('maps tasks/get of an unknown task to the SDK TaskNotFoundError', async () => {
    await expect(client.getTask(GetTaskRequest.fromJSON({ id: 'missing' }))).rejects.toMatchObject({ name: 'TaskNotFoundError' });
  });
});
