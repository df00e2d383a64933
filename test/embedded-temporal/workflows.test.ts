// Conformance: real SDK workers and clients on the embedded engine, once with the workflow cache on
// (sticky queues, partial histories) and once with maxCachedWorkflows: 0 (full histories), then
// every produced history is replayed to prove the engine wrote what the workflow code commands.
import { Client, QueryRejectedError, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import * as activities from './fixtures/activities';
import {
  activityHeartbeating,
  bundleFixtures,
  eventTypes,
  HistoryCollector,
  replayAll,
  runWorker,
  startHarness,
  uniqueId,
  type Harness,
  type RunningWorker,
} from '../support/embedded-temporal-harness';

jest.setTimeout(60_000);

let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
beforeAll(async () => {
  bundle = await bundleFixtures(require.resolve('./fixtures/workflows'));
});

describe.each([
  ['with the workflow cache (sticky queues)', undefined],
  ['with maxCachedWorkflows: 0', 0],
])('workflows on the embedded engine %s', (_label, maxCachedWorkflows) => {
  let h: Harness;
  let worker: RunningWorker;
  const histories = new HistoryCollector();
  const taskQueue = uniqueId('conformance');
  const start = <T extends string>(type: T, args: unknown[] = [], extra: Record<string, unknown> = {}) =>
    h.client.workflow.start(type, { taskQueue, workflowId: uniqueId(type), args, ...extra });

  beforeAll(async () => {
    h = await startHarness();
    const VT = temporal.api.enums.v1.IndexedValueType;
    await h.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: { CustomKeywordField: VT.INDEXED_VALUE_TYPE_KEYWORD_LIST },
    });
    worker = await runWorker(h, { taskQueue, workflowBundle: bundle, activities, maxCachedWorkflows });
  });

  afterAll(async () => {
    await worker?.stop();
    await h?.close();
  });

  test('a workflow that runs one activity returns its result', async () => {
    const handle = await start('echoWorkflow', [{ text: 'hello' }]);
    expect(await handle.result()).toBe('hello');
    const history = await histories.add(handle);
    expect(eventTypes(history)).toEqual(expect.arrayContaining(['ACTIVITY_TASK_SCHEDULED', 'ACTIVITY_TASK_STARTED', 'ACTIVITY_TASK_COMPLETED']));
  });

  test('queries are answered while the workflow waits and after it closed', async () => {
    const handle = await start('waitForSignalWorkflow');
    expect(await handle.query('state')).toBe('waiting');
    await handle.signal('unblock', 'go');
    expect(await handle.result()).toBe('go');
    expect(await handle.query('state')).toBe('got go');
    await histories.add(handle);
  });

  test('queries sent together to a workflow that is closing are all answered', async () => {
    const handle = await start('waitForSignalWorkflow');
    expect(await handle.query('state')).toBe('waiting');
    // The signal's workflow task closes the run while the queries wait: each becomes a query task
    // on the closed run, and a worker given a second one for the same run before answering the
    // first would drop it.
    await handle.signal('unblock', 'go');
    const answers = await Promise.all([handle.query('state'), handle.query('state'), handle.query('state')]);
    expect(answers).toEqual(['got go', 'got go', 'got go']);
    expect(await handle.result()).toBe('go');
    await histories.add(handle);
  });

  test('timers fire, and a canceled timer is recorded as canceled', async () => {
    const sleeper = await start('sleepWorkflow', [{ ms: 50 }]);
    expect(await sleeper.result()).toBe('slept');
    expect(eventTypes(await histories.add(sleeper))).toContain('TIMER_FIRED');
    const canceler = await start('timerCancelWorkflow');
    expect(await canceler.result()).toBe('timer canceled');
    expect(eventTypes(await histories.add(canceler))).toContain('TIMER_CANCELED');
  });

  test('a failing activity is retried by the server until it succeeds, writing only the final attempt', async () => {
    const handle = await start('retryWorkflow', [{ failTimes: 2 }]);
    expect(await handle.result()).toBe(3);
    const history = await histories.add(handle);
    const started = history.events!.filter((e) => e.activityTaskStartedEventAttributes);
    expect(started).toHaveLength(1);
    expect(started[0].activityTaskStartedEventAttributes!.attempt).toBe(3);
    expect(started[0].activityTaskStartedEventAttributes!.lastFailure?.message).toBe('failing attempt 2');
  });

  test('retries stop at maximum attempts and at non-retryable error types', async () => {
    const RetryState = temporal.api.enums.v1.RetryState;
    const exhausted = await start('retryWorkflow', [{ failTimes: 5, maxAttempts: 2 }]);
    await expect(exhausted.result()).rejects.toThrow(WorkflowFailedError);
    const failed = (await histories.add(exhausted)).events!.find((e) => e.activityTaskFailedEventAttributes)!;
    expect(failed.activityTaskFailedEventAttributes!.retryState).toBe(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);

    const fatal = await start('retryWorkflow', [{ failTimes: 0, nonRetryable: true }]);
    const err = await fatal.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(ActivityFailure);
    const history = await histories.add(fatal);
    const attrs = history.events!.find((e) => e.activityTaskFailedEventAttributes)!.activityTaskFailedEventAttributes!;
    expect(attrs.retryState).toBe(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
    expect(history.events!.find((e) => e.activityTaskStartedEventAttributes)!.activityTaskStartedEventAttributes!.attempt).toBe(1);
  });

  test('an explicit nextRetryDelay on the failure overrides the retry policy interval', async () => {
    const handle = await start('retryDelayWorkflow');
    expect(await handle.result()).toBe(2);
    await histories.add(handle);
  });

  test('a heartbeat timeout retries the activity and the next attempt sees the last heartbeat details', async () => {
    const handle = await start('heartbeatTimeoutWorkflow');
    expect(await handle.result()).toEqual(['attempt 1', 'attempt 2']);
    await histories.add(handle);
  });

  test('start-to-close, schedule-to-close and schedule-to-start timeouts fail the activity with their type', async () => {
    const [stc, s2c, s2s] = await Promise.all([
      start('startToCloseTimeoutWorkflow'),
      start('scheduleToCloseTimeoutWorkflow'),
      start('scheduleToStartTimeoutWorkflow', [{ queue: uniqueId('nobody-polls') }]),
    ]);
    expect(await stc.result()).toMatch(/StartToClose/);
    expect(await s2c.result()).toMatch(/ScheduleToClose/);
    expect(await s2s.result()).toMatch(/ScheduleToStart/);
    for (const handle of [stc, s2c, s2s]) expect(eventTypes(await histories.add(handle))).toContain('ACTIVITY_TASK_TIMED_OUT');
  });

  test('canceling a running activity reaches it through its heartbeat; an unstarted one is canceled at once', async () => {
    const running = await start('cancelActivityWorkflow', [{ started: true }]);
    const queued = await start('cancelActivityWorkflow', [{ started: false }]);
    await activityHeartbeating(running);
    await running.signal('cancelNow');
    expect(await running.result()).toBe('activity canceled');
    expect(await queued.result()).toBe('activity canceled');
    const runningEvents = eventTypes(await histories.add(running));
    expect(runningEvents).toEqual(expect.arrayContaining(['ACTIVITY_TASK_CANCEL_REQUESTED', 'ACTIVITY_TASK_STARTED', 'ACTIVITY_TASK_CANCELED']));
    const queuedEvents = eventTypes(await histories.add(queued));
    expect(queuedEvents).toEqual(expect.arrayContaining(['ACTIVITY_TASK_CANCEL_REQUESTED', 'ACTIVITY_TASK_CANCELED']));
    expect(queuedEvents).not.toContain('ACTIVITY_TASK_STARTED');
  });

  test('an activity that fails after its cancel was requested is not retried (RETRY_STATE_CANCEL_REQUESTED)', async () => {
    const handle = await start('cancelThenFailWorkflow');
    await activityHeartbeating(handle);
    await handle.signal('cancelNow');
    expect(await handle.result()).toBe('failed, retry state CANCEL_REQUESTED');
    const history = await histories.add(handle);
    expect(eventTypes(history).filter((t) => t === 'ACTIVITY_TASK_STARTED')).toHaveLength(1);
    expect(eventTypes(history)).toContain('ACTIVITY_TASK_FAILED');
  });

  test('patched(), local activities, search-attribute and memo upserts are recorded and visible', async () => {
    const handle = await start('markersWorkflow');
    expect(await handle.result()).toBe('true:local:alpha');
    const history = await histories.add(handle);
    expect(eventTypes(history)).toEqual(expect.arrayContaining(['MARKER_RECORDED', 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'WORKFLOW_PROPERTIES_MODIFIED']));
    const description = await handle.describe();
    expect(description.memo).toEqual({ note: 'hello' });
    expect(description.searchAttributes.CustomKeywordField).toEqual(['alpha']);
    expect(description.searchAttributes.TemporalChangeVersion).toEqual(['v2']);
  });

  test('continue-as-new starts linked runs and result() follows the chain', async () => {
    const handle = await start('continueAsNewWorkflow', [{ remaining: 2 }]);
    expect(await handle.result()).toBe('done after chain, first run true');
    const first = await histories.add(handle, handle.firstExecutionRunId);
    const closing = first.events![first.events!.length - 1].workflowExecutionContinuedAsNewEventAttributes!;
    expect(closing.newExecutionRunId).toBeTruthy();
    const second = await histories.add(handle, closing.newExecutionRunId!);
    const started = second.events![0].workflowExecutionStartedEventAttributes!;
    expect(started.continuedExecutionRunId).toBe(handle.firstExecutionRunId);
    expect(started.firstExecutionRunId).toBe(handle.firstExecutionRunId);
    await histories.add(handle);
  });

  test('a workflow failure, a cancel request and a termination close the run accordingly', async () => {
    const failing = await start('failingWorkflow', [{ message: 'bad input' }]);
    const failure = await failing.result().catch((e: unknown) => e);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect((failure as WorkflowFailedError).cause?.message).toBe('bad input');
    await histories.add(failing);

    const cancelled = await start('cancellableWorkflow');
    await cancelled.cancel();
    expect(await cancelled.result()).toBe('cleaned up after cancel');
    expect(eventTypes(await histories.add(cancelled))).toContain('WORKFLOW_EXECUTION_CANCEL_REQUESTED');

    const terminated = await start('waitForSignalWorkflow');
    await terminated.terminate('operator said so');
    const err = await terminated.result().catch((e: unknown) => e);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
    expect((await terminated.describe()).status.name).toBe('TERMINATED');
    await histories.add(terminated);
  });

  test('signal-with-start starts a workflow, then signals the running one', async () => {
    const workflowId = uniqueId('sws');
    const opts = { taskQueue, workflowId, signal: 'unblock', signalArgs: ['x'] as [string], args: [{ expected: 3 }] };
    const first = await h.client.workflow.signalWithStart('signalBurstWorkflow', opts);
    const second = await h.client.workflow.signalWithStart('signalBurstWorkflow', opts);
    const third = await h.client.workflow.signalWithStart('signalBurstWorkflow', opts);
    expect(second.signaledRunId).toBe(first.signaledRunId);
    expect(third.signaledRunId).toBe(first.signaledRunId);
    expect(await first.result()).toBe(3);
    await histories.add(first);
  });

  test('signals sent while workflow tasks run are buffered and all delivered', async () => {
    const handle = await start('signalBurstWorkflow', [{ expected: 25 }]);
    await Promise.all(Array.from({ length: 25 }, (_, i) => handle.signal('unblock', String(i))));
    expect(await handle.result()).toBe(25);
    const history = await histories.add(handle);
    expect(eventTypes(history).filter((t) => t === 'WORKFLOW_EXECUTION_SIGNALED')).toHaveLength(25);
  });

  test('a run timeout and an execution timeout spanning continue-as-new runs time the workflow out', async () => {
    const RetryState = temporal.api.enums.v1.RetryState;
    const runTimeout = await start('sleepWorkflow', [{ ms: 60_000 }], { workflowRunTimeout: '1s' });
    const err = await runTimeout.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
    expect((await runTimeout.describe()).status.name).toBe('TIMED_OUT');
    await histories.add(runTimeout);

    const chain = await start('endlessChainWorkflow', [{ sleepMs: 300 }], { workflowExecutionTimeout: '1500ms' });
    const chainErr = await chain.result().catch((e: unknown) => e);
    expect((chainErr as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
    const last = await chain.fetchHistory();
    expect(last.events![0].workflowExecutionStartedEventAttributes!.continuedExecutionRunId).toBeTruthy();
    expect(last.events![last.events!.length - 1].workflowExecutionTimedOutEventAttributes!.retryState).toBe(RetryState.RETRY_STATE_TIMEOUT);
    await histories.add(chain);
  });

  test('a workflow retry policy starts the next attempt as a new run that result() follows', async () => {
    const handle = await start('attemptWorkflow', [{ succeedOn: 3 }], { retry: { initialInterval: '50ms', maximumAttempts: 5 } });
    expect(await handle.result()).toBe(3);
    const first = await histories.add(handle, handle.firstExecutionRunId);
    const failed = first.events![first.events!.length - 1].workflowExecutionFailedEventAttributes!;
    expect(failed.newExecutionRunId).toBeTruthy();
    await histories.add(handle);

    const exhausted = await start('attemptWorkflow', [{ succeedOn: 10 }], { retry: { initialInterval: '20ms', maximumAttempts: 2 } });
    await expect(exhausted.result()).rejects.toThrow(WorkflowFailedError);
    const lastRun = await histories.add(exhausted);
    expect(lastRun.events![0].workflowExecutionStartedEventAttributes!.attempt).toBe(2);
  });

  test('queries honour the reject condition once the workflow is closed', async () => {
    const handle = await start('failingWorkflow', [{ message: 'closed badly' }]);
    await handle.result().catch(() => undefined);
    const strict = new Client({ connection: h.connection, workflow: { queryRejectCondition: 'NOT_OPEN' } });
    await expect(strict.workflow.getHandle(handle.workflowId).query('anything')).rejects.toBeInstanceOf(QueryRejectedError);
    const cleanOnly = new Client({ connection: h.connection, workflow: { queryRejectCondition: 'NOT_COMPLETED_CLEANLY' } });
    await expect(cleanOnly.workflow.getHandle(handle.workflowId).query('anything')).rejects.toBeInstanceOf(QueryRejectedError);
  });

  test('child workflows start, return results, take signals and cancels, and die with their parent', async () => {
    const parent = await start('parentWorkflow');
    const result = await parent.result();
    expect(result[0]).toBe('child got a');
    expect(result[1]).toBe('from parent');
    expect(['child canceled', 'cleaned up after cancel']).toContain(result[2]);
    expect(result[3]).toBe('duplicate refused');
    const history = await histories.add(parent);
    expect(eventTypes(history)).toEqual(
      expect.arrayContaining([
        'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
        'CHILD_WORKFLOW_EXECUTION_STARTED',
        'CHILD_WORKFLOW_EXECUTION_COMPLETED',
        'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
        'EXTERNAL_WORKFLOW_EXECUTION_SIGNALED',
        'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
        'EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED',
        'START_CHILD_WORKFLOW_EXECUTION_FAILED',
      ]),
    );
    for (const e of history.events!.filter((ev) => ev.childWorkflowExecutionStartedEventAttributes)) {
      const exec = e.childWorkflowExecutionStartedEventAttributes!.workflowExecution!;
      const child = h.client.workflow.getHandle(exec.workflowId!, exec.runId!);
      const described = await child.describe();
      expect(described.parentExecution?.workflowId).toBe(parent.workflowId);
      await histories.add(child);
    }

    const childId = uniqueId('orphan');
    const leaving = await start('leavingParentWorkflow', [{ childId }]);
    expect(await leaving.result()).toBe('parent done');
    const orphan = h.client.workflow.getHandle(childId);
    expect((await orphan.describe()).status.name).toBe('TERMINATED');
    await histories.add(leaving);
  });

  test('every history produced above replays without a determinism error', async () => {
    expect(histories.histories.length).toBeGreaterThanOrEqual(20);
    expect(await replayAll(bundle, histories.histories)).toBe(histories.histories.length);
  });
});
