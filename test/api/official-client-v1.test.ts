// The official @a2a-js/sdk v1.0 client, unchanged, over both of its transports against our server.
import { CancelTaskRequest, GetTaskRequest, ListTasksRequest, SubscribeToTaskRequest, TaskPushNotificationConfig, TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { isMessage, sendRequest, textOfParts, v1Client, type RecordedRequest, type V1Transport } from '../support/a2a-official-clients';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { heartbeatMs: 60_000 } });
});
afterAll(() => server.close());

async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const out: StreamResponse[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe.each<V1Transport>(['JSONRPC', 'HTTP+JSON'])('@a2a-js/sdk v1.0 client over %s', (transport) => {
  let client: Client;
  const requests: RecordedRequest[] = [];
  beforeAll(async () => {
    client = await v1Client(server.url, transport, requests);
  });

  it('discovers the card from the base URL and talks protocol 1.0 over the chosen binding', async () => {
    expect(client.protocolVersion).toBe('1.0');
    const card = await client.getAgentCard();
    expect(card.name).toBe('Echo');
    await client.sendMessage(sendRequest('which binding'));
    const last = requests[requests.length - 1];
    expect(last.headers['a2a-version']).toBe('1.0');
    expect(last.url).toBe(transport === 'JSONRPC' ? server.url : `${server.url}/message:send`);
  });

  it('sends a blocking message and gets the completed task with the echo artifact', async () => {
    const result = await client.sendMessage(sendRequest('hello sdk'));
    expect(isMessage(result)).toBe(false);
    const task = result as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfParts(task.artifacts[0].parts)).toBe('hello sdk');
  });

  it('gets a direct message back when the agent answers without a task', async () => {
    const result = await client.sendMessage(sendRequest('message-only hi'));
    expect(isMessage(result)).toBe(true);
  });

  it('streams the task, then working, the artifact and completed', async () => {
    const items = await collect(client.sendMessageStream(sendRequest('stream me')));
    expect(items.map((i) => i.payload?.$case)).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
    const last = items[3].payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('gets, lists and cancels tasks', async () => {
    const held = (await client.sendMessage(sendRequest('hold on', { configuration: { returnImmediately: true } }))) as Task;
    const fetched = await client.getTask(GetTaskRequest.fromJSON({ id: held.id, historyLength: 1 }));
    expect(fetched.id).toBe(held.id);
    expect(fetched.history).toHaveLength(1);

    const listed = await client.listTasks(ListTasksRequest.fromJSON({ contextId: held.contextId }));
    expect(listed.tasks.map((t) => t.id)).toEqual([held.id]);
    expect(listed.nextPageToken).toBe('');

    const canceled = await client.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }));
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    await expect(client.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }))).rejects.toMatchObject({ name: 'TaskNotCancelableError' });
  });

  it('lists with a request whose status is left unset (the SDK sends it as "UNRECOGNIZED" over JSON-RPC)', async () => {
    const held = (await client.sendMessage(sendRequest('unset status', { configuration: { returnImmediately: true } }))) as Task;
    const listed = await client.listTasks({ contextId: held.contextId } as ListTasksRequest);
    expect(listed.tasks.map((t) => t.id)).toEqual([held.id]);
  });

  it('resubscribes to a running task and sees it finish', async () => {
    const held = (await client.sendMessage(sendRequest('hold please', { configuration: { returnImmediately: true } }))) as Task;
    const stream = client.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: held.id }));
    const first = await stream.next();
    expect(first.value?.payload?.$case).toBe('task');
    server.handler.release(held.id);
    const rest = await collect({ [Symbol.asyncIterator]: () => stream });
    expect(rest.map((i) => i.payload?.$case)).toContain('artifactUpdate');
  });

  it('resumes a subscription after the Last-Event-ID it passes, without the events before it', async () => {
    const streamed = await collect(client.sendMessageStream(sendRequest('stream to resume')));
    const taskId = streamed[0].payload?.$case === 'task' ? streamed[0].payload.value.id : '';
    // Seen: the task (seq 0) and `working` (seq 1); missed: the artifact and `completed`.
    const resumed = await collect(
      client.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: taskId }), { serviceParameters: { 'Last-Event-ID': '1' } }),
    );
    expect(resumed.map((i) => i.payload?.$case)).toEqual(['artifactUpdate', 'statusUpdate']);
  });

  it('is refused a subscription to a finished task with the SDK UnsupportedOperationError', async () => {
    const task = (await client.sendMessage(sendRequest('done soon'))) as Task;
    await expect(collect(client.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: task.id })))).rejects.toMatchObject({
      name: 'UnsupportedOperationError',
    });
  });

  it('creates, gets, lists and deletes push notification configs', async () => {
    const task = (await client.sendMessage(sendRequest('push me'))) as Task;
    const created = await client.createTaskPushNotificationConfig(
      TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: 'https://hooks.example.com/a2a', token: 'tok', authentication: { scheme: 'Bearer', credentials: 'secret' } }),
    );
    expect(created.id).not.toBe('');
    expect(created.authentication?.scheme).toBe('Bearer');
    const got = await client.getTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    expect(got.url).toBe('https://hooks.example.com/a2a');
    const listed = await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(listed.configs.map((c) => c.id)).toEqual([created.id]);
    await client.deleteTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    const after = await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(after.configs).toEqual([]);
  });

  it('surfaces an unknown task as the SDK TaskNotFoundError', async () => {
    await expect(client.getTask(GetTaskRequest.fromJSON({ id: 'no-such-task' }))).rejects.toMatchObject({ name: 'TaskNotFoundError' });
  });
});
