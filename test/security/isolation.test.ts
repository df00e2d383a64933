// Tenant and owner isolation on the real stack (embedded Temporal, worker, API with authentication):
// a principal of another tenant, another principal of the same tenant, and the owner naming another
// tenant (path or `tenant` field) probe every task operation of both bindings and both versions, and
// the artifact download route, on the owner's tasks. Each answer must be byte for byte the answer for
// a task that does not exist. Sends into another tenant are refused; lists show nothing foreign.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDownloadLinks } from '../../api/artifacts/download-links';
import { startTestPlatform } from '../support/platform-harness';
import { bearer, testAuthenticator, type TestPrincipal } from './support/auth-fixtures';
import { call, rpc, type Reply } from './support/http';
import { captureLogs, type CapturedLogs } from './support/log-capture';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;

const T1 = 'tenant-one';
const T2 = 'tenant-two';
const ALICE: TestPrincipal = { subject: 'alice', tenant: T1 };
const BOB: TestPrincipal = { subject: 'bob', tenant: T1 };
const MALLORY: TestPrincipal = { subject: 'alice', tenant: T2 }; // the owner's name, in another tenant
const LINK_SECRET = 'isolation-test-download-link-secret-0123456789';
const MISSING = 'deadbeef-0000-8000-8000-000000000000';
const CONFIG_ID = 'alice-hook';

let platform: Started;
let logs: CapturedLogs;
let receiver: http.Server;
let hookUrl: string;
let parked: string; // alice's conformance task, waiting for input, with a push config
let finished: string; // alice's echo task, completed, holding an uploaded file
let downloadPath: string;
let blobId: string;
const headers: Record<string, Record<string, string>> = {};

const msg = (text: string, extra: Record<string, unknown> = {}) => ({ messageId: `m-${Math.random()}`, role: 'ROLE_USER', parts: [{ text }], ...extra });
const v03msg = (text: string, extra: Record<string, unknown> = {}) => ({ kind: 'message', messageId: `m-${Math.random()}`, role: 'user', parts: [{ kind: 'text', text }], ...extra });

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  logs = captureLogs();
  platform = await startTestPlatform({ authenticator: testAuthenticator().authenticator, logger: logs.logger, downloads: { secret: LINK_SECRET } });
  for (const [name, p] of Object.entries({ alice: ALICE, bob: BOB, mallory: MALLORY })) headers[name] = await bearer(p);

  const sent = await call(platform.baseUrl, 'POST', '/agents/conformance/message:send', {
    headers: headers.alice,
    body: { message: msg('park', { messageId: `tck-input-required-${Date.now()}` }) },
  });
  expect(sent.body.task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
  parked = sent.body.task.id;
  const created = await call(platform.baseUrl, 'POST', `/agents/conformance/tasks/${parked}/pushNotificationConfigs`, {
    headers: headers.alice,
    body: { id: CONFIG_ID, url: hookUrl, token: 'alice-token' },
  });
  expect(created.status).toBe(201);

  const file = Buffer.alloc(100 * 1024, 7).toString('base64'); // above the inline threshold: goes to the store
  const echoed = await call(platform.baseUrl, 'POST', '/agents/echo/message:send', {
    headers: headers.alice,
    body: { message: { messageId: `file-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'with a file' }, { raw: file, mediaType: 'application/pdf', filename: 'a.pdf' }] } },
  });
  expect(echoed.body.task.status.state).toBe('TASK_STATE_COMPLETED');
  finished = echoed.body.task.id;
  const url = echoed.body.task.history[0].parts[1].url as string;
  downloadPath = url.slice(platform.baseUrl.length);
  blobId = decodeURIComponent(downloadPath.split('?')[0].split('/').pop()!);
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

/** The answer with the probed id written as <task>, so the answers for two ids compare byte for byte. */
const shape = (reply: Reply, id: string) => `${reply.status} ${reply.headers.get('content-type')} ${reply.text.split(id).join('<task>')}`;

type Probe = [name: string, run: (id: string, who: Record<string, string>) => Promise<Reply>];

/** Every task operation, by binding and version; `tenant` is a routing tenant to name (path or field). */
function probes(agent: string, tenant?: string): Probe[] {
  const base = `/agents/${agent}${tenant ? `/${tenant}` : ''}`;
  const at = `/agents/${agent}`;
  const t = tenant ? { tenant } : {};
  const b = platform.baseUrl;
  return [
    ['REST GetTask', (id, h) => call(b, 'GET', `${base}/tasks/${id}`, { headers: h })],
    ['REST CancelTask', (id, h) => call(b, 'POST', `${base}/tasks/${id}:cancel`, { headers: h, body: {} })],
    ['REST SubscribeToTask', (id, h) => call(b, 'GET', `${base}/tasks/${id}:subscribe`, { headers: h })],
    ['REST SubscribeToTask with Last-Event-ID', (id, h) => call(b, 'POST', `${base}/tasks/${id}:subscribe`, { headers: { ...h, 'Last-Event-ID': '1' } })],
    ['REST create push config', (id, h) => call(b, 'POST', `${base}/tasks/${id}/pushNotificationConfigs`, { headers: h, body: { url: hookUrl } })],
    ['REST list push configs', (id, h) => call(b, 'GET', `${base}/tasks/${id}/pushNotificationConfigs`, { headers: h })],
    ['REST get push config', (id, h) => call(b, 'GET', `${base}/tasks/${id}/pushNotificationConfigs/${CONFIG_ID}`, { headers: h })],
    ['REST delete push config', (id, h) => call(b, 'DELETE', `${base}/tasks/${id}/pushNotificationConfigs/${CONFIG_ID}`, { headers: h })],
    ['REST SendMessage into the task', (id, h) => call(b, 'POST', `${base}/message:send`, { headers: h, body: { message: msg('answer', { taskId: id }) } })],
    ['REST SendStreamingMessage into the task', (id, h) => call(b, 'POST', `${base}/message:stream`, { headers: h, body: { message: msg('answer', { taskId: id }) } })],
    ['JSON-RPC 1.0 GetTask', (id, h) => rpc(b, at, 'GetTask', { id, ...t }, { headers: h })],
    ['JSON-RPC 1.0 CancelTask', (id, h) => rpc(b, at, 'CancelTask', { id, ...t }, { headers: h })],
    ['JSON-RPC 1.0 SubscribeToTask', (id, h) => rpc(b, at, 'SubscribeToTask', { id, ...t }, { headers: { ...h, 'Last-Event-ID': '1' } })],
    ['JSON-RPC 1.0 CreateTaskPushNotificationConfig', (id, h) => rpc(b, at, 'CreateTaskPushNotificationConfig', { taskId: id, url: hookUrl, ...t }, { headers: h })],
    ['JSON-RPC 1.0 GetTaskPushNotificationConfig', (id, h) => rpc(b, at, 'GetTaskPushNotificationConfig', { taskId: id, id: CONFIG_ID, ...t }, { headers: h })],
    ['JSON-RPC 1.0 ListTaskPushNotificationConfigs', (id, h) => rpc(b, at, 'ListTaskPushNotificationConfigs', { taskId: id, ...t }, { headers: h })],
    ['JSON-RPC 1.0 DeleteTaskPushNotificationConfig', (id, h) => rpc(b, at, 'DeleteTaskPushNotificationConfig', { taskId: id, id: CONFIG_ID, ...t }, { headers: h })],
    ['JSON-RPC 1.0 SendMessage into the task', (id, h) => rpc(b, at, 'SendMessage', { message: msg('answer', { taskId: id }), ...t }, { headers: h })],
    // v0.3 has no tenant field: its probes run as the principal alone.
    ...(tenant
      ? []
      : ([
          ['JSON-RPC 0.3 tasks/get', (id, h) => rpc(b, at, 'tasks/get', { id }, { headers: h, version: '0.3' })],
          ['JSON-RPC 0.3 tasks/cancel', (id, h) => rpc(b, at, 'tasks/cancel', { id }, { headers: h, version: '0.3' })],
          ['JSON-RPC 0.3 tasks/resubscribe', (id, h) => rpc(b, at, 'tasks/resubscribe', { id }, { headers: h, version: '0.3' })],
          ['JSON-RPC 0.3 pushNotificationConfig/set', (id, h) => rpc(b, at, 'tasks/pushNotificationConfig/set', { taskId: id, pushNotificationConfig: { url: hookUrl } }, { headers: h, version: '0.3' })],
          ['JSON-RPC 0.3 pushNotificationConfig/get', (id, h) => rpc(b, at, 'tasks/pushNotificationConfig/get', { id, pushNotificationConfigId: CONFIG_ID }, { headers: h, version: '0.3' })],
          ['JSON-RPC 0.3 pushNotificationConfig/list', (id, h) => rpc(b, at, 'tasks/pushNotificationConfig/list', { id }, { headers: h, version: '0.3' })],
          ['JSON-RPC 0.3 pushNotificationConfig/delete', (id, h) => rpc(b, at, 'tasks/pushNotificationConfig/delete', { id, pushNotificationConfigId: CONFIG_ID }, { headers: h, version: '0.3' })],
          ['JSON-RPC 0.3 message/send into the task', (id, h) => rpc(b, at, 'message/send', { message: v03msg('answer', { taskId: id }) }, { headers: h, version: '0.3' })],
        ] as Probe[])),
  ];
}

async function expectIndistinguishable(probe: Probe, id: string, who: Record<string, string>): Promise<void> {
  const [name, run] = probe;
  const real = await run(id, who);
  const missing = await run(MISSING, who);
  // Both must be a TaskNotFound, and the same one.
  expect([name, real.status === 404 || real.body?.error?.code === -32001]).toEqual([name, true]);
  expect([name, shape(real, id)]).toEqual([name, shape(missing, MISSING)]);
}

describe('the owner', () => {
  it('sees its tasks through every route (so the probes below can fail)', async () => {
    const b = platform.baseUrl;
    expect((await call(b, 'GET', `/agents/conformance/tasks/${parked}`, { headers: headers.alice })).status).toBe(200);
    expect((await call(b, 'GET', `/agents/conformance/${T1}/tasks/${parked}`, { headers: headers.alice })).status).toBe(200);
    expect((await call(b, 'GET', `/agents/conformance/tasks/${parked}/pushNotificationConfigs/${CONFIG_ID}`, { headers: headers.alice })).body).toMatchObject({ id: CONFIG_ID });
    expect((await rpc(b, '/agents/conformance', 'tasks/get', { id: parked }, { headers: headers.alice, version: '0.3' })).body.result.id).toBe(parked);
    const download = await call(b, 'GET', downloadPath, { headers: headers.alice, version: null });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
  });
});

describe.each([
  ['a principal of another tenant (same subject name)', 'mallory'],
  ['another principal of the same tenant', 'bob'],
])('%s', (_label, who) => {
  it.each(['conformance'])('gets TaskNotFound, exactly as for a missing task, from every operation', async (agent) => {
    for (const probe of probes(agent)) await expectIndistinguishable(probe, parked, headers[who]);
  });

  it('gets TaskNotFound for the artifact download of the owner’s task, even with a valid link', async () => {
    const links = createDownloadLinks({ secret: LINK_SECRET });
    const real = await call(platform.baseUrl, 'GET', downloadPath, { headers: headers[who], version: null });
    const missing = await call(platform.baseUrl, 'GET', links.pathFor({ agentId: 'echo', taskId: MISSING, blobId }), { headers: headers[who], version: null });
    expect(real.status).toBe(404);
    expect(shape(real, finished)).toBe(shape(missing, MISSING));
  });

  it('lists none of the owner’s tasks', async () => {
    const listed = await call(platform.baseUrl, 'GET', '/agents/conformance/tasks', { headers: headers[who] });
    expect(listed.status).toBe(200);
    expect(listed.body.tasks.map((t: { id: string }) => t.id)).not.toContain(parked);
  });
});

describe('the owner naming another tenant (v1.0 path or tenant field)', () => {
  it('gets TaskNotFound for its own task, exactly as for a missing task, from every operation', async () => {
    for (const probe of probes('conformance', T2)) await expectIndistinguishable(probe, parked, headers.alice);
  });

  it('lists nothing in the other tenant, and is refused creating tasks there (403, audited)', async () => {
    const listed = await call(platform.baseUrl, 'GET', `/agents/conformance/${T2}/tasks`, { headers: headers.alice });
    expect(listed.body).toMatchObject({ tasks: [], totalSize: 0, nextPageToken: '' });
    const rest = await call(platform.baseUrl, 'POST', `/agents/echo/${T2}/message:send`, { headers: headers.alice, body: { message: msg('hi') } });
    expect(rest.status).toBe(403);
    expect(rest.body.error).toMatchObject({ status: 'PERMISSION_DENIED', message: `Tasks can only be created in your own tenant; tenant ${T2} is not yours` });
    const field = await rpc(platform.baseUrl, '/agents/echo', 'SendMessage', { tenant: T2, message: msg('hi') }, { headers: headers.alice });
    expect(field.body.error).toMatchObject({ code: -31403 });
    expect(logs.audit('authorization-refused').some((r) => r.reason === 'foreign-tenant' && r.routingTenant === T2 && r.subject === 'alice')).toBe(true);
  });
});

describe('after all the probing', () => {
  it('the owner’s task is untouched: still waiting, config intact, and audit records name the probes', async () => {
    const task = await call(platform.baseUrl, 'GET', `/agents/conformance/tasks/${parked}`, { headers: headers.alice });
    expect(task.body.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const configs = await call(platform.baseUrl, 'GET', `/agents/conformance/tasks/${parked}/pushNotificationConfigs`, { headers: headers.alice });
    expect(configs.body.configs.map((c: { id: string }) => c.id)).toEqual([CONFIG_ID]);
    const refusals = logs.audit('authorization-refused').filter((r) => r.reason === 'task-not-visible' && r.taskId === parked);
    expect(new Set(refusals.map((r) => `${r.tenant}/${r.subject}`))).toEqual(new Set([`${T2}/alice`, `${T1}/bob`]));
    expect(logs.raw()).not.toContain('alice-token');
  });
});
