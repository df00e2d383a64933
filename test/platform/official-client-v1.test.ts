// The official @a2a-js/sdk v1.0 client against the real stack (embedded engine, worker, API): every
// behaviour below is a workflow run, observed only through the protocol.
import { CancelTaskRequest, GetTaskRequest, ListTasksRequest, SubscribeToTaskRequest, TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { isMessage, sendRequest, textOfParts, v1Client, type V1Transport } from '../support/a2a-official-clients';
import { eventuallyListed } from '../support/eventually-listed';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;

beforeAll(async () => {
  platform = await startTestPlatform({
    agents: createAgentRegistry({ config: { agents: { conformance: { settings: { resubscribeHoldMs: 1_500 } } } } }),
  });
}, 120_000);
afterAll(() => platform?.close());

async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const out: StreamResponse[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

const tck = (prefix: string, text = 'hi', extra: Parameters<typeof sendRequest>[1] = {}) =>
  sendRequest(text, { ...extra, message: { messageId: `${prefix}-${Math.random().toString(36).slice(2)}`, ...extra.message } });

describe.each<V1Transport>(['JSONRPC', 'HTTP+JSON'])('@a2a-js/sdk v1.0 client over %s, on Temporal', (transport) => {
  let echo: Client;
  let conformance: Client;
  beforeAll(async () => {
    echo = await v1Client(`${platform.baseUrl}/agents/echo/`, transport);
    conformance = await v1Client(`${platform.baseUrl}/agents/conformance/`, transport);
  });

  it('a blocking send to echo returns the completed task carrying the text', async () => {
    const task = (await echo.sendMessage(sendRequest('hello temporal'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfParts(task.artifacts[0].parts)).toBe('hello temporal');
    expect(textOfParts(task.status?.message?.parts ?? [])).toBe('hello temporal');
  });

  it('tck-complete-task completes with the agent message "Hello from TCK"', async () => {
    const task = (await conformance.sendMessage(tck('tck-complete-task'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfParts(task.status?.message?.parts ?? [])).toBe('Hello from TCK');
  });

  it.each([
    ['tck-artifact-text', { $case: 'text', value: 'Generated text content' }],
    ['tck-artifact-file-url', { $case: 'url', value: 'https://example.com/output.txt' }],
    ['tck-artifact-data', { $case: 'data' }],
    ['tck-artifact-file', { $case: 'raw' }],
  ])('%s completes with its artifact', async (prefix, content) => {
    const task = (await conformance.sendMessage(tck(prefix))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0].parts[0].content).toMatchObject(content);
  });

  it('tck-message-response answers with a direct message, and no task is visible', async () => {
    const result = await conformance.sendMessage(tck('tck-message-response'));
    if (!isMessage(result)) throw new Error('expected a direct message');
    expect(textOfParts(result.parts)).toBe('Direct message response');
  });

  it('tck-reject-task ends rejected', async () => {
    const task = (await conformance.sendMessage(tck('tck-reject-task'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
  });

  it('input-required: a message with the taskId resumes the workflow, which completes with the input', async () => {
    const asked = (await conformance.sendMessage(tck('tck-input-required'))) as Task;
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const answered = (await conformance.sendMessage(
      sendRequest('more detail', { message: { taskId: asked.id, contextId: asked.contextId } }),
    )) as Task;
    expect(answered.id).toBe(asked.id);
    expect(answered.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfParts(answered.status?.message?.parts ?? [])).toBe('Received: more detail');
  });

  it('streams tck-stream-001: the task, working, the text artifact, completed', async () => {
    const items = await collect(conformance.sendMessageStream(tck('tck-stream-001')));
    expect(items.map((i) => i.payload?.$case)).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
    const last = items[3].payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('streams tck-stream-artifact-chunked as a chunk and an appended last chunk', async () => {
    const items = await collect(conformance.sendMessageStream(tck('tck-stream-artifact-chunked')));
    const chunks = items.flatMap((i) => (i.payload?.$case === 'artifactUpdate' ? [i.payload.value] : []));
    expect(chunks.map((c) => [textOfParts(c.artifact?.parts ?? []), c.append, c.lastChunk])).toEqual([
      ['chunk-1 ', false, false],
      ['chunk-2', true, true],
    ]);
  });

  it('gets, lists by context and cancels a working task; a second cancel returns the canceled task (cancel is idempotent)', async () => {
    const held = (await conformance.sendMessage(tck('test-resubscribe-message-id', 'hold', { configuration: { returnImmediately: true } }))) as Task;
    const fetched = await conformance.getTask(GetTaskRequest.fromJSON({ id: held.id, historyLength: 1 }));
    expect(fetched.id).toBe(held.id);
    expect(fetched.history).toHaveLength(1);
    // Canceled while it still works (it holds 1.5 s); listing it may take visibility longer.
    const canceled = await conformance.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }));
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect((await conformance.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }))).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const listed = await eventuallyListed('the task in its context', () => conformance.listTasks(ListTasksRequest.fromJSON({ contextId: held.contextId })), (l) => l.tasks.length > 0);
    expect(listed.tasks.map((t) => t.id)).toEqual([held.id]);
  });

  it('subscribes to a working task and sees it complete', async () => {
    const held = (await conformance.sendMessage(tck('test-resubscribe-message-id', 'hold', { configuration: { returnImmediately: true } }))) as Task;
    const items = await collect(conformance.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: held.id })));
    expect(items[0].payload?.$case).toBe('task');
    const last = items[items.length - 1].payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('surfaces an unknown task as TaskNotFoundError', async () => {
    await expect(echo.getTask(GetTaskRequest.fromJSON({ id: 'no-such-task' }))).rejects.toMatchObject({ name: 'TaskNotFoundError' });
  });
});
