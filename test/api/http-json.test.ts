// The v1.0 HTTP+JSON binding: every route (root, per agent, and under /{tenant}), status codes,
// query-parameter typing and google.rpc.Status error bodies, against the product's task service on
// the embedded engine (echo at the root; the conformance agent, by messageId prefix, for behaviours).
import type { Principal } from '../../api/request-handler';
import * as v1 from '../../api/protocol/v1/schemas';
import { json, openSse } from '../support/a2a-sse';
import { eventuallyListed } from '../support/eventually-listed';
import { conformanceMessageId, startPlatformTestServer, type PlatformTestServer } from '../support/platform-test-server';
import { FILE_RUN } from '../support/test-lane';

let server: PlatformTestServer;
beforeAll(async () => {
  server = await startPlatformTestServer({
    api: {
      heartbeatMs: 60_000,
      // An authenticated caller whose tenant comes from X-Tenant, so a routing tenant can be its own or
      // not (an unauthenticated caller acts in whatever tenant it names).
      resolvePrincipal: (ctx): Principal => ({ tenant: ctx.get('X-Tenant') || 'default', subject: 'rest-user', scopes: [], roles: [], authenticated: true }),
    },
  });
}, 120_000);
afterAll(() => server?.close());

let n = 0;
const message = (text: string, extra: Record<string, unknown> = {}) => ({ messageId: `rest-${FILE_RUN}-${++n}`, role: 'ROLE_USER', parts: [{ text }], ...extra });
const rest = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  server.request(method, path, { body, version: '1.0', headers });
const send = async (text: string, configuration?: Record<string, unknown>, base = '', headers?: Record<string, string>) =>
  (await rest('POST', `${base}/message:send`, { message: message(text), ...(configuration ? { configuration } : {}) }, headers)).body.task;
/** A task of the conformance agent, whose behaviour the messageId prefix chooses. */
const sendTo = async (prefix: string, configuration?: Record<string, unknown>) =>
  (await rest('POST', '/agents/conformance/message:send', { message: message('payload', { messageId: conformanceMessageId(prefix) }), ...(configuration ? { configuration } : {}) })).body.task;
/** Loopback and allowlisted; nothing listens there, and nothing is delivered in these tests. */
const WEBHOOK = 'http://127.0.0.1:9/hook';

describe('HTTP+JSON v1.0', () => {
  it('POST /message:send returns {task} as application/a2a+json', async () => {
    const reply = await rest('POST', '/message:send', { message: message('hi') });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/a2a\+json/);
    expect(v1.sendMessageResponseSchema.parse(reply.body)).toHaveProperty('task.status.state', 'TASK_STATE_COMPLETED');
  });

  it('accepts application/a2a+json request bodies', async () => {
    const reply = await rest('POST', '/message:send', { message: message('a2a json') }, { 'Content-Type': 'application/a2a+json' });
    expect(reply.status).toBe(200);
  });

  it('POST /message:stream streams StreamResponse objects with SSE ids', async () => {
    const sse = await openSse(`${server.url}/message:stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ message: message('stream') }),
    });
    const frames = await sse.rest();
    expect(frames.map((f) => f.id)).toEqual(['0', '1', '2', '3']);
    expect(frames.map((f) => Object.keys(v1.streamResponseSchema.parse(json(f)))[0])).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
  });

  it('GET /tasks/{id} returns the task; historyLength comes from the query', async () => {
    const task = await send('get');
    const reply = await rest('GET', `/tasks/${task.id}?historyLength=1`);
    expect(v1.taskSchema.parse(reply.body).history).toHaveLength(1);
  });

  it('GET /tasks/{id} of an unknown task is 404 with a google.rpc.Status body', async () => {
    const reply = await rest('GET', '/tasks/unknown-task');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      error: {
        code: 404,
        status: 'NOT_FOUND',
        message: 'Task not found: unknown-task',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'TASK_NOT_FOUND', domain: 'a2a-protocol.org', metadata: { taskId: 'unknown-task' } }],
      },
    });
  });

  it('GET /tasks lists with typed query parameters (status, pageSize, includeArtifacts)', async () => {
    const contextId = `rest-ctx-${FILE_RUN}-${++n}`;
    for (const text of ['one', 'two']) await rest('POST', '/message:send', { message: message(text, { contextId }) });
    const reply = await eventuallyListed(
      'the 2 completed tasks',
      () => rest('GET', `/tasks?contextId=${contextId}&status=TASK_STATE_COMPLETED&pageSize=1&includeArtifacts=true`),
      // The page and totalSize are two visibility reads: wait until the page itself sees both.
      (r) => r.body.totalSize === 2 && r.body.nextPageToken !== '',
    );
    const page = v1.listTasksResponseSchema.parse(reply.body);
    expect(page).toMatchObject({ pageSize: 1, totalSize: 2 });
    expect(page.tasks[0].artifacts).toHaveLength(1);
    // A page token belongs to its query's filters.
    const next = await rest('GET', `/tasks?contextId=${contextId}&status=TASK_STATE_COMPLETED&pageSize=1&pageToken=${encodeURIComponent(page.nextPageToken)}`);
    expect(next.body.tasks).toHaveLength(1);
    expect(next.body.tasks[0].id).not.toBe(page.tasks[0].id);
    expect(next.body.nextPageToken).toBe('');
  });

  it('GET /tasks with invalid query parameters names each field (400, BadRequest details)', async () => {
    const reply = await rest('GET', '/tasks?pageSize=150&historyLength=-5&status=TASK_STATE_RUNNING');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    const violations = reply.body.error.details.find((d: { '@type': string }) => d['@type'].endsWith('BadRequest')).fieldViolations;
    expect(violations.map((v: { field: string }) => v.field).sort()).toEqual(['historyLength', 'pageSize', 'status']);
    expect(reply.body.error.message).toContain('pageSize: must be between 1 and 100');
  });

  it('POST /tasks/{id}:cancel cancels (with or without a body), again idempotently; a completed task is not cancelable', async () => {
    const task = await sendTo('test-resubscribe-message-id', { returnImmediately: true });
    const reply = await server.request('POST', `/agents/conformance/tasks/${task.id}:cancel`, { version: '1.0' });
    expect(reply.body.status.state).toBe('TASK_STATE_CANCELED');
    const again = await rest('POST', `/agents/conformance/tasks/${task.id}:cancel`, { metadata: { why: 'twice' } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: task.id, status: { state: 'TASK_STATE_CANCELED' } });
    const completed = await sendTo('tck-complete-task');
    const refused = await rest('POST', `/agents/conformance/tasks/${completed.id}:cancel`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ status: 'FAILED_PRECONDITION', details: [expect.objectContaining({ reason: 'TASK_NOT_CANCELABLE' })] });
  });

  it.each(['GET', 'POST'])('%s /tasks/{id}:subscribe streams the task and its updates', async (method) => {
    const task = await sendTo('test-resubscribe-message-id', { returnImmediately: true });
    const sse = await openSse(`${server.url}/agents/conformance/tasks/${task.id}:subscribe`, { method, headers: { 'A2A-Version': '1.0' } });
    expect(json(await sse.next())).toHaveProperty('task.id', task.id);
    // The held task completes on its own after HOLD_MS.
    const frames = await sse.rest();
    expect(json(frames[frames.length - 1])).toHaveProperty('statusUpdate.status.state', 'TASK_STATE_COMPLETED');
  });

  it('decodes a percent-encoded ":" in a task id without taking it for a custom verb', async () => {
    const reply = await rest('POST', `/tasks/${encodeURIComponent('a:b')}:cancel`);
    expect(reply.body.error.message).toBe('Task not found: a:b');
  });

  it('push config routes: POST creates (201), GET reads and lists, DELETE removes (204)', async () => {
    // A task still waiting: push configs of a finished task are a separate rule (issue 8, item 4).
    const task = await sendTo('tck-input-required');
    const base = `/agents/conformance/tasks/${task.id}/pushNotificationConfigs`;
    const created = await rest('POST', base, { url: WEBHOOK, token: 'tk' });
    expect(created.status).toBe(201);
    expect(v1.taskPushNotificationConfigSchema.parse(created.body)).toMatchObject({ taskId: task.id, url: WEBHOOK });
    expect(created.body).not.toHaveProperty('token'); // never answered, to the owner either
    const id = created.body.id;
    expect((await rest('GET', `${base}/${id}`)).body).toEqual(created.body);
    expect((await rest('GET', `${base}?pageSize=10`)).body).toEqual({ configs: [created.body], nextPageToken: '' });
    const deleted = await rest('DELETE', `${base}/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await rest('GET', `${base}/${id}`)).status).toBe(404);
  });

  it('POST pushNotificationConfigs with a non-http URL is 400 naming the url field', async () => {
    const task = await send('bad push');
    const reply = await rest('POST', `/tasks/${task.id}/pushNotificationConfigs`, { url: 'ftp://example.com' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('Invalid parameters: url: must be an absolute http or https URL');
  });

  it('GET /extendedAgentCard is 400 UNSUPPORTED_OPERATION when the card does not declare it', async () => {
    const reply = await rest('GET', '/extendedAgentCard');
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].reason).toBe('UNSUPPORTED_OPERATION');
  });

  it('serves every route under the caller’s own /{tenant}/, and refuses another tenant’s path as not found', async () => {
    const acme = { 'X-Tenant': 'acme' };
    const task = await send('tenant', undefined, '/acme', acme);
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    expect((await rest('GET', `/acme/tasks/${task.id}`, undefined, acme)).status).toBe(200);
    // Listed in its tenant (newest first); a listing that never shows it fails here.
    const listsTask = (r: { body: { tasks?: Array<{ id: string }> } }) => r.body.tasks?.some((t) => t.id === task.id) ?? false;
    await eventuallyListed('the task in its tenant', () => rest('GET', `/acme/tasks?pageSize=5`, undefined, acme), listsTask);
    // Tenants are isolated: another tenant's caller cannot see it, with or without a tenant path.
    expect((await rest('GET', `/tasks/${task.id}`)).status).toBe(404);
    expect((await rest('GET', `/other/tasks/${task.id}`, undefined, { 'X-Tenant': 'other' })).status).toBe(404);
    expect((await rest('GET', `/acme/tasks/${task.id}`)).status).toBe(404);
  });

  it('serves the same routes per agent under /agents/{agentId}', async () => {
    const task = await sendTo('tck-complete-task');
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    expect((await rest('GET', `/agents/conformance/tasks/${task.id}`)).status).toBe(200);
    // Another agent's task is not visible.
    expect((await rest('GET', `/agents/echo/tasks/${task.id}`)).status).toBe(404);
  });

  it('a known path with the wrong method is 405 with Allow', async () => {
    const reply = await rest('DELETE', '/message:send');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(reply.body.error).toMatchObject({ code: 405, details: [expect.objectContaining({ reason: 'METHOD_NOT_ALLOWED' })] });
  });

  it('an unknown path is 404 with a JSON error body', async () => {
    const reply = await rest('GET', '/no/such/route/here');
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND', message: 'No route for GET /no/such/route/here' });
  });
});
