// The official @a2a-js/sdk v0.3 compatibility client against the real stack.
import { CancelTaskRequest, GetTaskRequest, SubscribeToTaskRequest, TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { isMessage, sendRequest, textOfParts, v03Client } from '../support/a2a-official-clients';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
let conformance: Client;

beforeAll(async () => {
  platform = await startTestPlatform({
    agents: createAgentRegistry({ config: { agents: { conformance: { settings: { resubscribeHoldMs: 1_000 } } } } }),
  });
  ({ client: conformance } = await v03Client(`${platform.baseUrl}/agents/conformance/.well-known/agent-card.json`));
}, 120_000);
afterAll(() => platform?.close());

async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const out: StreamResponse[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

const tck = (prefix: string, extra: Parameters<typeof sendRequest>[1] = {}) =>
  sendRequest('hi', { ...extra, message: { messageId: `${prefix}-${Math.random().toString(36).slice(2)}`, ...extra.message } });

describe('@a2a-js/sdk v0.3 compat client on Temporal', () => {
  it('message/send completes a task, and answers with a direct message when the agent does', async () => {
    const task = (await conformance.sendMessage(tck('tck-artifact-text'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfParts(task.artifacts[0].parts)).toBe('Generated text content');
    expect(isMessage(await conformance.sendMessage(tck('tck-message-response')))).toBe(true);
  });

  it('message/stream carries the task, working, the artifact and completed (final)', async () => {
    const items = await collect(conformance.sendMessageStream(tck('tck-stream-003')));
    expect(items.map((i) => i.payload?.$case)).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
  });

  it('tasks/get, tasks/resubscribe and tasks/cancel work on a held task', async () => {
    const held = (await conformance.sendMessage(tck('test-resubscribe-message-id', { configuration: { returnImmediately: true } }))) as Task;
    expect((await conformance.getTask(GetTaskRequest.fromJSON({ id: held.id }))).id).toBe(held.id);
    const stream = conformance.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: held.id }));
    expect((await stream.next()).value?.payload?.$case).toBe('task');
    const canceled = await conformance.cancelTask(CancelTaskRequest.fromJSON({ id: held.id }));
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const rest = await collect({ [Symbol.asyncIterator]: () => stream });
    const last = rest[rest.length - 1]?.payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('answers input-required and resumes the task with the next message', async () => {
    const asked = (await conformance.sendMessage(tck('tck-input-required'))) as Task;
    expect(asked.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const done = (await conformance.sendMessage(sendRequest('legacy input', { message: { taskId: asked.id, contextId: asked.contextId } }))) as Task;
    expect(textOfParts(done.status?.message?.parts ?? [])).toBe('Received: legacy input');
  });
});
