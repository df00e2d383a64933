// Conformance of workflow updates: the real SDK client and worker on the embedded engine, with the
// workflow cache on (updates delivered on the sticky queue) and off (normal queue, full history), and
// every history replayed. The engine's long poll is short here so the re-poll paths are exercised.
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import * as activities from './fixtures/activities';
import { addItemUpdate, finishSignal, itemsQuery, releaseSignal, waitForReleaseUpdate } from './fixtures/update-workflows';
import { bundleFixtures, eventTypes, eventually, HistoryCollector, replayAll, runWorker, startHarness, uniqueId, type Harness, type RunningWorker } from '../support/embedded-temporal-harness';

jest.setTimeout(60_000);
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

let bundle: Awaited<ReturnType<typeof bundleFixtures>>;
beforeAll(async () => {
  bundle = await bundleFixtures(require.resolve('./fixtures/workflows'));
});

/** Resolves once the workflow has nothing pending: its last event is a completed workflow task. */
async function idle(handle: WorkflowHandle): Promise<string[]> {
  return eventually('the workflow to be idle', async () => {
    const types = eventTypes(await handle.fetchHistory());
    return types[types.length - 1] === 'WORKFLOW_TASK_COMPLETED' ? types : undefined;
  });
}

describe.each([
  ['with the workflow cache (sticky queues)', undefined],
  ['with maxCachedWorkflows: 0', 0],
])('updates on the embedded engine %s', (_label, maxCachedWorkflows) => {
  let h: Harness;
  let worker: RunningWorker;
  const histories = new HistoryCollector();
  const taskQueue = uniqueId('updates');
  const start = () => h.client.workflow.start('updatableWorkflow', { taskQueue, workflowId: uniqueId('updatable') });
  const rawUpdate = (handle: WorkflowHandle, o: { updateId: string; name: string; args?: unknown[]; stage: number }) =>
    h.connection.workflowService.updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: handle.workflowId },
      waitPolicy: { lifecycleStage: o.stage },
      request: {
        meta: { updateId: o.updateId, identity: 'test' },
        input: { name: o.name, args: { payloads: (o.args ?? []).map((a) => defaultPayloadConverter.toPayload(a)) } },
      },
    });

  beforeAll(async () => {
    h = await startHarness({ tuning: { longPollMs: 2000 } });
    worker = await runWorker(h, { taskQueue, workflowBundle: bundle, activities, maxCachedWorkflows });
  });

  afterAll(async () => {
    await worker?.stop();
    await h?.close();
  });

  test('an update runs its handler and returns its result, recorded as accepted and completed events', async () => {
    const handle = await start();
    expect(await handle.executeUpdate(addItemUpdate, { args: ['a'] })).toBe(1);
    expect(await handle.executeUpdate(addItemUpdate, { args: ['b'] })).toBe(2);
    const waiting = await handle.startUpdate(waitForReleaseUpdate, { waitForStage: WorkflowUpdateStage.ACCEPTED });
    await handle.signal(releaseSignal);
    expect(await waiting.result()).toBe('released');
    await handle.signal(finishSignal);
    expect(await handle.result()).toEqual(['a', 'b']);
    const history = await histories.add(handle);
    const types = eventTypes(history);
    expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toHaveLength(3);
    expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toHaveLength(3);
    const accepted = history.events!.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!.workflowExecutionUpdateAcceptedEventAttributes!;
    expect(accepted.acceptedRequest?.input?.name).toBe('addItem');
    expect(accepted.acceptedRequestMessageId).toBe(`${accepted.protocolInstanceId}/request`);
  });

  test('a rejected update writes no events to history and the client gets the validator failure', async () => {
    const handle = await start();
    const before = await idle(handle);
    const err = await handle.executeUpdate(addItemUpdate, { args: [''] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).toBe('item must not be empty');
    expect(eventTypes(await handle.fetchHistory())).toEqual(before);
    // The worker's cache saw the dropped task's events; the next task must still replay cleanly.
    expect(await handle.executeUpdate(addItemUpdate, { args: ['after rejection'] })).toBe(1);
    await handle.signal(finishSignal);
    expect(await handle.result()).toEqual(['after rejection']);
    await histories.add(handle);
  });

  test('an update id is deduplicated: the same id gets the same outcome without running the handler again', async () => {
    const handle = await start();
    const updateId = uniqueId('same');
    expect(await handle.executeUpdate(addItemUpdate, { args: ['once'], updateId })).toBe(1);
    expect(await handle.executeUpdate(addItemUpdate, { args: ['twice'], updateId })).toBe(1);
    expect(await handle.query(itemsQuery)).toEqual(['once']);
    await handle.signal(finishSignal);
    await handle.result();
    // A closed run still answers an update id it completed, and refuses a new one as the server does.
    expect(await handle.executeUpdate(addItemUpdate, { args: ['again'], updateId })).toBe(1);
    await expect(handle.executeUpdate(addItemUpdate, { args: ['new'] })).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const types = eventTypes(await histories.add(handle));
    expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toHaveLength(1);
  });

  test('wait stages: ACCEPTED answers before the handler returns, the long poll answers the stage reached, ADMITTED is refused', async () => {
    const handle = await start();
    const updateId = uniqueId('stages');
    const accepted = await rawUpdate(handle, { updateId, name: 'waitForRelease', stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED });
    expect(accepted.stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    expect(accepted.outcome).toBeFalsy();
    // COMPLETED cannot be reached yet: after the engine's long poll the call answers ACCEPTED, no outcome.
    const again = await rawUpdate(handle, { updateId, name: 'waitForRelease', stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED });
    expect(again.stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    const ref = { workflowExecution: { workflowId: handle.workflowId }, updateId };
    const poll = (stage: number) => h.connection.workflowService.pollWorkflowExecutionUpdate({ namespace: 'default', updateRef: ref, waitPolicy: { lifecycleStage: stage } });
    expect((await poll(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)).stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
    await handle.signal(releaseSignal);
    const done = await poll(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    expect(done.stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    expect(defaultPayloadConverter.fromPayload(done.outcome!.success!.payloads![0])).toBe('released');
    await expect(rawUpdate(handle, { updateId: uniqueId('admitted'), name: 'addItem', args: ['x'], stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED })).rejects.toMatchObject({ code: 7 });
    await expect(h.connection.workflowService.pollWorkflowExecutionUpdate({ namespace: 'default', updateRef: { ...ref, updateId: 'never-sent' } })).rejects.toMatchObject({ code: 5 });
    await handle.signal(finishSignal);
    await handle.result();
    await histories.add(handle);
  });

  test('an update to a workflow nobody polls stays ADMITTED and is delivered once a worker polls', async () => {
    const idleQueue = uniqueId('later');
    const handle = await h.client.workflow.start('updatableWorkflow', { taskQueue: idleQueue, workflowId: uniqueId('later') });
    const updateId = uniqueId('admitted');
    const first = await rawUpdate(handle, { updateId, name: 'addItem', args: ['late'], stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED });
    expect(first.stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);
    const late = await runWorker(h, { taskQueue: idleQueue, workflowBundle: bundle, activities, maxCachedWorkflows });
    try {
      expect(await handle.getUpdateHandle<number>(updateId).result()).toBe(1);
      await handle.signal(finishSignal);
      expect(await handle.result()).toEqual(['late']);
    } finally {
      await late.stop();
    }
    await histories.add(handle);
  });

  test('an accepted update fails with the server failure when its workflow completes first', async () => {
    const handle = await start();
    const pending = await handle.startUpdate(waitForReleaseUpdate, { waitForStage: WorkflowUpdateStage.ACCEPTED });
    await handle.signal(finishSignal);
    await handle.result();
    const err = await pending.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).toBe('Workflow Update failed because the Workflow completed before the Update completed.');
    await histories.add(handle);
  });

  test('update-with-start starts the workflow and updates it in one call; USE_EXISTING updates the running one', async () => {
    const workflowId = uniqueId('uws');
    const op = () => new WithStartWorkflowOperation('updatableWorkflow', { workflowId, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' });
    const firstOp = op();
    expect(await h.client.workflow.executeUpdateWithStart(addItemUpdate, { args: ['first'], startWorkflowOperation: firstOp })).toBe(1);
    const firstHandle = await firstOp.workflowHandle();
    const secondOp = op();
    expect(await h.client.workflow.executeUpdateWithStart(addItemUpdate, { args: ['second'], startWorkflowOperation: secondOp })).toBe(2);
    expect((await (await secondOp.workflowHandle()).describe()).runId).toBe((await firstHandle.describe()).runId);
    const failOp = new WithStartWorkflowOperation('updatableWorkflow', { workflowId, taskQueue, workflowIdConflictPolicy: 'FAIL' });
    await expect(h.client.workflow.executeUpdateWithStart(addItemUpdate, { args: ['third'], startWorkflowOperation: failOp })).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    await firstHandle.signal(finishSignal);
    expect(await firstHandle.result()).toEqual(['first', 'second']);
    const types = eventTypes(await histories.add(firstHandle));
    expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_STARTED')).toHaveLength(1);
  });

  test('after the sticky worker leaves, an update reaches the next worker through the normal queue', async () => {
    const queue = uniqueId('handover');
    const first = await runWorker(h, { taskQueue: queue, workflowBundle: bundle, activities, maxCachedWorkflows });
    const handle = await h.client.workflow.start('updatableWorkflow', { taskQueue: queue, workflowId: uniqueId('handover') });
    expect(await handle.executeUpdate(addItemUpdate, { args: ['first worker'] })).toBe(1);
    await first.stop();
    const second = await runWorker(h, { taskQueue: queue, workflowBundle: bundle, activities, maxCachedWorkflows });
    try {
      expect(await handle.executeUpdate(addItemUpdate, { args: ['second worker'] })).toBe(2);
      await handle.signal(finishSignal);
      expect(await handle.result()).toEqual(['first worker', 'second worker']);
    } finally {
      await second.stop();
    }
    await histories.add(handle);
  });

  test('every history produced above replays without a determinism error', async () => {
    expect(histories.histories.length).toBeGreaterThanOrEqual(8);
    expect(await replayAll(bundle, histories.histories)).toBe(histories.histories.length);
  });
});
