// ProtoJSON parsers accept a field by its proto name as well as its lowerCamelCase JSON name, and
// the official SDKs' ProtoJSON may send either; v1.0 input is read in both forms, nested objects
// included, while free-form `metadata` and part `data` (Struct/Value: user data) keep their keys.
// Both forms of one field in one object is an error naming it (protobuf's JSON parsers refuse it).
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const lastCall = (method: string) => [...server.handler.calls].reverse().find((c) => c.method === method)!.params as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const snakeSend = (messageId: string) => ({
  message: {
    message_id: messageId,
    context_id: 'ctx-snake',
    role: 'ROLE_USER',
    reference_task_ids: ['ref-1'],
    parts: [
      { text: 'hi', media_type: 'text/plain', metadata: { user_key: 1 } },
      { data: { snake_case_key: { nested_key: true } }, media_type: 'application/json' },
    ],
    metadata: { trace_id: 'keep-me' },
  },
  configuration: {
    accepted_output_modes: ['text/plain'],
    history_length: 1,
    return_immediately: true,
    task_push_notification_config: { url: 'https://hooks.example.com/a2a', authentication: { scheme: 'Bearer' } },
  },
  metadata: { request_key: 'x' },
});

describe('v1.0 proto field names', () => {
  it('SendMessage over JSON-RPC reads proto names at every level and leaves metadata and data alone', async () => {
    const reply = await server.rpc('SendMessage', snakeSend('snake-rpc-1'));
    expect(reply.body.error).toBeUndefined();
    const params = lastCall('sendMessage');
    expect(params.message).toMatchObject({
      messageId: 'snake-rpc-1',
      contextId: 'ctx-snake',
      referenceTaskIds: ['ref-1'],
      metadata: { trace_id: 'keep-me' },
      parts: [
        { kind: 'text', text: 'hi', mediaType: 'text/plain', metadata: { user_key: 1 } },
        { kind: 'data', data: { snake_case_key: { nested_key: true } }, mediaType: 'application/json' },
      ],
    });
    expect(params.configuration).toMatchObject({
      acceptedOutputModes: ['text/plain'],
      historyLength: 1,
      returnImmediately: true,
      pushNotificationConfig: { url: 'https://hooks.example.com/a2a', authentication: { scheme: 'Bearer' } },
    });
    expect(params.metadata).toEqual({ request_key: 'x' });
  });

  it('SendMessage over HTTP+JSON reads proto names too', async () => {
    const reply = await server.request('POST', '/message:send', { version: '1.0', body: snakeSend('snake-rest-1') });
    expect(reply.status).toBe(200);
    expect(lastCall('sendMessage').message).toMatchObject({ messageId: 'snake-rest-1', contextId: 'ctx-snake' });
  });

  it('GetTask, ListTasks and push config methods read proto names (JSON-RPC params and HTTP+JSON query)', async () => {
    await server.rpc('GetTask', { id: 'ghost', history_length: 2 });
    expect(lastCall('getTask')).toEqual({ id: 'ghost', historyLength: 2 });
    await server.request('GET', '/tasks/ghost?history_length=3', { version: '1.0' });
    expect(lastCall('getTask')).toEqual({ id: 'ghost', historyLength: 3 });

    await server.rpc('ListTasks', { context_id: 'c1', page_size: 5, include_artifacts: true, status_timestamp_after: '2026-01-01T00:00:00Z' });
    expect(lastCall('listTasks')).toEqual({ contextId: 'c1', pageSize: 5, includeArtifacts: true, statusTimestampAfter: '2026-01-01T00:00:00Z' });
    await server.request('GET', '/tasks?context_id=c2&page_size=7&include_artifacts=true&history_length=0', { version: '1.0' });
    expect(lastCall('listTasks')).toEqual({ contextId: 'c2', pageSize: 7, includeArtifacts: true, historyLength: 0 });

    const created = await server.rpc('CreateTaskPushNotificationConfig', { task_id: 'ghost', url: 'https://hooks.example.com/x' });
    expect(created.body.error).toMatchObject({ code: -32001 });
    const got = await server.rpc('GetTaskPushNotificationConfig', { task_id: 'ghost', id: 'cfg' });
    expect(got.body.error).toMatchObject({ code: -32001 });
  });

  it('both forms of one field in one object is InvalidParams naming the field', async () => {
    const reply = await server.rpc('GetTask', { id: 'ghost', historyLength: 1, history_length: 2 });
    expect(reply.body.error).toMatchObject({
      code: -32602,
      data: expect.arrayContaining([
        expect.objectContaining({ fieldViolations: [{ field: 'history_length', description: 'historyLength is also present; send one of the two names' }] }),
      ]),
    });
    const nested = await server.rpc('SendMessage', { message: { messageId: 'a', message_id: 'b', role: 'ROLE_USER', parts: [{ text: 'x' }] } });
    expect(nested.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('message.message_id') });
  });

  it('v0.3 input is not renamed (its JSON schema has camelCase names only)', async () => {
    const reply = await server.rpc('tasks/get', { id: 'ghost', history_length: 2 }, { version: '0.3' });
    expect(reply.body.error).toMatchObject({ code: -32001 });
    expect(lastCall('getTask')).toEqual({ id: 'ghost' });
  });
});

describe('ListTasks without a status filter, as SDKs send it', () => {
  it.each<[string, unknown]>([
    ['"UNRECOGNIZED"', 'UNRECOGNIZED'],
    ['TASK_STATE_UNSPECIFIED', 'TASK_STATE_UNSPECIFIED'],
    ['0', 0],
  ])('status %s over JSON-RPC is no filter', async (_label, status) => {
    const reply = await server.rpc('ListTasks', { status });
    expect(reply.body.error).toBeUndefined();
    expect(lastCall('listTasks')).toEqual({});
  });

  it.each(['UNRECOGNIZED', 'TASK_STATE_UNSPECIFIED', '0'])('status=%s in the HTTP+JSON query is no filter', async (status) => {
    const reply = await server.request('GET', `/tasks?status=${status}`, { version: '1.0' });
    expect(reply.status).toBe(200);
    expect(lastCall('listTasks')).toEqual({});
  });

  it('a numeric status is the proto enum value', async () => {
    await server.rpc('ListTasks', { status: 3 });
    expect(lastCall('listTasks')).toEqual({ state: 'completed' });
    await server.request('GET', '/tasks?status=6', { version: '1.0' });
    expect(lastCall('listTasks')).toEqual({ state: 'input-required' });
    const bad = await server.rpc('ListTasks', { status: 42 });
    expect(bad.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('status') });
  });
});
