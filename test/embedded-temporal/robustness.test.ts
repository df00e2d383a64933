// Nothing a client sends may crash the engine: unimplemented RPCs name themselves, malformed and
// invalid requests get precise status codes, and the engine keeps serving afterwards.
import * as grpc from '@grpc/grpc-js';
import * as proto from '@temporalio/proto';
import { startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

const { temporal } = proto;
const E = temporal.api.enums.v1;
let h: Harness;
let raw: grpc.Client;

beforeAll(async () => {
  h = await startHarness({ tuning: { longPollMs: 1000 } });
  raw = new grpc.Client(h.engine.address, grpc.credentials.createInsecure());
});
afterAll(async () => {
  raw?.close();
  await h?.close();
});

const ws = () => h.connection.workflowService;

function rawCall(path: string, body: Buffer): Promise<{ code: number; details: string; body?: Buffer }> {
  return new Promise((resolve) => {
    raw.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, body, (err, value) =>
      resolve(err ? { code: err.code!, details: err.details ?? '' } : { code: 0, details: '', body: value }),
    );
  });
}

test('an RPC the engine does not implement answers UNIMPLEMENTED naming it', async () => {
  await expect(ws().createSchedule({ namespace: 'default', scheduleId: 's' })).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: expect.stringMatching(/CreateSchedule/) });
  await expect(ws().resetWorkflowExecution({ namespace: 'default' })).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: expect.stringMatching(/ResetWorkflowExecution/) });
  const unknown = await rawCall('/temporal.api.nosuch.v1.Service/Method', Buffer.alloc(0));
  expect(unknown.code).toBe(grpc.status.UNIMPLEMENTED);
  expect(unknown.details).toMatch(/nosuch/);
});

test('bytes that are not a valid message answer INVALID_ARGUMENT', async () => {
  const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
  const r = await rawCall('/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution', garbage);
  expect(r.code).toBe(grpc.status.INVALID_ARGUMENT);
  expect(r.details).toMatch(/Malformed StartWorkflowExecution request/);
});

test('missing or unknown fields answer INVALID_ARGUMENT or NOT_FOUND with a message', async () => {
  const start = { namespace: 'default', workflowId: 'w', workflowType: { name: 't' }, taskQueue: { name: 'q' }, requestId: 'r' };
  await expect(ws().startWorkflowExecution({ ...start, namespace: '' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/Namespace/) });
  await expect(ws().startWorkflowExecution({ ...start, namespace: 'nope' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: expect.stringMatching(/nope/) });
  await expect(ws().startWorkflowExecution({ ...start, workflowId: '' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/WorkflowId/) });
  await expect(ws().startWorkflowExecution({ ...start, taskQueue: {} })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/TaskQueue/) });
  await expect(ws().startWorkflowExecution({ ...start, workflowType: {} })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  await expect(ws().describeWorkflowExecution({ namespace: 'default', execution: { workflowId: 'never-started' } })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  await ws().startWorkflowExecution(start);
  await expect(ws().describeWorkflowExecution({ namespace: 'default', execution: { workflowId: 'w', runId: 'not-a-run' } })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  await expect(ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: {} })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  await expect(ws().signalWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: 'w' } })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/SignalName/) });
});

test('bad, mismatched and already-used task tokens are refused', async () => {
  await expect(ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: Buffer.from('garbage') })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  await expect(ws().respondActivityTaskCompleted({ namespace: 'default' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });

  const taskQueue = uniqueId('tokens');
  await ws().startWorkflowExecution({ namespace: 'default', workflowId: uniqueId('tokens'), workflowType: { name: 't' }, taskQueue: { name: taskQueue }, requestId: uniqueId('r') });
  const task = await ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
  await expect(ws().respondActivityTaskCompleted({ namespace: 'default', taskToken: task.taskToken })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  const complete = { commandType: E.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflowExecutionCommandAttributes: {} };
  await ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: task.taskToken, commands: [complete] });
  await expect(ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: task.taskToken, commands: [complete] })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  const forged = Buffer.from(String(Buffer.from(task.taskToken!)).replace(/\|\d+\|(\d+)$/, '|999|$1'));
  await expect(ws().respondWorkflowTaskFailed({ namespace: 'default', taskToken: forged })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
});

test('invalid commands fail the workflow task and the call, without breaking the run', async () => {
  const taskQueue = uniqueId('bad-command');
  const workflowId = uniqueId('bad-command');
  await ws().startWorkflowExecution({ namespace: 'default', workflowId, workflowType: { name: 't' }, taskQueue: { name: taskQueue }, requestId: uniqueId('r') });
  const task = await ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
  const noTimeout = { commandType: E.CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, scheduleActivityTaskCommandAttributes: { activityId: '1', activityType: { name: 'a' }, taskQueue: { name: taskQueue } } };
  await expect(ws().respondWorkflowTaskCompleted({ namespace: 'default', taskToken: task.taskToken, commands: [noTimeout] })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/StartToClose/) });
  const retry = await ws().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
  expect(retry.attempt).toBe(2);
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const failed = history.events!.find((e) => e.workflowTaskFailedEventAttributes)!.workflowTaskFailedEventAttributes!;
  expect(failed.cause).toBe(E.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES);
});

test('health check, system info and search-attribute registration behave like a server', async () => {
  const Health = proto.grpc.health.v1;
  const r = await rawCall('/grpc.health.v1.Health/Check', Buffer.from(Health.HealthCheckRequest.encode({}).finish()));
  expect(Health.HealthCheckResponse.decode(r.body!).status).toBe(Health.HealthCheckResponse.ServingStatus.SERVING);
  const info = await ws().getSystemInfo({});
  expect(info.capabilities?.sdkMetadata).toBe(true);
  const VT = E.IndexedValueType;
  await h.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { OrderId: VT.INDEXED_VALUE_TYPE_KEYWORD } });
  await h.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { OrderId: VT.INDEXED_VALUE_TYPE_KEYWORD } });
  await expect(h.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { OrderId: VT.INDEXED_VALUE_TYPE_INT } })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  const listed = await h.connection.operatorService.listSearchAttributes({ namespace: 'default' });
  expect(listed.customAttributes?.OrderId).toBe(VT.INDEXED_VALUE_TYPE_KEYWORD);
  expect(listed.systemAttributes?.WorkflowType).toBe(VT.INDEXED_VALUE_TYPE_KEYWORD);
});

test('a long poll with nothing to do answers empty before the deadline, and the engine keeps serving', async () => {
  const empty = await ws().pollActivityTaskQueue({ namespace: 'default', taskQueue: { name: uniqueId('idle') } });
  expect(empty.taskToken?.length ?? 0).toBe(0);
  const started = await ws().startWorkflowExecution({ namespace: 'default', workflowId: uniqueId('alive'), workflowType: { name: 't' }, taskQueue: { name: 'q' }, requestId: uniqueId('r') });
  expect(started.runId).toBeTruthy();
});
