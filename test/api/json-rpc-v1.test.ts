// JSON-RPC binding, protocol v1.0: every method on the wire, results checked against the v1.0 schemas,
// against the product's task service on the embedded engine (echo at the root, the conformance
// agent where a behaviour is needed: its messageId prefix chooses it).
import { agentCardV1Schema } from '../../api/protocol/v1/card';
import * as v1 from '../../api/protocol/v1/schemas';
import type { Principal } from '../../api/request-handler';
import { json, openSse } from '../support/a2a-sse';
import { eventuallyListed } from '../support/eventually-listed';
import { conformanceMessageId, startPlatformTestServer, type PlatformTestServer } from '../support/platform-test-server';
import { FILE_RUN } from '../support/test-lane';

let server: PlatformTestServer;
beforeAll(async () => {
  server = await startPlatformTestServer({
    api: {
      heartbeatMs: 60_000,
      resolvePrincipal: (ctx): Principal => ({
        tenant: 'default',
        subject: ctx.get('X-Test-User') || 'anonymous',
        scopes: [],
        roles: [],
        authenticated: ctx.get('X-Test-User') !== '',
      }),
    },
    registry: {
      config: {
        agents: {
          vip: { extends: 'echo', name: 'VIP echo', capabilities: { extendedAgentCard: true }, extendedCard: { description: 'Echo, for members' } },
          'vip-unconfigured': { extends: 'echo', capabilities: { extendedAgentCard: true } },
          quiet: { extends: 'echo', capabilities: { streaming: false, pushNotifications: false } },
        },
      },
    },
  });
}, 120_000);
afterAll(() => server?.close());

let n = 0;
const message = (text: string, extra: Record<string, unknown> = {}) => ({ messageId: `v1-${FILE_RUN}-${++n}`, role: 'ROLE_USER', parts: [{ text }], ...extra });
const send = (text: string, extra: Record<string, unknown> = {}) => server.rpc('SendMessage', { message: message(text), ...extra });
const CONFORMANCE = { path: '/agents/conformance' };
/** A send to the conformance agent, whose behaviour the messageId prefix chooses. */
const sendTo = (prefix: string, extra: Record<string, unknown> = {}) =>
  server.rpc('SendMessage', { message: message('payload', { messageId: conformanceMessageId(prefix) }), ...extra }, CONFORMANCE);
/** Loopback, allowlisted, and refused (nothing listens on the discard port). */
const WEBHOOK = 'http://127.0.0.1:9/hook';

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

  it('SendMessage with returnImmediately answers at the start ack with the submitted task', async () => {
    // Not even the agent's first step is waited for (issue 9): the task is answered as it was sent.
    const reply = await sendTo('test-resubscribe-message-id', { configuration: { returnImmediately: true } });
    expect(reply.body.result.task.status.state).toBe('TASK_STATE_SUBMITTED');
    expect(reply.body.result.task.history[0]).toMatchObject({ role: 'ROLE_USER' });
  });

  it('SendMessage honours historyLength 0 by omitting history', async () => {
    const reply = await send('no history', { configuration: { historyLength: 0 } });
    expect(reply.body.result.task).not.toHaveProperty('history');
  });

  it('SendMessage returns {message} when the agent answers directly', async () => {
    const reply = await sendTo('tck-message-response');
    expect(v1.sendMessageResponseSchema.parse(reply.body.result)).toHaveProperty('message');
    expect(reply.body.result.message).toMatchObject({ role: 'ROLE_AGENT', parts: [{ text: 'Direct message response' }] });
  });

  it('SendMessage takes the push config from configuration.taskPushNotificationConfig, and answers at completion though the webhook is down', async () => {
    // Nothing listens on WEBHOOK: the run stays open retrying the notification, the reply must not wait for it.
    const reply = await send('push', { configuration: { taskPushNotificationConfig: { url: WEBHOOK, token: 't1' } } });
    const list = await server.rpc('ListTaskPushNotificationConfigs', { taskId: reply.body.result.task.id });
    expect(list.body.result.configs).toEqual([expect.objectContaining({ url: WEBHOOK })]);
    expect(list.body.result.configs[0]).not.toHaveProperty('token');
  });

  it('SendMessage continues an input-required task with the next message', async () => {
    const first = await sendTo('tck-input-required');
    const task = first.body.result.task;
    expect(task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const second = await server.rpc('SendMessage', { message: message('the answer', { taskId: task.id, contextId: task.contextId }) }, CONFORMANCE);
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
    const contextId = `ctx-${FILE_RUN}-${++n}`;
    for (const text of ['a', 'b', 'c']) await server.rpc('SendMessage', { message: message(text, { contextId }) });
    const page1 = await eventuallyListed('the 3 completed tasks', () => server.rpc('ListTasks', { contextId, status: 'TASK_STATE_COMPLETED', pageSize: 2 }), (r) => r.body.result?.totalSize === 3 && r.body.result.nextPageToken !== '');
    const parsed = v1.listTasksResponseSchema.parse(page1.body.result);
    expect(parsed).toMatchObject({ pageSize: 2, totalSize: 3 });
    expect(parsed.tasks).toHaveLength(2);
    for (const task of page1.body.result.tasks) expect(task).not.toHaveProperty('artifacts');
    // A page token belongs to its query's filters; includeArtifacts only shapes the result.
    const page2 = await server.rpc('ListTasks', { contextId, status: 'TASK_STATE_COMPLETED', pageSize: 2, pageToken: parsed.nextPageToken, includeArtifacts: true });
    expect(page2.body.result.tasks).toHaveLength(1);
    expect(page2.body.result.nextPageToken).toBe('');
    expect(page2.body.result.tasks[0].artifacts).toHaveLength(1);
  });

  it('CancelTask cancels a running task; a second cancel answers the canceled task (idempotent); a completed task is TaskNotCancelableError (-32002)', async () => {
    const held = await sendTo('test-resubscribe-message-id', { configuration: { returnImmediately: true } });
    const id = held.body.result.task.id;
    const canceled = await server.rpc('CancelTask', { id }, CONFORMANCE);
    expect(canceled.body.result.status.state).toBe('TASK_STATE_CANCELED');
    const again = await server.rpc('CancelTask', { id }, CONFORMANCE);
    expect(again.body.result).toMatchObject({ id, status: { state: 'TASK_STATE_CANCELED' } });
    const completed = (await sendTo('tck-complete-task')).body.result.task;
    const refused = await server.rpc('CancelTask', { id: completed.id }, CONFORMANCE);
    expect(refused.body.error).toMatchObject({ code: -32002, data: [expect.objectContaining({ reason: 'TASK_NOT_CANCELABLE' })] });
  });

  it('SubscribeToTask streams the current task first, then its updates until it completes', async () => {
    const held = await sendTo('test-resubscribe-message-id', { configuration: { returnImmediately: true } });
    const id = held.body.result.task.id;
    const sse = await openSse(`${server.url}/agents/conformance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'SubscribeToTask', params: { id } }),
    });
    const first = await sse.next();
    expect(json(first).result.task.id).toBe(id);
    // The conformance agent completes the held task on its own after HOLD_MS.
    const rest = (await sse.rest()).map(json);
    expect(rest[rest.length - 1].result.statusUpdate.status.state).toBe('TASK_STATE_COMPLETED');
  });

  it('push notification config methods create, get, list and delete (flattened v1.0 shape)', async () => {
    // A task still running: push configs of a finished task are a separate rule (issue 8, item 4).
    const taskId = (await sendTo('tck-input-required')).body.result.task.id;
    const created = await server.rpc('CreateTaskPushNotificationConfig', {
      taskId,
      id: 'cfg-1',
      url: WEBHOOK,
      authentication: { scheme: 'Bearer', credentials: 'c' },
    }, CONFORMANCE);
    // Credentials are never answered, to the owner either: the scheme stays, the secret is omitted.
    expect(v1.taskPushNotificationConfigSchema.parse(created.body.result)).toEqual({
      id: 'cfg-1',
      taskId,
      url: WEBHOOK,
      authentication: { scheme: 'Bearer' },
    });
    const got = await server.rpc('GetTaskPushNotificationConfig', { taskId, id: 'cfg-1' }, CONFORMANCE);
    expect(got.body.result).toEqual(created.body.result);
    const listed = await server.rpc('ListTaskPushNotificationConfigs', { taskId }, CONFORMANCE);
    expect(v1.listTaskPushNotificationConfigsResponseSchema.parse(listed.body.result)).toEqual({ configs: [created.body.result], nextPageToken: '' });
    const deleted = await server.rpc('DeleteTaskPushNotificationConfig', { taskId, id: 'cfg-1' }, CONFORMANCE);
    expect(deleted.body.result).toEqual({});
    const missing = await server.rpc('GetTaskPushNotificationConfig', { taskId, id: 'cfg-1' }, CONFORMANCE);
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


  it('GetTask of an unknown task is TaskNotFoundError (-32001) with its ErrorInfo', async () => {
    const reply = await server.rpc('GetTask', { id: 'ghost' }, { id: 4 });
    expect(reply.body).toEqual({
      jsonrpc: '2.0',
      id: 4,
      error: {
        code: -32001,
        message: 'Task not found: ghost',
        data: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'TASK_NOT_FOUND', domain: 'a2a-protocol.org', metadata: { taskId: 'ghost' } }],
      },
    });
  });

  it('keeps a task to the agent of the URL: another agent answers TaskNotFound (-32001)', async () => {
    const task = (await sendTo('tck-complete-task')).body.result.task;
    expect((await server.rpc('GetTask', { id: task.id }, CONFORMANCE)).body.result.id).toBe(task.id);
    expect((await server.rpc('GetTask', { id: task.id })).body.error.code).toBe(-32001);
  });
});
