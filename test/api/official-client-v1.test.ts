// The official @a2a-js/sdk v1.0 client, unchanged, over both of its transports against our server
// (the product's task service on the embedded engine: echo at the root, the conformance agent, by
// messageId prefix, where a behaviour is needed).
import { CancelTaskRequest, GetTaskRequest, ListTasksRequest, SubscribeToTaskRequest, TaskPushNotificationConfig, TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { isMessage, sendRequest, textOfParts, v1Client, type RecordedRequest, type V1Transport } from '../support/a2a-official-clients';
import { eventuallyListed } from '../support/eventually-listed';
import { conformanceMessageId, startPlatformTestServer, type PlatformTestServer } from '../support/platform-test-server';

let server: PlatformTestServer;
beforeAll(async () => {
  server = await startPlatformTestServer({ api: { heartbeatMs: 60_000 } });
}, 120_000);
afterAll(() => server?.close());

/** A request to the conformance agent, whose behaviour the messageId prefix chooses. */
const tck = (prefix: string, extra: Parameters<typeof sendRequest>[1] = {}) =>
  sendRequest('payload', { ...extra, message: { messageId: conformanceMessageId(prefix), ...extra.message } });
/** Loopback and allowlisted; nothing listens there, and nothing is delivered in these tests. */
const WEBHOOK = 'http://127.0.0.1:9/a2a';

async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const out: StreamResponse[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

describe.each<V1Transport>(['JSONRPC', 'HTTP+JSON'])('@a2a-js/sdk v1.0 client over %s', (transport) => {
  let client: Client;
  let conformance: Client;
  const requests: RecordedRequest[] = [];
  beforeAll(async () => {
    client = await v1Client(server.url, transport, requests);
    conformance = await v1Client(`${server.url}/agents/conformance/`, transport);
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
    const result = await conformance.sendMessage(tck('tck-message-response'));
    expect(isMessage(result)).toBe(true);
  });

  it('streams the task, then working, the artifact and completed', async () => {
    const items = await collect(client.sendMessageStream(sendRequest('stream me')));
    expect(items.map((i) => i.payload?.$case)).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
    const last = items[3].payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('gets, lists and cancels tasks', async () => {
    const held = (await conformance.sendMessage(tck('test-resubscribe-message-id', { configuration: { returnImmediately: true } }))) as Task;
    const fetched = await conformance.getTask(GetTaskRequest.fromJSON({ id: held.id, historyLength: 1 }));
    expect(fetched.id).toBe(held.id);
    expect(fetched.history).toHaveLength(1);

    // Canceled while it still works (it holds only HOLD_MS); listing it may take visibility longer.
    const canceled = await conformance.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }));
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    // Cancel is idempotent: a second cancel answers the canceled task.
    expect((await conformance.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }))).status?.state).toBe(TaskState.TASK_STATE_CANCELED);

    const listed = await eventuallyListed('the task in its context', () => conformance.listTasks(ListTasksRequest.fromJSON({ contextId: held.contextId })), (l) => l.tasks.length > 0);
    expect(listed.tasks.map((t) => t.id)).toEqual([held.id]);
    expect(listed.nextPageToken).toBe('');
    const completed = (await conformance.sendMessage(tck('tck-complete-task'))) as Task;
    await expect(conformance.cancelTask(CancelTaskRequest.fromJSON({ id: completed.id }))).rejects.toMatchObject({ name: 'TaskNotCancelableError' });
  });

  it('lists with a request whose status is left unset (the SDK sends it as "UNRECOGNIZED" over JSON-RPC)', async () => {
    const held = (await client.sendMessage(sendRequest('unset status', { configuration: { returnImmediately: true } }))) as Task;
    const listed = await eventuallyListed('the task in its context', () => client.listTasks({ contextId: held.contextId } as ListTasksRequest), (l) => l.tasks.length > 0);
    expect(listed.tasks.map((t) => t.id)).toEqual([held.id]);
  });

  it('resubscribes to a running task and sees it finish', async () => {
    const held = (await conformance.sendMessage(tck('test-resubscribe-message-id', { configuration: { returnImmediately: true } }))) as Task;
    const stream = conformance.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: held.id }));
    const first = await stream.next();
    expect(first.value?.payload?.$case).toBe('task');
    // The held task completes on its own after HOLD_MS (it makes no artifact).
    const rest = await collect({ [Symbol.asyncIterator]: () => stream });
    const last = rest[rest.length - 1].payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
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
    // A task still waiting: push configs of a finished task are a separate rule (issue 8, item 4).
    const task = (await conformance.sendMessage(tck('tck-input-required'))) as Task;
    const created = await conformance.createTaskPushNotificationConfig(
      TaskPushNotificationConfig.fromJSON({ taskId: task.id, url: WEBHOOK, token: 'tok', authentication: { scheme: 'Bearer', credentials: 'secret' } }),
    );
    expect(created.id).not.toBe('');
    expect(created.authentication?.scheme).toBe('Bearer');
    const got = await conformance.getTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    expect(got.url).toBe(WEBHOOK);
    const listed = await conformance.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(listed.configs.map((c) => c.id)).toEqual([created.id]);
    await conformance.deleteTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: created.id });
    const after = await conformance.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(after.configs).toEqual([]);
  });

  it('surfaces an unknown task as the SDK TaskNotFoundError', async () => {
    await expect(client.getTask(GetTaskRequest.fromJSON({ id: 'no-such-task' }))).rejects.toMatchObject({ name: 'TaskNotFoundError' });
  });
});
