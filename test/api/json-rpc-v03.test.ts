// JSON-RPC binding, protocol v0.3 (no A2A-Version header): every method on the wire, results checked
// against the v0.3 schemas: `kind` discriminators, lowercase states, `final` on status updates. Run
// against the product's task service on the embedded engine (echo at the root; the conformance
// agent, by messageId prefix, where a behaviour is needed).
import { agentCardV03Schema } from '../../api/protocol/v03/card';
import * as v03 from '../../api/protocol/v03/schemas';
import type { Principal } from '../../api/request-handler';
import { json, openSse } from '../support/a2a-sse';
import { conformanceMessageId, startPlatformTestServer, type PlatformTestServer } from '../support/platform-test-server';
import { FILE_RUN } from '../support/test-lane';

let server: PlatformTestServer;
beforeAll(async () => {
  server = await startPlatformTestServer({
    api: { heartbeatMs: 60_000, resolvePrincipal: (): Principal => ({ tenant: 'default', subject: 'bob', scopes: [], roles: [], authenticated: true }) },
    registry: { config: { agents: { vip: { extends: 'echo', capabilities: { extendedAgentCard: true }, extendedCard: { description: 'For members' } } } } },
  });
}, 120_000);
afterAll(() => server?.close());

let n = 0;
const message = (text: string, extra: Record<string, unknown> = {}) => ({
  kind: 'message',
  messageId: `v03-${FILE_RUN}-${++n}`,
  role: 'user',
  parts: [{ kind: 'text', text }],
  ...extra,
});
const rpc = (method: string, params?: unknown, path?: string) => server.rpc(method, params, { version: null, path });
const send = (text: string, extra: Record<string, unknown> = {}) => rpc('message/send', { message: message(text), ...extra });
const CONFORMANCE = '/agents/conformance';
/** A send to the conformance agent, whose behaviour the messageId prefix chooses. */
const sendTo = (prefix: string, extra: Record<string, unknown> = {}) =>
  rpc('message/send', { message: message('payload', { messageId: conformanceMessageId(prefix) }), ...extra }, CONFORMANCE);
/** Loopback and allowlisted; nothing listens there, and nothing is delivered in these tests. */
const WEBHOOK = 'http://127.0.0.1:9/hook';

describe('JSON-RPC v0.3', () => {
  it('message/send returns the completed task with kind discriminators and lowercase states', async () => {
    const reply = await send('hello');
    const task = v03.taskSchema.parse(reply.body.result);
    expect(task.status.state).toBe('completed');
    expect(reply.body.result.artifacts[0].parts).toEqual([{ kind: 'text', text: 'hello' }]);
    expect(reply.body.result.history[0]).toMatchObject({ kind: 'message', role: 'user' });
  });

  it('message/send with blocking: false answers at the start ack with the submitted task', async () => {
    const reply = await sendTo('test-resubscribe-message-id', { configuration: { blocking: false } });
    expect(reply.body.result).toMatchObject({ kind: 'task', status: { state: 'submitted' } });
  });

  it('message/send returns a kind:"message" result for a direct reply', async () => {
    const reply = await sendTo('tck-message-response');
    expect(reply.body.result).toMatchObject({ kind: 'message', role: 'agent', parts: [{ kind: 'text', text: 'Direct message response' }] });
  });

  it('message/stream frames carry status updates with final set on the last one', async () => {
    const sse = await openSse(`${server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'message/stream', params: { message: message('stream') } }),
    });
    const payloads = (await sse.rest()).map(json);
    const results = payloads.map((p) => v03.streamResultSchema.parse(p.result));
    expect(results.map((r) => r.kind)).toEqual(['task', 'status-update', 'artifact-update', 'status-update']);
    expect(payloads.map((p) => p.result.final)).toEqual([undefined, false, undefined, true]);
    for (const p of payloads) expect(p.id).toBe(7);
  });

  it('message/stream ends with final: true at input-required', async () => {
    const sse = await openSse(`${server.url}${CONFORMANCE}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'message/stream', params: { message: message('input-required now', { messageId: conformanceMessageId('tck-input-required') }) } }),
    });
    const last = (await sse.rest()).map(json).pop();
    expect(last.result).toMatchObject({ kind: 'status-update', status: { state: 'input-required' }, final: true });
  });

  it('tasks/resubscribe marks input-required final: false, since the subscription goes on to the terminal state', async () => {
    const id = (await sendTo('tck-input-required')).body.result.id;
    const sse = await openSse(`${server.url}${CONFORMANCE}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Last-Event-ID': '0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'r0', method: 'tasks/resubscribe', params: { id } }),
    });
    const frames: Array<Record<string, any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (let frame = await sse.next(); frame; frame = await sse.next()) {
      if (!frame.data) continue; // a heartbeat comment
      frames.push(json(frame).result);
      if (frames[frames.length - 1].status?.state === 'input-required') break;
    }
    expect(frames[frames.length - 1]).toMatchObject({ kind: 'status-update', status: { state: 'input-required' }, final: false });
    await sendTo('tck-input-required', { message: message('go on', { messageId: 'answer-final-flag', taskId: id }) });
    const rest = (await sse.rest()).filter((f) => f.data).map((f) => json(f).result);
    expect(rest[rest.length - 1]).toMatchObject({ kind: 'status-update', status: { state: 'completed' }, final: true });
    expect(rest.slice(0, -1).every((r) => r.final !== true)).toBe(true);
  });

  it('tasks/get returns the task with historyLength applied', async () => {
    const id = (await send('get')).body.result.id;
    const reply = await rpc('tasks/get', { id, historyLength: 1 });
    expect(v03.taskSchema.parse(reply.body.result).history).toHaveLength(1);
  });

  it('tasks/cancel cancels; canceling again answers the canceled task; a completed task is -32002', async () => {
    const id = (await sendTo('test-resubscribe-message-id', { configuration: { blocking: false } })).body.result.id;
    expect((await rpc('tasks/cancel', { id }, CONFORMANCE)).body.result.status.state).toBe('canceled');
    expect((await rpc('tasks/cancel', { id }, CONFORMANCE)).body.result).toMatchObject({ id, status: { state: 'canceled' } });
    const completed = (await sendTo('tck-complete-task')).body.result.id;
    expect((await rpc('tasks/cancel', { id: completed }, CONFORMANCE)).body.error).toMatchObject({ code: -32002, data: { taskId: completed, state: 'completed' } });
  });

  it('tasks/resubscribe streams the task, then its updates', async () => {
    const id = (await sendTo('test-resubscribe-message-id', { configuration: { blocking: false } })).body.result.id;
    const sse = await openSse(`${server.url}${CONFORMANCE}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'r', method: 'tasks/resubscribe', params: { id } }),
    });
    expect(json(await sse.next()).result).toMatchObject({ kind: 'task', id });
    // The held task completes on its own after HOLD_MS.
    const last = (await sse.rest()).map(json).pop();
    expect(last.result).toMatchObject({ kind: 'status-update', status: { state: 'completed' }, final: true });
  });

  it('tasks/pushNotificationConfig set/get/list/delete use the v0.3 shapes', async () => {
    // A task still waiting: push configs of a finished task are a separate rule (issue 8, item 4).
    const taskId = (await sendTo('tck-input-required')).body.result.id;
    const set = await rpc('tasks/pushNotificationConfig/set', {
      taskId,
      pushNotificationConfig: { id: 'p1', url: WEBHOOK, authentication: { schemes: ['Bearer'], credentials: 'c' } },
    }, CONFORMANCE);
    // Credentials are never answered: the schemes stay, the secret is omitted.
    expect(v03.taskPushNotificationConfigSchema.parse(set.body.result)).toEqual({
      taskId,
      pushNotificationConfig: { id: 'p1', url: WEBHOOK, authentication: { schemes: ['Bearer'] } },
    });
    expect((await rpc('tasks/pushNotificationConfig/get', { id: taskId, pushNotificationConfigId: 'p1' }, CONFORMANCE)).body.result).toEqual(set.body.result);
    // Without a config id, v0.3's get returns the task's config (one config per task in older drafts).
    expect((await rpc('tasks/pushNotificationConfig/get', { id: taskId }, CONFORMANCE)).body.result).toEqual(set.body.result);
    expect((await rpc('tasks/pushNotificationConfig/list', { id: taskId }, CONFORMANCE)).body.result).toEqual([set.body.result]);
    expect((await rpc('tasks/pushNotificationConfig/delete', { id: taskId, pushNotificationConfigId: 'p1' }, CONFORMANCE)).body.result).toBeNull();
    expect((await rpc('tasks/pushNotificationConfig/list', { id: taskId }, CONFORMANCE)).body.result).toEqual([]);
  });

  it('agent/getAuthenticatedExtendedCard returns the v0.3-shaped extended card', async () => {
    const reply = await rpc('agent/getAuthenticatedExtendedCard', undefined, '/agents/vip');
    const card = agentCardV03Schema.parse(reply.body.result);
    expect(card).toMatchObject({ description: 'For members', supportsAuthenticatedExtendedCard: true, url: `${server.url}/agents/vip` });
  });

  it('tasks/list does not exist in v0.3 JSON-RPC (-32601)', async () => {
    const reply = await rpc('tasks/list', {});
    expect(reply.body).toEqual({ jsonrpc: '2.0', id: 1, error: expect.objectContaining({ code: -32601 }) });
  });

  it('errors carry v0.3 free-form data, not the v1.0 details array', async () => {
    const reply = await rpc('tasks/get', { id: 'nope' });
    expect(reply.body.error).toEqual({ code: -32001, message: 'Task not found: nope', data: { taskId: 'nope' } });
  });
});
