// The message policy, idempotent sends and ListTasks on the real stack, over raw JSON-RPC so every
// error is checked by its exact code.
import { eventuallyListed } from '../support/eventually-listed';
import { startTestPlatform } from '../support/platform-harness';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform?.close());

let rpcId = 0;
// Wire JSON, asserted field by field below: typing every result shape here would only restate the spec.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function rpc(agent: string, method: string, params: unknown): Promise<{ result?: any; error?: { code: number; message: string } }> {
  const response = await fetch(`${platform.baseUrl}/agents/${agent}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  return (await response.json()) as never;
}

const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
const message = (messageId: string, extra: Record<string, unknown> = {}) => ({
  message: { messageId, role: 'ROLE_USER', parts: [{ text: 'payload' }], ...extra },
});

/**
 * The task's latest run, read consistently (DescribeWorkflowExecution, not visibility): a second
 * workflow for the task would be a new run under the same workflow id.
 */
const latestRunId = async (taskId: string) => (await platform.client.workflow.getHandle(`a2a-task-${taskId}`).describe()).runId;

describe('sending the same message again', () => {
  it('returns the same task and never starts a second workflow', async () => {
    const messageId = unique('tck-complete-task');
    const first = await rpc('conformance', 'SendMessage', message(messageId));
    const run = await latestRunId(first.result.task.id);
    const second = await rpc('conformance', 'SendMessage', message(messageId));
    expect(second.result.task.id).toBe(first.result.task.id);
    expect(second.result.task.contextId).toBe(first.result.task.contextId);
    expect(await latestRunId(first.result.task.id)).toBe(run);
  });

  it('delivers a re-sent input only once', async () => {
    const asked = (await rpc('conformance', 'SendMessage', message(unique('tck-input-required')))).result.task;
    const answerId = unique('answer');
    const answer = message(answerId, { taskId: asked.id });
    const [a, b] = await Promise.all([rpc('conformance', 'SendMessage', answer), rpc('conformance', 'SendMessage', answer)]);
    for (const r of [a, b]) expect(r.result?.task?.id ?? r.error).toBe(asked.id);
    const task = (await rpc('conformance', 'GetTask', { id: asked.id })).result;
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(task.history.filter((m: { messageId: string }) => m.messageId === answerId)).toHaveLength(1);
  });

  it('with different content is InvalidParams (-32602) naming the messageId, and starts nothing', async () => {
    const messageId = unique('tck-complete-task');
    const first = await rpc('conformance', 'SendMessage', message(messageId));
    const run = await latestRunId(first.result.task.id);
    const changed = await rpc('conformance', 'SendMessage', { message: { messageId, role: 'ROLE_USER', parts: [{ text: 'another payload' }] } });
    expect(changed.error).toMatchObject({ code: -32602, message: expect.stringContaining(messageId) });
    const metadataOnly = await rpc('conformance', 'SendMessage', message(messageId, { metadata: { changed: true } }));
    expect(metadataOnly.error).toMatchObject({ code: -32602 });
    expect(await latestRunId(first.result.task.id)).toBe(run);
  });

  it('records what the first message was at start, where a later send reads it without a worker (the memo)', async () => {
    const first = await rpc('conformance', 'SendMessage', message(unique('tck-complete-task')));
    const described = await platform.client.workflow.getHandle(`a2a-task-${first.result.task.id}`).describe();
    expect(described.memo).toEqual({ messageDigest: expect.stringMatching(/^[0-9a-f]{64}$/), a2aTask: expect.objectContaining({ taskId: first.result.task.id }) });
  });

  it('with the same file bytes (large enough to be stored, once URL-safe base64) is the same message', async () => {
    const bytes = Buffer.alloc(100 * 1024, 0xfb);
    const part = (raw: string) => ({ message: { messageId, role: 'ROLE_USER', parts: [{ raw, mediaType: 'application/octet-stream' }] } });
    const messageId = unique('tck-complete-task');
    const first = await rpc('conformance', 'SendMessage', part(bytes.toString('base64')));
    const again = await rpc('conformance', 'SendMessage', part(bytes.toString('base64url')));
    expect(again.result?.task?.id).toBe(first.result.task.id);
    const other = await rpc('conformance', 'SendMessage', part(Buffer.alloc(100 * 1024, 0xfa).toString('base64')));
    expect(other.error).toMatchObject({ code: -32602 });
  });

  it('as input to a task with different content is InvalidParams, not silently dropped; the same content returns the task', async () => {
    const asked = (await rpc('conformance', 'SendMessage', message(unique('tck-input-required')))).result.task;
    const answerId = unique('answer');
    const answered = await rpc('conformance', 'SendMessage', message(answerId, { taskId: asked.id }));
    expect(answered.result.task.status.state).toBe('TASK_STATE_COMPLETED');
    const same = await rpc('conformance', 'SendMessage', message(answerId, { taskId: asked.id }));
    expect(same.result?.task?.id).toBe(asked.id);
    const changed = await rpc('conformance', 'SendMessage', { message: { messageId: answerId, taskId: asked.id, role: 'ROLE_USER', parts: [{ text: 'changed answer' }] } });
    expect(changed.error).toMatchObject({ code: -32602, message: expect.stringContaining(answerId) });
    // A file the first send stored in the artifact store matches its inline bytes in a re-send.
    const fileTask = (await rpc('conformance', 'SendMessage', message(unique('tck-input-required')))).result.task;
    const fileAnswer = (raw: string) => ({ message: { messageId: `${answerId}-file`, taskId: fileTask.id, role: 'ROLE_USER', parts: [{ raw, mediaType: 'application/pdf' }] } });
    const bytes = Buffer.alloc(100 * 1024, 0xfb);
    expect((await rpc('conformance', 'SendMessage', fileAnswer(bytes.toString('base64')))).result?.task?.id).toBe(fileTask.id);
    expect((await rpc('conformance', 'SendMessage', fileAnswer(bytes.toString('base64url')))).result?.task?.id).toBe(fileTask.id);
    expect((await rpc('conformance', 'SendMessage', fileAnswer(Buffer.alloc(100 * 1024, 1).toString('base64')))).error).toMatchObject({ code: -32602 });
    // The task's first message too: its id is taken within the task.
    const firstId = asked.history[0].messageId as string;
    const reused = await rpc('conformance', 'SendMessage', { message: { messageId: firstId, taskId: asked.id, role: 'ROLE_USER', parts: [{ text: 'not the first message' }] } });
    expect(reused.error).toMatchObject({ code: -32602 });
  });

  it('in another context starts another task', async () => {
    const messageId = unique('tck-complete-task');
    const a = await rpc('conformance', 'SendMessage', message(messageId, { contextId: 'ctx-a' }));
    const b = await rpc('conformance', 'SendMessage', message(messageId, { contextId: 'ctx-b' }));
    expect(a.result.task.id).not.toBe(b.result.task.id);
  });
});

describe('the message policy', () => {
  it('refuses a message to a finished task with UnsupportedOperation (-32004)', async () => {
    const done = (await rpc('conformance', 'SendMessage', message(unique('tck-complete-task')))).result.task;
    const reply = await rpc('conformance', 'SendMessage', message(unique('late'), { taskId: done.id }));
    expect(reply.error).toMatchObject({ code: -32004, message: expect.stringMatching(/completed/) });
  });

  it('refuses a message to a working task that is not waiting for input (-32004)', async () => {
    const held = (await rpc('conformance', 'SendMessage', { ...message(unique('test-resubscribe-message-id')), configuration: { returnImmediately: true } })).result.task;
    const reply = await rpc('conformance', 'SendMessage', message(unique('pushy'), { taskId: held.id }));
    expect(reply.error).toMatchObject({ code: -32004, message: expect.stringMatching(/only while input-required/) });
    await rpc('conformance', 'CancelTask', { id: held.id });
  });

  it('refuses a contextId that is not the task’s own with InvalidParams (-32602)', async () => {
    const asked = (await rpc('conformance', 'SendMessage', message(unique('tck-input-required')))).result.task;
    const reply = await rpc('conformance', 'SendMessage', message(unique('answer'), { taskId: asked.id, contextId: 'some-other-context' }));
    expect(reply.error).toMatchObject({ code: -32602, message: expect.stringMatching(/does not match/) });
  });

  it('answers an unknown task with TaskNotFound (-32001) for every task method', async () => {
    for (const [method, params] of [
      ['GetTask', { id: 'missing' }],
      ['CancelTask', { id: 'missing' }],
      ['SendMessage', message(unique('x'), { taskId: 'missing' })],
      ['ListTaskPushNotificationConfigs', { taskId: 'missing' }],
    ] as const) {
      expect((await rpc('conformance', method, params)).error?.code).toBe(-32001);
    }
  });

  it('does not show one agent’s task through another agent', async () => {
    const task = (await rpc('conformance', 'SendMessage', message(unique('tck-complete-task')))).result.task;
    expect((await rpc('echo', 'GetTask', { id: task.id })).error?.code).toBe(-32001);
  });
});

describe('ListTasks from Temporal visibility', () => {
  it('filters by context and state, pages newest first, and counts the total', async () => {
    const contextId = unique('ctx');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const prefix = i < 2 ? 'tck-input-required' : 'tck-complete-task';
      ids.push((await rpc('conformance', 'SendMessage', message(unique(prefix), { contextId }))).result.task.id);
    }
    // Visibility lags the sends (a real cluster's by about a second): wait until both states are listed.
    const inState = (status: string) => rpc('conformance', 'ListTasks', { contextId, status }).then((r) => r.result);
    // (Both the page and totalSize: they are two visibility reads.)
    const waiting = await eventuallyListed('the 2 input-required tasks', () => inState('TASK_STATE_INPUT_REQUIRED'), (r) => r?.tasks.length === 2 && r.totalSize === 2);
    expect(waiting.tasks.map((t: { id: string }) => t.id).sort()).toEqual(ids.slice(0, 2).sort());
    const completed = await eventuallyListed('the 3 completed tasks', () => inState('TASK_STATE_COMPLETED'), (r) => r?.tasks.length === 3 && r.totalSize === 3);
    expect(completed.tasks.map((t: { id: string }) => t.id).sort()).toEqual(ids.slice(2).sort());

    const first = (await rpc('conformance', 'ListTasks', { contextId, pageSize: 2 })).result;
    expect(first).toMatchObject({ pageSize: 2, totalSize: 5 });
    expect(first.tasks).toHaveLength(2);
    expect(first.tasks[0]).not.toHaveProperty('artifacts');
    const rest = (await rpc('conformance', 'ListTasks', { contextId, pageSize: 2, pageToken: first.nextPageToken })).result;
    const last = (await rpc('conformance', 'ListTasks', { contextId, pageSize: 2, pageToken: rest.nextPageToken })).result;
    expect(last.nextPageToken).toBe('');
    const listed = [...first.tasks, ...rest.tasks, ...last.tasks];
    expect(new Set(listed.map((t: { id: string }) => t.id))).toEqual(new Set(ids));
    const stamps = listed.map((t: { status: { timestamp: string } }) => t.status.timestamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);

    const future = (await rpc('conformance', 'ListTasks', { contextId, statusTimestampAfter: new Date(Date.now() + 60_000).toISOString() })).result;
    expect(future).toMatchObject({ tasks: [], totalSize: 0, nextPageToken: '' });
  });

  it('refuses a page token of another query with InvalidParams', async () => {
    // Needs two listed tasks, from the tests above (or still on their way into visibility).
    const page = await eventuallyListed('a second page', () => rpc('conformance', 'ListTasks', { pageSize: 1 }).then((r) => r.result), (r) => r?.nextPageToken !== '');
    const reply = await rpc('conformance', 'ListTasks', { pageSize: 1, contextId: 'other', pageToken: page.nextPageToken });
    expect(reply.error?.code).toBe(-32602);
  });
});
