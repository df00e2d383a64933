// Workflow-task protocol rules checked at the gRPC level, with the test acting as the worker where it
// must control timing: attempt counting across failures and timeouts, UNHANDLED_COMMAND, sticky
// dispatch with partial history and its fallback, and both ways a query reaches a worker. Where real
// workflow code finishes the run, its history is replayed.
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import * as activities from './fixtures/activities';
import { bundleFixtures, eventually, eventTypes, HistoryCollector, replayAll, runWorker, startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

jest.setTimeout(60_000);

const E = temporal.api.enums.v1;
type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;

let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
let h: Harness;
const histories = new HistoryCollector();

beforeAll(async () => {
  bundle = await bundleFixtures(require.resolve('./fixtures/workflows'));
  h = await startHarness({ tuning: { longPollMs: 3000 } });
});
afterAll(async () => h?.close());

const ws = () => h.connection.workflowService;

async function poll(queue: string, kind = E.TaskQueueKind.TASK_QUEUE_KIND_NORMAL): Promise<PollResponse> {
  for (let i = 0; i < 10; i++) {
    const r = await ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: queue, kind }, identity: 'manual-worker' });
    if (r.taskToken && r.taskToken.length > 0) return r;
  }
  throw new Error(`no workflow task on ${queue}`);
}

const typesOf = (r: PollResponse) => eventTypes(r.history ?? {});

test('a failing workflow task is retried with growing attempts across failure and timeout, then completes', async () => {
  const taskQueue = uniqueId('attempts');
  const handle = await h.client.workflow.start('echoWorkflow', { taskQueue, workflowId: uniqueId('attempts'), args: [{ text: 'eventually' }], workflowTaskTimeout: '1s' });
  const first = await poll(taskQueue);
  expect(first.attempt).toBe(1);
  await ws().respondWorkflowTaskFailed({
    namespace: 'default',
    taskToken: first.taskToken,
    cause: E.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
    failure: { message: 'boom' },
  });
  const second = await poll(taskQueue);
  expect(second.attempt).toBe(2);
  // Like the SDK on attempts after the first: no answer, the start-to-close timeout decides.
  const third = await poll(taskQueue);
  expect(third.attempt).toBe(3);
  // Attempts after the first are transient, as on the server: only the first failure is history, and
  // the retry's Scheduled/Started events ride at the end of the poll response.
  expect(typesOf(third)).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_FAILED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
  expect(third.history!.events![4].workflowTaskScheduledEventAttributes!.attempt).toBe(3);
  expect(eventTypes(await handle.fetchHistory())).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_FAILED']);
  await expect(ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: second.taskToken, commands: [] })).rejects.toMatchObject({ code: 5 });

  const worker = await runWorker(h, { taskQueue, workflowBundle: bundle, activities });
  try {
    expect(await handle.result()).toBe('eventually');
  } finally {
    await worker.stop();
  }
  const history = await histories.add(handle);
  const scheduled = history.events!.filter((e) => e.workflowTaskScheduledEventAttributes);
  expect(Math.max(...scheduled.map((e) => e.workflowTaskScheduledEventAttributes!.attempt!))).toBeGreaterThanOrEqual(4);
});

test('closing the workflow while a signal waits is rejected as UNHANDLED_COMMAND and the signal is delivered', async () => {
  const taskQueue = uniqueId('unhandled');
  const handle = await h.client.workflow.start('waitForSignalWorkflow', { taskQueue, workflowId: uniqueId('unhandled') });
  const task = await poll(taskQueue);
  await handle.signal('unblock', 'seen after all');
  const complete = {
    commandType: E.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
    completeWorkflowExecutionCommandAttributes: { result: { payloads: [defaultPayloadConverter.toPayload('too early')] } },
  };
  await expect(ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: task.taskToken, commands: [complete] })).rejects.toMatchObject({ code: 3 });
  const history = await handle.fetchHistory();
  const failed = history.events!.find((e) => e.workflowTaskFailedEventAttributes)!;
  expect(failed.workflowTaskFailedEventAttributes!.cause).toBe(E.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND);
  expect(eventTypes(history).slice(-3)).toEqual(['WORKFLOW_TASK_FAILED', 'WORKFLOW_EXECUTION_SIGNALED', 'WORKFLOW_TASK_SCHEDULED']);

  const worker = await runWorker(h, { taskQueue, workflowBundle: bundle, activities });
  try {
    expect(await handle.result()).toBe('seen after all');
  } finally {
    await worker.stop();
  }
  await histories.add(handle);
});

test('sticky dispatch sends partial history to the sticky queue and falls back to full history on the normal queue', async () => {
  const taskQueue = uniqueId('sticky-normal');
  const sticky = uniqueId('sticky-worker');
  const stickyFor = (timeout: string) => ({ workerTaskQueue: { name: sticky, kind: E.TaskQueueKind.TASK_QUEUE_KIND_STICKY }, scheduleToStartTimeout: msToTs(timeout) });
  const handle = await h.client.workflow.start('waitForSignalWorkflow', { taskQueue, workflowId: uniqueId('sticky') });
  const first = await poll(taskQueue);
  expect(first.history!.events![0].eventId!.toString()).toBe('1');
  await ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: first.taskToken, commands: [], stickyAttributes: stickyFor('30s') });

  // The sticky worker is polling (the engine has seen it) when the next task is scheduled.
  const stickyPoll = poll(sticky, E.TaskQueueKind.TASK_QUEUE_KIND_STICKY);
  await eventually('the sticky poll to arrive', async () => {
    const d = await ws().describeTaskQueue({ namespace: 'default', taskQueue: { name: sticky, kind: E.TaskQueueKind.TASK_QUEUE_KIND_STICKY } });
    return (d.pollers?.length ?? 0) > 0;
  });
  await handle.signal('unblock', 'one');
  const partial = await stickyPoll;
  expect(Number(partial.history!.events![0].eventId)).toBe(Number(partial.previousStartedEventId) + 1);
  expect(typesOf(partial)).toEqual(['WORKFLOW_TASK_COMPLETED', 'WORKFLOW_EXECUTION_SIGNALED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
  await ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: partial.taskToken, commands: [], stickyAttributes: stickyFor('1s') });

  // Nobody polls the sticky queue now: after its 1 s schedule-to-start timeout the task moves.
  await handle.signal('unblock', 'two');
  const fallback = await poll(taskQueue);
  expect(fallback.history!.events![0].eventId!.toString()).toBe('1');
  await ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: fallback.taskToken, commands: [], stickyAttributes: stickyFor('30s') });

  // ShutdownWorker releases the sticky queue at once, whatever its timeout.
  await ws().shutdownWorker({ namespace: 'default', stickyTaskQueue: sticky, identity: 'manual-worker' });
  await handle.signal('unblock', 'three');
  const afterShutdown = await poll(taskQueue);
  expect(afterShutdown.history!.events![0].eventId!.toString()).toBe('1');
  await handle.terminate('done');
});

test('a query reaches the worker inside the next workflow task, or as a query-only task when none is pending', async () => {
  const taskQueue = uniqueId('queries');
  const handle = await h.client.workflow.start('waitForSignalWorkflow', { taskQueue, workflowId: uniqueId('queries') });
  const riding = handle.query<string>('state');
  // Until the engine has the query, tasks come without it; failing them schedules the next one.
  let task = await poll(taskQueue);
  for (let i = 0; i < 50 && Object.keys(task.queries ?? {}).length === 0; i++) {
    await ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: task.taskToken, commands: [], forceCreateNewWorkflowTask: true });
    task = await poll(taskQueue);
  }
  const [queryId, query] = Object.entries(task.queries ?? {})[0];
  expect(query.queryType).toBe('state');
  await ws().respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: task.taskToken,
    commands: [],
    queryResults: { [queryId]: { resultType: E.QueryResultType.QUERY_RESULT_TYPE_ANSWERED, answer: { payloads: [defaultPayloadConverter.toPayload('in task')] } } },
  });
  expect(await riding).toBe('in task');

  const direct = handle.query<string>('state');
  const queryTask = await poll(taskQueue);
  expect(queryTask.query?.queryType).toBe('state');
  expect(typesOf(queryTask)[0]).toBe('WORKFLOW_EXECUTION_STARTED');
  await ws().respondQueryTaskCompleted({
    namespace: 'default',
    taskToken: queryTask.taskToken,
    completedType: E.QueryResultType.QUERY_RESULT_TYPE_ANSWERED,
    queryResult: { payloads: [defaultPayloadConverter.toPayload('query-only')] },
  });
  expect(await direct).toBe('query-only');

  const failing = handle.query<string>('state');
  const failTask = await poll(taskQueue);
  await ws().respondQueryTaskCompleted({ namespace: 'default', taskToken: failTask.taskToken, completedType: E.QueryResultType.QUERY_RESULT_TYPE_FAILED, errorMessage: 'no such query' });
  await expect(failing).rejects.toThrow(/no such query/);
  await handle.terminate('done');
});

test('a workflow whose tasks keep failing refuses queries once the pending task reaches attempt 3, as WorkflowNotReady', async () => {
  const taskQueue = uniqueId('failing-query');
  const handle = await h.client.workflow.start('waitForSignalWorkflow', { taskQueue, workflowId: uniqueId('failing-query') });
  for (const attempt of [1, 2]) {
    const task = await poll(taskQueue);
    expect(task.attempt).toBe(attempt);
    await ws().respondWorkflowTaskFailed({ namespace: 'default', taskToken: task.taskToken, cause: E.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE });
  }
  await expect(ws().queryWorkflow({ namespace: 'default', execution: { workflowId: handle.workflowId }, query: { queryType: 'state' } })).rejects.toMatchObject({ code: 9, details: 'Unable to query workflow due to Workflow Task in failed state.' });
  await handle.terminate('done');
});

test('histories finished by real workflow code replay without a determinism error', async () => {
  expect(await replayAll(bundle, histories.histories)).toBe(2);
});
