// The engine is as strict as a real cluster, checked with the real SDK worker and client: blob,
// history and pending-work limits fail the way the server fails them, failed workflow-task retries
// are transient (absent from history), and queries are refused as the server refuses them.
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import * as activities from './fixtures/limit-activities';
import { bundleFixtures, eventually, eventTypes, HistoryCollector, replayAll, runWorker, startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

jest.setTimeout(60_000);

const E = temporal.api.enums.v1;
let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
/** Server defaults. */
let h: Harness;
/** Small limits, so a test reaches them quickly. */
let small: Harness;
const histories = new HistoryCollector();

beforeAll(async () => {
  bundle = await bundleFixtures(require.resolve('./fixtures/limit-workflows'));
  h = await startHarness({ tuning: { longPollMs: 3000 } });
  small = await startHarness({
    tuning: { longPollMs: 3000 },
    limits: { blobSizeError: 64 * 1024, historyCountError: 120, historyCountSuggestContinueAsNew: 40, pendingActivities: 3 },
  });
});
afterAll(async () => {
  await h?.close();
  await small?.close();
});

async function withWorker<T>(harness: Harness, taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const worker = await runWorker(harness, { taskQueue, workflowBundle: bundle, activities });
  try {
    return await fn();
  } finally {
    await worker.stop();
  }
}

test('an activity result over 2 MiB fails the activity with a non-retryable server failure', async () => {
  const taskQueue = uniqueId('big-result');
  const outcome = await withWorker(h, taskQueue, () =>
    h.client.workflow.execute('largeActivityResultWorkflow', { taskQueue, workflowId: uniqueId('big-result'), args: [2 * 1024 * 1024 + 1024] }),
  );
  expect(outcome).toEqual({ message: 'Activity task failed', cause: 'ServerFailure', causeMessage: 'Complete result exceeds size limit.', nonRetryable: true });
});

test('a signal over 2 MiB is refused with InvalidArgument, as the frontend refuses it', async () => {
  const taskQueue = uniqueId('big-signal');
  const handle = await h.client.workflow.start('tickWorkflow', { taskQueue, workflowId: uniqueId('big-signal') });
  const err = await handle.signal('tick', 'x'.repeat(2 * 1024 * 1024 + 1024) as never).catch((e: Error) => e);
  expect((err as Error).cause).toMatchObject({ code: 3, details: 'Blob data size exceeds limit.' });
  await handle.terminate('done');
});

test('a workflow result over the blob limit fails the task and terminates the run', async () => {
  const taskQueue = uniqueId('big-wf-result');
  const handle = await small.client.workflow.start('largeWorkflowResult', { taskQueue, workflowId: uniqueId('big-wf-result'), args: [100 * 1024] });
  await withWorker(small, taskQueue, () => handle.result().catch(() => undefined));
  const history = await handle.fetchHistory();
  const failed = history.events!.find((e) => e.workflowTaskFailedEventAttributes)!.workflowTaskFailedEventAttributes!;
  expect(failed.cause).toBe(E.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES);
  const last = history.events![history.events!.length - 1];
  expect(last.workflowExecutionTerminatedEventAttributes).toMatchObject({ reason: 'CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit.', identity: 'history-service' });
});

test('a workflow that loops on signals sees continueAsNewSuggested, then is terminated at the history count limit', async () => {
  const taskQueue = uniqueId('ticks');
  const handle = await small.client.workflow.start('tickWorkflow', { taskQueue, workflowId: uniqueId('ticks') });
  await withWorker(small, taskQueue, async () => {
    for (let i = 0; i < 200; i++) {
      const sent = await handle.signal('tick').then(() => true, () => false);
      if (!sent) break;
      // One signal per workflow task, so the history grows by a task's events each time.
      await eventually('the signal handled', async () => (await handle.query<{ count: number }>('ticks')).count === i + 1, 10_000).catch(() => undefined);
    }
    const described = await handle.describe();
    expect(described.status.name).toBe('TERMINATED');
    const history = await handle.fetchHistory();
    const last = history.events![history.events!.length - 1];
    expect(last.workflowExecutionTerminatedEventAttributes).toMatchObject({ reason: 'Workflow history count exceeds limit.' });
    const started = history.events!.filter((e) => e.workflowTaskStartedEventAttributes);
    expect(started.filter((e) => Number(e.eventId) < 40).every((e) => !e.workflowTaskStartedEventAttributes!.suggestContinueAsNew)).toBe(true);
    expect(started.filter((e) => Number(e.eventId) >= 40).every((e) => e.workflowTaskStartedEventAttributes!.suggestContinueAsNew)).toBe(true);
    // The workflow itself saw the suggestion (read back by a query replaying the closed run).
    const state = await handle.query<{ count: number; suggestedAt: number | null }>('ticks');
    expect(state.suggestedAt).not.toBeNull();
    expect(state.suggestedAt!).toBeLessThan(state.count);
  });
  await histories.add(handle);
});

test('scheduling more activities than the pending limit fails the workflow task with PENDING_ACTIVITIES_LIMIT_EXCEEDED', async () => {
  const taskQueue = uniqueId('pending');
  const handle = await small.client.workflow.start('manyActivitiesWorkflow', { taskQueue, workflowId: uniqueId('pending'), args: [5] });
  await withWorker(small, taskQueue, () =>
    eventually('the task failed on the limit', async () => {
      const history = await handle.fetchHistory();
      return history.events!.some((e) => e.workflowTaskFailedEventAttributes?.cause === E.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED);
    }),
  );
  const history = await handle.fetchHistory();
  expect(eventTypes(history)).not.toContain('ACTIVITY_TASK_SCHEDULED');
  await handle.terminate('done');
});

test('a workflow task that keeps failing leaves one failure in history, refuses queries from attempt 3, then completes after the fix', async () => {
  const taskQueue = uniqueId('transient');
  const handle = await h.client.workflow.start('failingUntilWorkflow', { taskQueue, workflowId: uniqueId('transient'), args: [Date.now() + 6000], workflowTaskTimeout: '1s' });
  const result = await withWorker(h, taskQueue, async () => {
    const refused = await eventually('a query refused while the task fails', async () => {
      // Before attempt 3 the query waits for the task like any other: a short deadline ends the wait.
      const err = await h.connection
        .withDeadline(Date.now() + 300, () => h.connection.workflowService.queryWorkflow({ namespace: 'default', execution: { workflowId: handle.workflowId }, query: { queryType: 'ticks' } }))
        .then(() => null, (e: { code: number; details: string }) => e);
      return err && err.code === 9 ? err : null;
    });
    expect(refused.details).toBe('Unable to query workflow due to Workflow Task in failed state.');
    expect((await handle.describe()).raw.pendingWorkflowTask?.attempt).toBeGreaterThanOrEqual(3);
    return handle.result();
  });
  expect(result).toBe('fixed');
  const history = await histories.add(handle);
  const types = eventTypes(history);
  expect(types.filter((t) => t === 'WORKFLOW_TASK_FAILED')).toHaveLength(1);
  expect(types).not.toContain('WORKFLOW_TASK_TIMED_OUT');
  const scheduled = history.events!.filter((e) => e.workflowTaskScheduledEventAttributes).map((e) => e.workflowTaskScheduledEventAttributes!.attempt);
  expect(scheduled).toEqual([1, expect.any(Number)]);
  expect(scheduled[1]).toBeGreaterThanOrEqual(3);
  expect(types.slice(-4)).toEqual(['WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_COMPLETED', 'WORKFLOW_EXECUTION_COMPLETED']);
});

test('a second query while one waits for the workflow task is refused as ConsistentQueryBufferExceeded', async () => {
  const taskQueue = uniqueId('buffered');
  const handle = await h.client.workflow.start('waitingWorkflow', { taskQueue, workflowId: uniqueId('buffered') });
  const ws = h.connection.workflowService;
  // Take the first task ourselves and hold it: queries now wait for the next workflow task.
  const task = await ws.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'holder' });
  expect(task.taskToken?.length).toBeGreaterThan(0);
  const first = ws.queryWorkflow({ namespace: 'default', execution: { workflowId: handle.workflowId }, query: { queryType: 'ticks' } }).then(() => 'answered', (e: { code: number }) => `error ${e.code}`);
  await new Promise((r) => setTimeout(r, 200));
  // Without the client's retry interceptor, which retries RESOURCE_EXHAUSTED for ~40 s before giving up.
  const noRetry = await Connection.connect({ address: h.engine.address, interceptors: [] });
  try {
    await expect(
      noRetry.workflowService.queryWorkflow({ namespace: 'default', execution: { workflowId: handle.workflowId }, query: { queryType: 'ticks' } }),
    ).rejects.toMatchObject({ code: 8, details: 'consistent query buffer is full, this may be caused by too many queries and workflow not able to process query fast enough' });
  } finally {
    await noRetry.close();
  }
  await handle.terminate('done');
  // The buffered one was never refused: a worker answers it (replaying the closed run).
  expect(await withWorker(h, taskQueue, () => first)).toBe('answered');
});

test('histories written under the limits replay without a determinism error', async () => {
  expect(await replayAll(bundle, histories.histories)).toBe(2);
});
