// JSON-RPC binding, protocol v1.0: every method on the wire, results checked against the v1.0 schemas.
import { agentCardV1Schema } from '../../api/protocol/v1/card';
import * as v1 from '../../api/protocol/v1/schemas';
import type { Principal } from '../../api/request-handler';
import { json, openSse } from '../support/a2a-sse';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    settings: { heartbeatMs: 60_000 },
    registry: {
      config: {
        agents: {
          vip: { extends: 'echo', name: 'VIP echo', capabilities: { extendedAgentCard: true }, extendedCard: { description: 'Echo, for members' } },
          'vip-unconfigured': { extends: 'echo', capabilities: { extendedAgentCard: true } },
          quiet: { extends: 'echo', capabilities: { streaming: false, pushNotifications: false } },
        },
      },
    },
    resolvePrincipal: (ctx): Principal => ({
      tenant: 'default',
      subject: ctx.get('X-Test-User') || 'anonymous',
      scopes: [],
      roles: [],
      authenticated: ctx.get('X-Test-User') !== '',
    }),
  });
});
afterAll(() => server.close());

let n = 0;
const message = (text: string, extra: Record<string, unknown> = {}) => ({ messageId: `v1-${++n}`, role: 'ROLE_USER', parts: [{ text }], ...extra });
const send = (text: string, extra: Record<string, unknown> = {}) => server.rpc('SendMessage', { message: message(text), ...extra });

describe('JSON-RPC v1.0', () => {
  it('SendMessage blocks until the task completes and returns {task} in v1.0 shape', async () => {
    const reply = await send('hello');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body).toMatchObject({ jsonrpc: '2.0', id: 1 });
    const result = v1.sendMessageResponseSchema.parse(reply.body.result);
    expect('task' in result && result.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(reply.body.result.task.artifacts[0].parts).toEqual([{ text: 'hello' }]);
    expect(reply.body.result.task.history[0]).toMatchObject({ role: 'ROLE_USER', parts: [{ text: 'hello' }] });
  });

  it('SendMessage with returnImmediately answers at once with the submitted task', async () => {
    const reply = await send('hold on', { configuration: { returnImmediately: true } });
    expect(reply.body.result.task.status.state).toBe('TASK_STATE_SUBMITTED');
  });

  it('SendMessage honours historyLength 0 by omitting history', async () => {
    const reply = await send('no history', { configuration: { historyLength: 0 } });
    expect(reply.body.result.task).not.toHaveProperty('history');
  });

  it('SendMessage returns {message} when the agent answers directly', async () => {
    const reply = await send('message-only please');
    expect(v1.sendMessageResponseSchema.parse(reply.body.result)).toHaveProperty('message');
    expect(reply.body.result.message).toMatchObject({ role: 'ROLE_AGENT', parts: [{ text: 'echo: message-only please' }] });
  });

  it('SendMessage passes every part kind through to the handler in the internal model', async () => {
    const parts = [
      { text: 't', mediaType: 'text/plain' },
      { raw: 'aGk=', filename: 'hi.txt', mediaType: 'text/plain' },
      { url: 'https://example.com/f.pdf', filename: 'f.pdf' },
      { data: { k: [1, 2] } },
    ];
    await server.rpc('SendMessage', { message: { messageId: `parts-${++n}`, role: 'ROLE_USER', parts }, metadata: { trace: 'x' } });
    const call = server.handler.calls.filter((c) => c.method === 'sendMessage').pop()!;
    expect(call.params).toMatchObject({
      message: {
        role: 'user',
        parts: [
          { kind: 'text', text: 't', mediaType: 'text/plain' },
          { kind: 'raw', raw: 'aGk=', filename: 'hi.txt', mediaType: 'text/plain' },
          { kind: 'url', url: 'https://example.com/f.pdf', filename: 'f.pdf' },
          { kind: 'data', data: { k: [1, 2] } },
        ],
      },
      metadata: { trace: 'x' },
    });
    expect(call.ctx).toMatchObject({ agentId: 'echo', protocolVersion: '1.0' });
  });

  it('SendMessage takes the push config from configuration.taskPushNotificationConfig', async () => {
    const reply = await send('push', { configuration: { taskPushNotificationConfig: { url: 'https://hooks.example.com/x', token: 't1' } } });
    const list = await server.rpc('ListTaskPushNotificationConfigs', { taskId: reply.body.result.task.id });
    expect(list.body.result.configs).toEqual([expect.objectContaining({ url: 'https://hooks.example.com/x', token: 't1' })]);
  });

  it('SendMessage continues an input-required task with the next message', async () => {
    const first = await send('input-required please');
    const task = first.body.result.task;
    expect(task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const second = await server.rpc('SendMessage', { message: message('the answer', { taskId: task.id, contextId: task.contextId }) });
    expect(second.body.result.task).toMatchObject({ id: task.id, status: { state: 'TASK_STATE_COMPLETED' } });
  });

  it('SendMessage to a finished task is refused with UnsupportedOperationError (-32004)', async () => {
    const done = await send('done');
    const again = await server.rpc('SendMessage', { message: message('more', { taskId: done.body.result.task.id }) });
    expect(again.body.error).toMatchObject({ code: -32004 });
    expect(again.body.error.data[0]).toMatchObject({ reason: 'UNSUPPORTED_OPERATION', domain: 'a2a-protocol.org' });
  });

  it('SendStreamingMessage streams SSE frames, each a JSON-RPC response with the request id and an SSE id', async () => {
    const sse = await openSse(`${server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'stream-1', method: 'SendStreamingMessage', params: { message: message('stream') } }),
    });
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    const frames = await sse.rest();
    expect(frames.map((f) => f.id)).toEqual(['0', '1', '2', '3']);
    const payloads = frames.map(json);
    for (const p of payloads) expect(p).toMatchObject({ jsonrpc: '2.0', id: 'stream-1' });
    const results = payloads.map((p) => v1.streamResponseSchema.parse(p.result));
    expect(results.map((r) => Object.keys(r)[0])).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
    expect(payloads[3].result.statusUpdate.status.state).toBe('TASK_STATE_COMPLETED');
  });

  it('GetTask returns the task and trims history to historyLength', async () => {
    const created = await send('get me');
    const reply = await server.rpc('GetTask', { id: created.body.result.task.id, historyLength: 1 });
    const task = v1.taskSchema.parse(reply.body.result);
    expect(task.history).toHaveLength(1);
    expect(task.history![0].role).toBe('ROLE_AGENT');
  });

  it('ListTasks filters by context and status, pages with nextPageToken and omits artifacts by default', async () => {
    const contextId = `ctx-${++n}`;
    for (const text of ['a', 'b', 'c']) await server.rpc('SendMessage', { message: message(text, { contextId }) });
    const page1 = await server.rpc('ListTasks', { contextId, status: 'TASK_STATE_COMPLETED', pageSize: 2 });
    const parsed = v1.listTasksResponseSchema.parse(page1.body.result);
    expect(parsed).toMatchObject({ pageSize: 2, totalSize: 3 });
    expect(parsed.tasks).toHaveLength(2);
    for (const task of page1.body.result.tasks) expect(task).not.toHaveProperty('artifacts');
    const page2 = await server.rpc('ListTasks', { contextId, pageSize: 2, pageToken: parsed.nextPageToken, includeArtifacts: true });
    expect(page2.body.result.tasks).toHaveLength(1);
    expect(page2.body.result.nextPageToken).toBe('');
    expect(page2.body.result.tasks[0].artifacts).toHaveLength(1);
  });

  it('CancelTask cancels a running task; a second cancel is TaskNotCancelableError (-32002)', async () => {
    const held = await send('hold', { configuration: { returnImmediately: true } });
    const id = held.body.result.task.id;
    const canceled = await server.rpc('CancelTask', { id });
    expect(canceled.body.result.status.state).toBe('TASK_STATE_CANCELED');
    const again = await server.rpc('CancelTask', { id });
    expect(again.body.error).toMatchObject({ code: -32002, data: [expect.objectContaining({ reason: 'TASK_NOT_CANCELABLE' })] });
  });

  it('SubscribeToTask streams the current task first, then its updates until it completes', async () => {
    const held = await send('hold', { configuration: { returnImmediately: true } });
    const id = held.body.result.task.id;
    const sse = await openSse(`${server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'SubscribeToTask', params: { id } }),
    });
    const first = await sse.next();
    expect(json(first).result.task.id).toBe(id);
    server.handler.release(id);
    const rest = (await sse.rest()).map(json);
    expect(rest[rest.length - 1].result.statusUpdate.status.state).toBe('TASK_STATE_COMPLETED');
  });

  it('push notification config methods create, get, list and delete (flattened v1.0 shape)', async () => {
    const taskId = (await send('cfg')).body.result.task.id;
    const created = await server.rpc('CreateTaskPushNotificationConfig', {
      taskId,
      id: 'cfg-1',
      url: 'https://hooks.example.com/h',
      authentication: { scheme: 'Bearer', credentials: 'c' },
    });
    expect(v1.taskPushNotificationConfigSchema.parse(created.body.result)).toEqual({
      id: 'cfg-1',
      taskId,
      url: 'https://hooks.example.com/h',
      authentication: { scheme: 'Bearer', credentials: 'c' },
    });
    const got = await server.rpc('GetTaskPushNotificationConfig', { taskId, id: 'cfg-1' });
    expect(got.body.result).toEqual(created.body.result);
    const listed = await server.rpc('ListTaskPushNotificationConfigs', { taskId });
    expect(v1.listTaskPushNotificationConfigsResponseSchema.parse(listed.body.result)).toEqual({ configs: [created.body.result], nextPageToken: '' });
    const deleted = await server.rpc('DeleteTaskPushNotificationConfig', { taskId, id: 'cfg-1' });
    expect(deleted.body.result).toEqual({});
    const missing = await server.rpc('GetTaskPushNotificationConfig', { taskId, id: 'cfg-1' });
    expect(missing.body.error.code).toBe(-32001);
  });

  it('push notification methods on an agent without the capability are PushNotificationNotSupportedError (-32003)', async () => {
    const reply = await server.rpc('ListTaskPushNotificationConfigs', { taskId: 'whatever' }, { path: '/agents/quiet' });
    expect(reply.body.error).toMatchObject({ code: -32003, data: [expect.objectContaining({ reason: 'PUSH_NOTIFICATION_NOT_SUPPORTED' })] });
  });

  it('streaming on an agent without the capability is UnsupportedOperationError (-32004), as a plain response', async () => {
    const reply = await server.rpc('SendStreamingMessage', { message: message('x') }, { path: '/agents/quiet' });
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body.error.code).toBe(-32004);
  });

  it('GetExtendedAgentCard is UnsupportedOperationError when the card does not declare it', async () => {
    const reply = await server.rpc('GetExtendedAgentCard');
    expect(reply.body.error.code).toBe(-32004);
  });

  it('GetExtendedAgentCard requires an authenticated caller', async () => {
    const reply = await server.rpc('GetExtendedAgentCard', undefined, { path: '/agents/vip' });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toMatchObject({ code: -31401, data: [expect.objectContaining({ reason: 'UNAUTHENTICATED' })] });
  });

  it('GetExtendedAgentCard returns the extended v1.0 card to an authenticated caller', async () => {
    const reply = await server.rpc('GetExtendedAgentCard', {}, { path: '/agents/vip', headers: { 'X-Test-User': 'alice' } });
    const card = agentCardV1Schema.parse(reply.body.result);
    expect(card).toMatchObject({ name: 'VIP echo', description: 'Echo, for members', capabilities: { extendedAgentCard: true } });
  });

  it('GetExtendedAgentCard is ExtendedAgentCardNotConfiguredError (-32007) when declared but not configured', async () => {
    const reply = await server.rpc('GetExtendedAgentCard', {}, { path: '/agents/vip-unconfigured', headers: { 'X-Test-User': 'alice' } });
    expect(reply.body.error).toMatchObject({ code: -32007, data: [expect.objectContaining({ reason: 'EXTENDED_AGENT_CARD_NOT_CONFIGURED' })] });
  });

  it('routes to the agent of the URL and passes the body tenant into the call context', async () => {
    await server.rpc('SendMessage', { tenant: 'acme', message: message('tenant') }, { path: '/agents/conformance' });
    const call = server.handler.calls.filter((c) => c.method === 'sendMessage').pop()!;
    expect(call.ctx).toMatchObject({ agentId: 'conformance', tenant: 'acme' });
  });
});
