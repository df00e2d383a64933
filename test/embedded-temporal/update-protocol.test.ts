// The update protocol on the wire, driven by hand like a worker would: the request arrives as a
// protocol message in the workflow task, a rejection drops the speculative task (the response tells
// the worker where to roll back to), and a token of the dropped task cannot complete its successor.
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const ws = () => h.connection.workflowService;

function rejection(updateId: string): temporal.api.protocol.v1.IMessage {
  const body = temporal.api.update.v1.Rejection.encode({ rejectedRequestMessageId: `${updateId}/request`, failure: { message: 'not now' } }).finish();
  return { id: `${updateId}/reject`, protocolInstanceId: updateId, body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Rejection', value: body } };
}

test('an update rides a speculative task as a protocol message; a rejection drops the task and its token goes stale', async () => {
  const taskQueue = uniqueId('protocol');
  const workflowId = uniqueId('protocol');
  await ws().startWorkflowExecution({ namespace: 'default', workflowId, workflowType: { name: 'anything' }, taskQueue: { name: taskQueue }, requestId: uniqueId('r') });
  const poll = () => ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'hand' });
  const first = await poll();
  await ws().respondWorkflowTaskCompleted({ taskToken: first.taskToken, identity: 'hand' });
  const update = (updateId: string) =>
    ws().updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED },
      request: { meta: { updateId }, input: { name: 'ask', args: { payloads: [defaultPayloadConverter.toPayload(1)] } } },
    });

  const answer = update('u1');
  const speculative = await poll();
  const message = speculative.messages![0];
  expect(message.protocolInstanceId).toBe('u1');
  expect(message.id).toBe('u1/request');
  expect(message.body!.type_url).toMatch(/temporal\.api\.update\.v1\.Request$/);
  expect(temporal.api.update.v1.Request.decode(message.body!.value!).input?.name).toBe('ask');
  expect(Number(message.eventId)).toBe(Number(speculative.startedEventId) - 1);
  const completed = await ws().respondWorkflowTaskCompleted({ taskToken: speculative.taskToken, identity: 'hand', messages: [rejection('u1')] });
  expect(Number(completed.resetHistoryEventId)).toBe(Number(first.startedEventId));
  const rejected = await answer;
  expect(rejected.stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
  expect(rejected.outcome?.failure?.message).toBe('not now');

  const again = update('u2');
  const next = await poll();
  expect(Number(next.startedEventId)).toBe(Number(speculative.startedEventId)); // the dropped task's ids, reused
  await expect(ws().respondWorkflowTaskCompleted({ taskToken: speculative.taskToken, identity: 'hand', messages: [rejection('u2')] })).rejects.toMatchObject({ code: 5 });
  await ws().respondWorkflowTaskCompleted({ taskToken: next.taskToken, identity: 'hand', messages: [rejection('u2')] });
  expect((await again).outcome?.failure?.message).toBe('not now');
  const history = await ws().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
  expect(history.history!.events!.length).toBe(Number(first.startedEventId) + 1);
});

test('when the server fails the task carrying an update, the caller gets WorkflowNotReady and the task is retried', async () => {
  const taskQueue = uniqueId('protocol-fail');
  const workflowId = uniqueId('protocol-fail');
  await ws().startWorkflowExecution({ namespace: 'default', workflowId, workflowType: { name: 'anything' }, taskQueue: { name: taskQueue }, requestId: uniqueId('r') });
  const poll = () => ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'hand' });
  await ws().respondWorkflowTaskCompleted({ taskToken: (await poll()).taskToken, identity: 'hand' });
  const answer = ws()
    .updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED },
      request: { meta: { updateId: 'early' }, input: { name: 'ask' } },
    })
    .catch((e: unknown) => e);
  const task = await poll();
  // A Response for an update that was never accepted breaks the protocol.
  const body = temporal.api.update.v1.Response.encode({ meta: { updateId: 'early' }, outcome: { success: { payloads: [] } } }).finish();
  const bad = { id: 'early/complete', protocolInstanceId: 'early', body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Response', value: body } };
  await expect(ws().respondWorkflowTaskCompleted({ taskToken: task.taskToken, identity: 'hand', messages: [bad] })).rejects.toMatchObject({ code: 3 });
  expect(await answer).toMatchObject({ code: 9 });
  const retry = await poll();
  expect(retry.attempt).toBe(2);
  expect(retry.messages ?? []).toHaveLength(0);
  const history = await ws().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
  const failed = history.history!.events!.find((e) => e.workflowTaskFailedEventAttributes)!.workflowTaskFailedEventAttributes!;
  expect(failed.cause).toBe(temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE);
});

test('the in-flight and total update limits answer as the server does; a completed id is still answered', async () => {
  const limited = await startHarness({ tuning: { maxInFlightUpdates: 2, maxTotalUpdates: 3 } });
  // No retry interceptor: the SDK would retry RESOURCE_EXHAUSTED, and this test wants to see it.
  const direct = await Connection.connect({ address: limited.engine.address, interceptors: [] });
  const svc = direct.workflowService;
  try {
    const taskQueue = uniqueId('limits');
    const workflowId = uniqueId('limits');
    await svc.startWorkflowExecution({ namespace: 'default', workflowId, workflowType: { name: 'anything' }, taskQueue: { name: taskQueue }, requestId: uniqueId('r') });
    const poll = () => svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'hand' });
    await svc.respondWorkflowTaskCompleted({ taskToken: (await poll()).taskToken, identity: 'hand' });
    const update = (updateId: string) =>
      svc.updateWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId },
        waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
        request: { meta: { updateId }, input: { name: 'ask' } },
      });
    /** Accepts and completes every update the next task carries, the way the SDK answers. */
    const acceptAll = async () => {
      const task = await poll();
      const messages: temporal.api.protocol.v1.IMessage[] = [];
      for (const m of task.messages ?? []) {
        const id = m.protocolInstanceId!;
        const acceptance = temporal.api.update.v1.Acceptance.encode({ acceptedRequestMessageId: m.id, acceptedRequestSequencingEventId: m.eventId }).finish();
        const response = temporal.api.update.v1.Response.encode({ meta: { updateId: id }, outcome: { success: { payloads: [defaultPayloadConverter.toPayload(`done ${id}`)] } } }).finish();
        messages.push({ id: `${id}/accept`, protocolInstanceId: id, body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Acceptance', value: acceptance } });
        messages.push({ id: `${id}/complete`, protocolInstanceId: id, body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Response', value: response } });
      }
      const commands = messages.map((m) => ({ commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE, protocolMessageCommandAttributes: { messageId: m.id } }));
      await svc.respondWorkflowTaskCompleted({ taskToken: task.taskToken, identity: 'hand', messages, commands });
    };

    const [a, b] = [update('a'), update('b')];
    await new Promise((r) => setTimeout(r, 100)); // both admitted before the third arrives
    await expect(update('c')).rejects.toMatchObject({ code: 8 }); // RESOURCE_EXHAUSTED: 2 in flight
    await acceptAll();
    expect((await a).outcome?.success?.payloads?.length).toBe(1);
    expect((await b).stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    const c = update('c');
    await acceptAll();
    expect(defaultPayloadConverter.fromPayload((await c).outcome!.success!.payloads![0])).toBe('done c');
    await expect(update('d')).rejects.toMatchObject({ code: 9, details: expect.stringMatching(/total number of distinct updates/) });
    expect(defaultPayloadConverter.fromPayload((await update('a')).outcome!.success!.payloads![0])).toBe('done a');
    const history = await svc.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
    const types = history.history!.events!.map((e) => e.eventType);
    expect(types.filter((t) => t === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toHaveLength(3);
  } finally {
    await direct.close();
    await limited.close();
  }
});

test('a run that closes with updates in flight answers each one as the server does', async () => {
  const direct = await Connection.connect({ address: h.engine.address, interceptors: [] }); // see RESOURCE_EXHAUSTED, unretried
  const svc = direct.workflowService;
  try {
    const taskQueue = uniqueId('closing');
    const workflowId = uniqueId('closing');
    await svc.startWorkflowExecution({ namespace: 'default', workflowId, workflowType: { name: 'anything' }, taskQueue: { name: taskQueue }, requestId: uniqueId('r') });
    const poll = () => svc.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'hand' });
    await svc.respondWorkflowTaskCompleted({ taskToken: (await poll()).taskToken, identity: 'hand' });
    const update = (updateId: string) =>
      svc
        .updateWorkflowExecution({
          namespace: 'default',
          workflowExecution: { workflowId },
          waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
          request: { meta: { updateId }, input: { name: 'ask' } },
        })
        .catch((e: unknown) => e);
    const carried = update('carried');
    const task = await poll();
    const late = update('late'); // arrives while the task runs: admitted, not sent
    await new Promise((r) => setTimeout(r, 100));
    const CT = temporal.api.enums.v1.CommandType;
    await svc.respondWorkflowTaskCompleted({
      taskToken: task.taskToken,
      identity: 'hand',
      commands: [{ commandType: CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION, continueAsNewWorkflowExecutionCommandAttributes: { workflowType: { name: 'anything' }, taskQueue: { name: taskQueue } } }],
    });
    // Carried but unanswered: rejected as unprocessed. Arrived meanwhile: retryable, for the new run.
    expect(((await carried) as temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse).outcome?.failure?.applicationFailureInfo?.type).toBe('UnprocessedUpdate');
    expect(await late).toMatchObject({ code: 8 });
    const onNewRun = update('on-new-run'); // rides the new run's first task, which nobody takes
    await new Promise((r) => setTimeout(r, 100));
    await svc.terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
    expect(await onNewRun).toMatchObject({ code: 5, details: expect.stringMatching(/aborted by closing workflow/) });
  } finally {
    await direct.close();
  }
});

test('a run whose workflow task keeps failing refuses updates fast, and a wrong first run id is not found', async () => {
  const taskQueue = uniqueId('failing');
  const workflowId = uniqueId('failing');
  await ws().startWorkflowExecution({ namespace: 'default', workflowId, workflowType: { name: 'anything' }, taskQueue: { name: taskQueue }, requestId: uniqueId('r') });
  const poll = () => ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'hand' });
  for (let i = 0; i < 2; i++) await ws().respondWorkflowTaskFailed({ taskToken: (await poll()).taskToken, identity: 'hand', failure: { message: 'boom' } });
  const update = (extra: Record<string, unknown> = {}) =>
    ws().updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      request: { meta: { updateId: uniqueId('u') }, input: { name: 'ask' } },
      ...extra,
    });
  await expect(update()).rejects.toMatchObject({ code: 9, details: expect.stringMatching(/Workflow Task in failed state/) });
  await expect(update({ firstExecutionRunId: 'not-the-first-run' })).rejects.toMatchObject({ code: 5 });
});
