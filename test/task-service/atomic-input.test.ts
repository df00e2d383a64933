// Input is one signal, decided by the workflow in its own state (issue 9, atomic input). Each race
// is driven deterministically: the task is moved on between the send's access read and its signal
// (see HoldingGateway), where the old read-then-signal delivery answered -32603 or lost the input.
import { getInputOutcomeQuery, getTaskSnapshotQuery } from '../../src/task-runtime/contract';
import { replayAll } from '../support/embedded-temporal-harness';
import { workflowBundle } from '../support/platform-harness';
import { barrier, rpcCodeOf, startInputRaceStack, startWebhookReceiver } from './support/input-race-stack';

type Stack = Awaited<ReturnType<typeof startInputRaceStack>>;
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  stack = await startInputRaceStack();
  receiver = await startWebhookReceiver();
}, 120_000);
afterAll(async () => {
  receiver?.release();
  await stack?.close();
  await receiver?.close();
});

const UNSUPPORTED = -32004;
const INVALID_PARAMS = -32602;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

async function waitingTask(extra: { pushUrl?: string } = {}) {
  const task = await stack.send({
    message: stack.message(unique('tck-input-required'), 'start'),
    ...(extra.pushUrl ? { configuration: { pushNotificationConfig: { url: extra.pushUrl } } } : {}),
  });
  expect(task.status.state).toBe('input-required');
  return task.id;
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    return { code: rpcCodeOf(err), message: String((err as Error).message) };
  }
  throw new Error('the send was expected to be refused');
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition never held');
}

describe('input racing a task that moves on', () => {
  it('to a run that closed between the read and the signal is UnsupportedOperation naming the final state, never -32603', async () => {
    const taskId = await waitingTask();
    stack.gateway.onNextReads(taskId, 1, async () => {
      await stack.handle(taskId).cancel();
      await stack.handle(taskId).result();
    });
    const refused = await failureOf(stack.send({ message: stack.message(unique('late'), 'answer', taskId) }));
    expect(refused).toEqual({ code: UNSUPPORTED, message: expect.stringMatching(/is canceled; a finished task accepts no more messages/) });
  }, 60_000);

  it('to a finished task whose run still drains a slow webhook is refused and recorded, not left unconsumed', async () => {
    const taskId = await waitingTask({ pushUrl: receiver.url });
    const messageId = unique('late');
    stack.gateway.onNextReads(taskId, 1, async () => {
      receiver.hold();
      await stack.handle(taskId).cancel();
      await until(async () => (await stack.handle(taskId).query(getTaskSnapshotQuery, {})).task.status.state === 'canceled');
    });
    try {
      const refused = await failureOf(stack.send({ message: stack.message(messageId, 'answer', taskId) }));
      expect(refused).toEqual({ code: UNSUPPORTED, message: expect.stringMatching(/is canceled; a finished task accepts no more messages/) });
      // Still draining: the refusal was the workflow's own, recorded where a re-send reads it.
      expect((await stack.handle(taskId).describe()).status.name).toBe('RUNNING');
      const outcome = await stack.handle(taskId).query(getInputOutcomeQuery, { messageId });
      expect(outcome).toMatchObject({ messageId, outcome: 'refused', reason: 'finished', state: 'canceled' });
      // An identical re-send answers like the first.
      const again = await failureOf(stack.send({ message: stack.message(messageId, 'answer', taskId) }));
      expect(again).toEqual(refused);
    } finally {
      receiver.release();
    }
    const final = (await stack.handle(taskId).result()) as { snapshot: { task: { history?: Array<{ messageId: string }> } } };
    expect(final.snapshot.task.history?.map((m) => m.messageId)).not.toContain(messageId);
  }, 60_000);

  it('to a working task is refused as not waiting, shown in the stream as a status update naming the messageId and reason', async () => {
    const held = await stack.send({ message: stack.message(unique('test-resubscribe-message-id'), 'hold'), configuration: { returnImmediately: true } });
    await until(async () => (await stack.handle(held.id).query(getTaskSnapshotQuery, {})).task.status.state === 'working');
    const before = (await stack.handle(held.id).query(getTaskSnapshotQuery, {})).seq;
    const messageId = unique('pushy');
    const refused = await failureOf(stack.send({ message: stack.message(messageId, 'too early', held.id) }));
    expect(refused).toEqual({ code: UNSUPPORTED, message: expect.stringMatching(/is working; it accepts a message only while input-required or auth-required/) });
    const after = await stack.handle(held.id).query(getTaskSnapshotQuery, { afterSeq: before });
    expect(after.events.map((e) => e.event)).toEqual([
      expect.objectContaining({
        kind: 'status-update',
        status: expect.objectContaining({ state: 'working' }),
        metadata: { inputRefused: { messageId, reason: 'not-waiting', state: 'working', detail: 'the task is working' } },
      }),
    ]);
    // The run, with its refusal event and the patch marker that switched it on, replays deterministically.
    await stack.handle(held.id).cancel();
    await stack.handle(held.id).result();
    const history = await stack.handle(held.id).fetchHistory();
    await expect(replayAll((await workflowBundle()) as Parameters<typeof replayAll>[0], [{ workflowId: held.id, history }])).resolves.toBe(1);
  }, 60_000);
});

describe('two sends with one messageId at the same instant', () => {
  it('with different content: exactly one is accepted, the other is InvalidParams naming the messageId', async () => {
    const taskId = await waitingTask();
    const messageId = unique('answer');
    // Both sends have read the task (and seen the messageId unused) before either signals.
    stack.gateway.onNextReads(taskId, 2, barrier(2));
    const results = await Promise.allSettled([
      stack.send({ message: stack.message(messageId, 'first content', taskId) }),
      stack.send({ message: stack.message(messageId, 'other content', taskId) }),
    ]);
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect([accepted.length, refused.length]).toEqual([1, 1]);
    expect({ code: rpcCodeOf(refused[0].reason), message: String(refused[0].reason.message) }).toEqual({
      code: INVALID_PARAMS,
      message: expect.stringContaining(`messageId ${messageId} was already sent to task ${taskId} with different content`),
    });
    const { task } = await stack.handle(taskId).query(getTaskSnapshotQuery, {});
    const delivered = task.history?.filter((m) => m.messageId === messageId) ?? [];
    expect(delivered).toHaveLength(1);
    expect(task.status.message?.parts).toEqual([{ kind: 'text', text: `Received: ${(delivered[0].parts[0] as { text: string }).text}` }]);
  }, 60_000);

  it('with the same content: both answer the task, the input is delivered once, and one outcome is recorded', async () => {
    const taskId = await waitingTask();
    const messageId = unique('answer');
    stack.gateway.onNextReads(taskId, 2, barrier(2));
    const [a, b] = await Promise.all([
      stack.send({ message: stack.message(messageId, 'same content', taskId) }),
      stack.send({ message: stack.message(messageId, 'same content', taskId) }),
    ]);
    expect([a.id, b.id]).toEqual([taskId, taskId]);
    const outcome = await stack.handle(taskId).query(getInputOutcomeQuery, { messageId });
    expect(outcome).toMatchObject({ messageId, outcome: 'accepted' });
    const { task } = await stack.handle(taskId).query(getTaskSnapshotQuery, {});
    expect(task.status.state).toBe('completed');
    expect(task.history?.filter((m) => m.messageId === messageId)).toHaveLength(1);
  }, 60_000);
});

describe('a push config sent with an input (owner only, as before)', () => {
  it('is added with an input the task takes, and not with one it refuses', async () => {
    const answered = await waitingTask();
    const done = await stack.send({
      message: stack.message(unique('answer'), 'yes', answered),
      configuration: { pushNotificationConfig: { id: 'with-answer', url: receiver.url } },
    });
    expect(done.status.state).toBe('completed');
    expect((await stack.gateway.getPushConfigs(answered))?.map((c) => c.id)).toEqual(['with-answer']);

    const taskId = await waitingTask({ pushUrl: receiver.url });
    stack.gateway.onNextReads(taskId, 1, async () => {
      receiver.hold();
      await stack.handle(taskId).cancel();
      await until(async () => (await stack.handle(taskId).query(getTaskSnapshotQuery, {})).task.status.state === 'canceled');
    });
    try {
      const refused = await failureOf(stack.send({
        message: stack.message(unique('late'), 'answer', taskId),
        configuration: { pushNotificationConfig: { id: 'with-refused', url: receiver.url } },
      }));
      expect(refused.code).toBe(UNSUPPORTED);
      expect((await stack.gateway.getPushConfigs(taskId))?.map((c) => c.id)).not.toContain('with-refused');
    } finally {
      receiver.release();
    }
  }, 60_000);
});
