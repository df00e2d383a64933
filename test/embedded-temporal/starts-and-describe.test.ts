// Start semantics (conflict and reuse policies, requestId dedupe), signal/cancel idempotence and
// DescribeWorkflowExecution details (pending activity attempt and heartbeat, memo, search attributes).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import * as activities from './fixtures/activities';
import { activityHeartbeating, bundleFixtures, HistoryCollector, replayAll, runWorker, startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

jest.setTimeout(60_000);

const E = temporal.api.enums.v1;
let h: Harness;
let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
const histories = new HistoryCollector();

beforeAll(async () => {
  bundle = await bundleFixtures(require.resolve('./fixtures/workflows'));
  h = await startHarness();
});
afterAll(async () => h?.close());

const ws = () => h.connection.workflowService;
const startRequest = (workflowId: string, extra: Partial<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest> = {}) => ({
  namespace: 'default',
  workflowId,
  workflowType: { name: 'waitForSignalWorkflow' },
  taskQueue: { name: 'no-worker' },
  requestId: uniqueId('req'),
  ...extra,
});

test('a retried start with the same requestId returns the same run instead of failing', async () => {
  const req = startRequest(uniqueId('dedupe'));
  const first = await ws().startWorkflowExecution(req);
  const second = await ws().startWorkflowExecution(req);
  expect(second.runId).toBe(first.runId);
  await expect(ws().startWorkflowExecution({ ...req, requestId: 'another' })).rejects.toMatchObject({ code: 6 });
});

test('conflict policies: FAIL rejects, USE_EXISTING returns the running run, TERMINATE_EXISTING replaces it', async () => {
  const workflowId = uniqueId('conflict');
  const first = await ws().startWorkflowExecution(startRequest(workflowId));
  await expect(
    h.client.workflow.start('waitForSignalWorkflow', { taskQueue: 'no-worker', workflowId, workflowIdConflictPolicy: 'FAIL' }),
  ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  const existing = await ws().startWorkflowExecution(startRequest(workflowId, { workflowIdConflictPolicy: E.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING }));
  expect(existing.runId).toBe(first.runId);
  expect(existing.started).toBe(false);
  const replaced = await ws().startWorkflowExecution(startRequest(workflowId, { workflowIdConflictPolicy: E.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING }));
  expect(replaced.runId).not.toBe(first.runId);
  const old = await ws().describeWorkflowExecution({ namespace: 'default', execution: { workflowId, runId: first.runId } });
  expect(old.workflowExecutionInfo?.status).toBe(E.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
  const legacy = await ws().startWorkflowExecution(startRequest(workflowId, { workflowIdReusePolicy: E.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING }));
  expect(legacy.runId).not.toBe(replaced.runId);
});

test('reuse policies decide whether a closed workflow id may start again', async () => {
  const R = E.WorkflowIdReusePolicy;
  const terminate = (workflowId: string) => ws().terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId }, reason: 'test' });
  const complete = async (workflowId: string) => {
    const handle = h.client.workflow.getHandle(workflowId);
    await handle.signal('unblock', 'x');
  };

  const dup = uniqueId('allow');
  await ws().startWorkflowExecution(startRequest(dup));
  await terminate(dup);
  await expect(ws().startWorkflowExecution(startRequest(dup, { workflowIdReusePolicy: R.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE }))).resolves.toBeTruthy();

  const rejected = uniqueId('reject');
  await ws().startWorkflowExecution(startRequest(rejected));
  await terminate(rejected);
  await expect(ws().startWorkflowExecution(startRequest(rejected, { workflowIdReusePolicy: R.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE }))).rejects.toMatchObject({ code: 6 });

  const failedOnly = uniqueId('failed-only');
  await ws().startWorkflowExecution(startRequest(failedOnly));
  await terminate(failedOnly);
  await expect(ws().startWorkflowExecution(startRequest(failedOnly, { workflowIdReusePolicy: R.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY }))).resolves.toBeTruthy();

  const taskQueue = uniqueId('reuse');
  const worker = await runWorker(h, { taskQueue, workflowBundle: bundle, activities });
  try {
    const succeeded = uniqueId('succeeded');
    const handle = await h.client.workflow.start('waitForSignalWorkflow', { taskQueue, workflowId: succeeded });
    await complete(succeeded);
    await handle.result();
    await expect(
      ws().startWorkflowExecution(startRequest(succeeded, { workflowIdReusePolicy: R.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY })),
    ).rejects.toMatchObject({ code: 6 });
    await histories.add(handle);
  } finally {
    await worker.stop();
  }
});

test('describe shows the pending activity attempt and heartbeat details, memo and typed search attributes', async () => {
  const taskQueue = uniqueId('describe');
  const contextId = defineSearchAttributeKey('ContextId', SearchAttributeType.KEYWORD);
  await h.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { ContextId: E.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } });
  const worker = await runWorker(h, { taskQueue, workflowBundle: bundle, activities });
  try {
    const handle = await h.client.workflow.start('cancelActivityWorkflow', {
      taskQueue,
      workflowId: uniqueId('describe'),
      args: [{ started: true }],
      memo: { owner: 'team-a' },
      typedSearchAttributes: [{ key: contextId, value: 'ctx-1' }],
    });
    const pending = await activityHeartbeating(handle);
    expect(pending?.attempt).toBe(1);
    expect(pending?.state).toBe(E.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    expect(pending?.heartbeatDetails?.payloads?.length).toBe(1);
    const d = await handle.describe();
    expect(d.memo).toEqual({ owner: 'team-a' });
    expect(d.typedSearchAttributes.get(contextId)).toBe('ctx-1');
    await handle.signal('cancelNow');
    expect(await handle.result()).toBe('activity canceled');
    await histories.add(handle);
  } finally {
    await worker.stop();
  }
});

test('signals and cancel requests are idempotent per requestId; closed runs refuse them with NOT_FOUND', async () => {
  const workflowId = uniqueId('idem');
  await ws().startWorkflowExecution(startRequest(workflowId));
  const signal = { namespace: 'default', workflowExecution: { workflowId }, signalName: 'unblock', requestId: 'sig-1' };
  await ws().signalWorkflowExecution(signal);
  await ws().signalWorkflowExecution(signal);
  await ws().requestCancelWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId }, requestId: 'c-1' });
  await ws().requestCancelWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId }, requestId: 'c-1' });
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  expect(history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(1);
  expect(history.events!.filter((e) => e.workflowExecutionCancelRequestedEventAttributes)).toHaveLength(1);
  await ws().terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
  await expect(ws().signalWorkflowExecution({ ...signal, requestId: 'sig-2' })).rejects.toMatchObject({ code: 5 });
});

test('history pages follow maximumPageSize/nextPageToken, and waitNewEvent blocks until an event arrives', async () => {
  const workflowId = uniqueId('paging');
  await ws().startWorkflowExecution(startRequest(workflowId));
  for (let i = 0; i < 5; i++) await ws().signalWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId }, signalName: 's' });
  const ids: number[] = [];
  let token: Uint8Array | undefined;
  do {
    const page = await ws().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, maximumPageSize: 3, nextPageToken: token });
    expect(page.history!.events!.length).toBeLessThanOrEqual(3);
    ids.push(...page.history!.events!.map((e) => Number(e.eventId)));
    token = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (token);
  expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);

  const all = await ws().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, waitNewEvent: true });
  expect(all.history!.events!.length).toBe(7);
  const waiting = ws().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, waitNewEvent: true, nextPageToken: all.nextPageToken });
  await ws().signalWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId }, signalName: 'late' });
  const next = await waiting;
  expect(next.history!.events!.map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)).toEqual(['late']);
  await ws().terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
});

test('histories from real workers replay', async () => {
  expect(await replayAll(bundle, histories.histories)).toBe(2);
});
