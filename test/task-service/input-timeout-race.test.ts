// An answer that arrives just as the approval expires (issue 9, atomic input). If the expiry's
// workflow task ran first, the answer is refused with the task's final state: the old
// read-then-signal delivery answered -32603 once the run had closed. If both land in one workflow
// task (driven with the worker stopped), the workflow handles the signal first and takes the answer.
import { NativeConnection, Worker } from '@temporalio/worker';
import { getInputOutcomeQuery } from '../../src/task-runtime/contract';
import { bundleFixtures } from '../support/embedded-temporal-harness';
import { rpcCodeOf, startInputRaceStack } from './support/input-race-stack';
import { taskMetricsSinks } from '../../src/metrics/task-metrics';

type Stack = Awaited<ReturnType<typeof startInputRaceStack>>;
let stack: Stack;
let connection: NativeConnection;
let bundle: Awaited<ReturnType<typeof bundleFixtures>>;

beforeAll(async () => {
  stack = await startInputRaceStack({
    platform: { worker: { enabled: false } },
    agentId: 'expiring',
    resolveAgent: () => ({ workflowType: 'expiringApprovalWorkflow', settings: { expireAfterMs: 2_000 }, streaming: true, pushNotifications: false }),
  });
  connection = await NativeConnection.connect(stack.platform.temporal.connectOptions);
  bundle = await bundleFixtures(require.resolve('./fixtures/expiring-approval-workflow'));
}, 120_000);
afterAll(async () => {
  await connection?.close();
  await stack?.close();
});

async function runWorker() {
  const worker = await Worker.create({ connection, taskQueue: stack.taskQueue, workflowBundle: bundle, shutdownGraceTime: '1s', sinks: taskMetricsSinks() });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
  };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition never held');
}

const outcomeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 0, message: 'accepted' }),
    (err: unknown) => ({ code: rpcCodeOf(err), message: String((err as Error).message) }),
  );

it('an answer the expiry beat (task rejected, run closed since the send read it) is UnsupportedOperation naming rejected, never -32603', async () => {
  const stopWorker = await runWorker();
  try {
    const task = await stack.send({ message: stack.message(`expiring-${Date.now()}`, 'please approve') });
    expect(task.status.state).toBe('input-required');
    const handle = stack.handle(task.id);
    // After the send's read (the task waits), the approval expires and the run closes.
    stack.gateway.onNextReads(task.id, 1, async () => {
      await handle.result();
    });
    const refused = await outcomeOf(stack.send({ message: stack.message(`answer-${Date.now()}`, 'approve', task.id) }));
    expect(refused).toEqual({ code: -32004, message: expect.stringMatching(/is rejected; a finished task accepts no more messages/) });
  } finally {
    await stopWorker();
  }
}, 120_000);

it('an answer and the expiry in one workflow task: the workflow takes the answer first, records it accepted, and the task completes with it', async () => {
  let stopWorker = await runWorker();
  const task = await stack.send({ message: stack.message(`expiring-${Date.now()}`, 'please approve') });
  expect(task.status.state).toBe('input-required');
  const handle = stack.handle(task.id);
  const historyHas = async (key: string) => ((await handle.fetchHistory()).events ?? []).some((e) => (e as Record<string, unknown>)[key]);
  // After the send's read, the expiry fires with no worker to act on it; the answer is signalled after it.
  stack.gateway.onNextReads(task.id, 1, async () => {
    await stopWorker();
    await until(() => historyHas('timerFiredEventAttributes'));
  });
  const messageId = `answer-${Date.now()}`;
  const sending = outcomeOf(stack.send({ message: stack.message(messageId, 'approve', task.id) }));
  await until(() => historyHas('workflowExecutionSignaledEventAttributes'));
  stopWorker = await runWorker();
  try {
    expect(await sending).toEqual({ code: 0, message: 'accepted' });
    expect(await handle.query(getInputOutcomeQuery, { messageId })).toMatchObject({ messageId, outcome: 'accepted' });
    const { snapshot } = (await handle.result()) as { snapshot: { task: { status: { state: string }; history?: Array<{ messageId: string }> } } };
    expect(snapshot.task.status.state).toBe('completed');
    expect(snapshot.task.history?.map((m) => m.messageId)).toContain(messageId);
  } finally {
    await stopWorker();
  }
}, 120_000);
