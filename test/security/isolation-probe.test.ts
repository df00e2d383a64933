// The isolation probe: principals of a second tenant (a bearer token with the owner's very subject
// name, and an API key) and another principal of the owner's tenant probe every method and route of
// both bindings and both versions against the owner's tasks in every state (working, waiting for
// input, completed, canceled, rejected, answered with a direct message): get (with history), list by
// the owner's context, cancel, subscribe (with Last-Event-ID before, at and ahead of the log), push
// config CRUD with the owner's config id, sends and streams into the task, artifact downloads with a
// valid link, re-sends of the owner's messageId. Every answer is byte for byte the answer for a task
// (or context) that does not exist; the owner's tasks are untouched afterwards.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDownloadLinks } from '../../api/artifacts/download-links';
import { newTaskIds } from '../../api/task-service/task-ids';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { reportFigures } from '../faults/support/figures';
import { eventuallyListed } from '../support/eventually-listed';
import { startTestPlatform } from '../support/platform-harness';
import { bearer, testAuthenticator, type TestPrincipal } from './support/auth-fixtures';
import { call, rpc, type Reply } from './support/http';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON under test

const OWNER: TestPrincipal = { subject: 'alice', tenant: 'tenant-one' };
const PROBERS: Record<string, TestPrincipal> = {
  'another tenant, the owner’s subject name (JWT)': { subject: 'alice', tenant: 'tenant-two' },
  'another principal of the owner’s tenant (JWT)': { subject: 'bob', tenant: 'tenant-one' },
};
const API_KEY_PROBER = 'another tenant (API key)';
const LINK_SECRET = 'isolation-probe-download-link-secret-0123456789';
const MISSING_TASK = 'feedface-0000-8000-8000-000000000000';
const MISSING_CONTEXT = 'feedface-1111-8000-8000-111111111111';
const CONFIG_ID = 'owner-hook';

let platform: Started;
let receiver: http.Server;
let hookUrl: string;
const headers: Record<string, Record<string, string>> = {};

interface OwnerTask {
  state: string;
  agent: string;
  taskId: string;
  contextId: string;
  messageId: string;
  /** A signed link to a stored part of the task, when it has one. */
  download?: string;
}
const tasks: OwnerTask[] = [];

const v1 = (messageId: string, extra: object = {}) => ({ messageId, role: 'ROLE_USER', parts: [{ text: 'x' }], ...extra });
const v03 = (messageId: string, extra: object = {}) => ({ kind: 'message', messageId, role: 'user', parts: [{ kind: 'text', text: 'x' }], ...extra });

async function ownerSend(agent: string, message: object, configuration: object = {}): Promise<Json> {
  const reply = await call(platform.baseUrl, 'POST', `/agents/${agent}/message:send`, { headers: headers.owner, body: { message, configuration } });
  if (reply.status !== 200) throw new Error(`owner send failed: ${reply.text}`);
  return reply.body;
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const { authenticator, apiKey } = testAuthenticator({ id: 'svc-probe', subject: 'svc-probe', tenant: 'tenant-two' });
  platform = await startTestPlatform({
    authenticator,
    agents: createAgentRegistry({ config: { agents: { conformance: { settings: { resubscribeHoldMs: 300_000 } } } } }),
    downloads: { secret: LINK_SECRET },
  });
  headers.owner = await bearer(OWNER);
  for (const [name, principal] of Object.entries(PROBERS)) headers[name] = await bearer(principal);
  headers[API_KEY_PROBER] = { 'X-API-Key': apiKey! };

  const run = `${process.pid}-${Date.now()}`;
  const push = { taskPushNotificationConfig: { id: CONFIG_ID, url: hookUrl } };
  const add = (state: string, agent: string, messageId: string, task: Json, download?: string) =>
    tasks.push({ state, agent, taskId: task.id, contextId: task.contextId, messageId, ...(download ? { download } : {}) });

  const working = `test-resubscribe-message-id-probe-${run}`;
  add('working', 'conformance', working, (await ownerSend('conformance', v1(working), { returnImmediately: true, ...push })).task);
  const waiting = `tck-input-required-probe-${run}`;
  add('input-required', 'conformance', waiting, (await ownerSend('conformance', v1(waiting), push)).task);
  const file = Buffer.alloc(100 * 1024, 7).toString('base64'); // above the inline threshold: stored, served by link
  const completed = `probe-completed-${run}`;
  const echoed = (await ownerSend('echo', { ...v1(completed), parts: [{ text: 'with a file' }, { raw: file, mediaType: 'application/pdf', filename: 'a.pdf' }] }, push)).task;
  add('completed', 'echo', completed, echoed, new URL(echoed.history[0].parts[1].url).pathname + new URL(echoed.history[0].parts[1].url).search);
  const canceled = `test-resubscribe-message-id-cancel-${run}`;
  const toCancel = (await ownerSend('conformance', v1(canceled), { returnImmediately: true })).task;
  const cancel = await call(platform.baseUrl, 'POST', `/agents/conformance/tasks/${toCancel.id}:cancel`, { headers: headers.owner, body: {} });
  expect(cancel.body.status.state).toBe('TASK_STATE_CANCELED');
  add('canceled', 'conformance', canceled, cancel.body);
  const rejected = `tck-reject-task-probe-${run}`;
  add('rejected', 'conformance', rejected, (await ownerSend('conformance', v1(rejected))).task);
  // A direct-message reply is no task, not even for its owner; its workflow exists all the same.
  const replied = `tck-message-response-probe-${run}`;
  const reply = await ownerSend('conformance', v1(replied));
  expect(reply.message).toBeDefined();
  const ids = newTaskIds({ agentId: 'conformance', principal: { ...OWNER, scopes: [], roles: [], authenticated: true }, messageId: replied });
  tasks.push({ state: 'direct message', agent: 'conformance', messageId: replied, ...ids });
  expect(tasks.map((t) => t.state)).toEqual(['working', 'input-required', 'completed', 'canceled', 'rejected', 'direct message']);
  // Visibility lags the sends: once the owner lists every task, an empty list for a prober is isolation, not lag.
  for (const task of tasks.filter((t) => t.state !== 'direct message')) {
    const list = () => call(platform.baseUrl, 'GET', `/agents/${task.agent}/tasks?contextId=${task.contextId}`, { headers: headers.owner });
    await eventuallyListed(`the owner’s ${task.state} task`, list, (r) => r.body?.tasks?.length > 0);
  }
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

type Probe = { name: string; run: (task: OwnerTask, id: string, contextId: string, who: Record<string, string>) => Promise<Reply>; lists?: boolean };

const leid = (who: Record<string, string>, value: string) => ({ ...who, 'Last-Event-ID': value });

/** Every operation of both bindings and both versions, aimed at a task id (and its context id). */
function probes(): Probe[] {
  const b = () => platform.baseUrl;
  const p: Probe[] = [];
  const add = (name: string, run: Probe['run'], lists = false) => p.push({ name, run, lists });
  for (const prefix of ['', '/tenant-one']) {
    const at = (t: OwnerTask) => `/agents/${t.agent}${prefix}`;
    add(`REST${prefix} GetTask`, (t, id, _c, h) => call(b(), 'GET', `${at(t)}/tasks/${id}?historyLength=5`, { headers: h }));
    add(`REST${prefix} CancelTask`, (t, id, _c, h) => call(b(), 'POST', `${at(t)}/tasks/${id}:cancel`, { headers: h, body: {} }));
    for (const last of [undefined, '0', '1', '99']) {
      add(`REST${prefix} SubscribeToTask GET, Last-Event-ID ${last ?? 'none'}`, (t, id, _c, h) => call(b(), 'GET', `${at(t)}/tasks/${id}:subscribe`, { headers: last ? leid(h, last) : h }));
    }
    add(`REST${prefix} SubscribeToTask POST, Last-Event-ID 1`, (t, id, _c, h) => call(b(), 'POST', `${at(t)}/tasks/${id}:subscribe`, { headers: leid(h, '1') }));
    add(`REST${prefix} create push config`, (t, id, _c, h) => call(b(), 'POST', `${at(t)}/tasks/${id}/pushNotificationConfigs`, { headers: h, body: { id: 'probe', url: hookUrl } }));
    add(`REST${prefix} list push configs`, (t, id, _c, h) => call(b(), 'GET', `${at(t)}/tasks/${id}/pushNotificationConfigs`, { headers: h }));
    add(`REST${prefix} get push config`, (t, id, _c, h) => call(b(), 'GET', `${at(t)}/tasks/${id}/pushNotificationConfigs/${CONFIG_ID}`, { headers: h }));
    add(`REST${prefix} delete push config`, (t, id, _c, h) => call(b(), 'DELETE', `${at(t)}/tasks/${id}/pushNotificationConfigs/${CONFIG_ID}`, { headers: h }));
    add(`REST${prefix} SendMessage into the task`, (t, id, c, h) => call(b(), 'POST', `${at(t)}/message:send`, { headers: h, body: { message: v1('probe-answer', { taskId: id, contextId: c }) } }));
    add(`REST${prefix} SendStreamingMessage into the task`, (t, id, _c, h) => call(b(), 'POST', `${at(t)}/message:stream`, { headers: h, body: { message: v1('probe-answer', { taskId: id }) } }));
    add(`REST${prefix} ListTasks by the task's context`, (t, _id, c, h) => call(b(), 'GET', `${at(t)}/tasks?contextId=${c}&includeArtifacts=true`, { headers: h }), true);
  }
  const rpc1 = (t: OwnerTask, method: string, params: object, h: Record<string, string>) => rpc(platform.baseUrl, `/agents/${t.agent}`, method, params, { headers: h });
  const rpc03 = (t: OwnerTask, method: string, params: object, h: Record<string, string>) => rpc(platform.baseUrl, `/agents/${t.agent}`, method, params, { headers: h, version: '0.3' });
  for (const tenant of [undefined, 'tenant-one']) {
    const tf = tenant ? { tenant } : {};
    const label = tenant ? ' (tenant field)' : '';
    add(`JSON-RPC 1.0 GetTask${label}`, (t, id, _c, h) => rpc1(t, 'GetTask', { id, historyLength: 5, ...tf }, h));
    add(`JSON-RPC 1.0 CancelTask${label}`, (t, id, _c, h) => rpc1(t, 'CancelTask', { id, ...tf }, h));
    for (const last of [undefined, '0', '99']) {
      add(`JSON-RPC 1.0 SubscribeToTask${label}, Last-Event-ID ${last ?? 'none'}`, (t, id, _c, h) => rpc1(t, 'SubscribeToTask', { id, ...tf }, last ? leid(h, last) : h));
    }
    add(`JSON-RPC 1.0 CreateTaskPushNotificationConfig${label}`, (t, id, _c, h) => rpc1(t, 'CreateTaskPushNotificationConfig', { taskId: id, id: 'probe', url: hookUrl, ...tf }, h));
    add(`JSON-RPC 1.0 GetTaskPushNotificationConfig${label}`, (t, id, _c, h) => rpc1(t, 'GetTaskPushNotificationConfig', { taskId: id, id: CONFIG_ID, ...tf }, h));
    add(`JSON-RPC 1.0 ListTaskPushNotificationConfigs${label}`, (t, id, _c, h) => rpc1(t, 'ListTaskPushNotificationConfigs', { taskId: id, ...tf }, h));
    add(`JSON-RPC 1.0 DeleteTaskPushNotificationConfig${label}`, (t, id, _c, h) => rpc1(t, 'DeleteTaskPushNotificationConfig', { taskId: id, id: CONFIG_ID, ...tf }, h));
    add(`JSON-RPC 1.0 SendMessage into the task${label}`, (t, id, _c, h) => rpc1(t, 'SendMessage', { message: v1('probe-answer', { taskId: id }), ...tf }, h));
    add(`JSON-RPC 1.0 SendStreamingMessage into the task${label}`, (t, id, _c, h) => rpc1(t, 'SendStreamingMessage', { message: v1('probe-answer', { taskId: id }), ...tf }, h));
    add(`JSON-RPC 1.0 ListTasks by the task's context${label}`, (t, _id, c, h) => rpc1(t, 'ListTasks', { contextId: c, includeArtifacts: true, ...tf }, h), true);
  }
  add('JSON-RPC 0.3 tasks/get', (t, id, _c, h) => rpc03(t, 'tasks/get', { id, historyLength: 5 }, h));
  add('JSON-RPC 0.3 tasks/cancel', (t, id, _c, h) => rpc03(t, 'tasks/cancel', { id }, h));
  for (const last of [undefined, '0', '99']) add(`JSON-RPC 0.3 tasks/resubscribe, Last-Event-ID ${last ?? 'none'}`, (t, id, _c, h) => rpc03(t, 'tasks/resubscribe', { id }, last ? leid(h, last) : h));
  add('JSON-RPC 0.3 pushNotificationConfig/set', (t, id, _c, h) => rpc03(t, 'tasks/pushNotificationConfig/set', { taskId: id, pushNotificationConfig: { id: 'probe', url: hookUrl } }, h));
  add('JSON-RPC 0.3 pushNotificationConfig/get', (t, id, _c, h) => rpc03(t, 'tasks/pushNotificationConfig/get', { id, pushNotificationConfigId: CONFIG_ID }, h));
  add('JSON-RPC 0.3 pushNotificationConfig/get (first config)', (t, id, _c, h) => rpc03(t, 'tasks/pushNotificationConfig/get', { id }, h));
  add('JSON-RPC 0.3 pushNotificationConfig/list', (t, id, _c, h) => rpc03(t, 'tasks/pushNotificationConfig/list', { id }, h));
  add('JSON-RPC 0.3 pushNotificationConfig/delete', (t, id, _c, h) => rpc03(t, 'tasks/pushNotificationConfig/delete', { id, pushNotificationConfigId: CONFIG_ID }, h));
  add('JSON-RPC 0.3 message/send into the task', (t, id, _c, h) => rpc03(t, 'message/send', { message: v03('probe-answer', { taskId: id }) }, h));
  add('JSON-RPC 0.3 message/stream into the task', (t, id, _c, h) => rpc03(t, 'message/stream', { message: v03('probe-answer', { taskId: id }) }, h));
  return p;
}

/** The answer with the probed ids written as placeholders, so two answers compare byte for byte. */
const shape = (reply: Reply, id: string, contextId: string) =>
  `${reply.status} ${reply.headers.get('content-type')} ${reply.text.split(id).join('<task>').split(contextId).join('<context>')}`;
const isTaskNotFound = (reply: Reply) => (reply.status === 404 && reply.body?.error?.status === 'NOT_FOUND') || reply.body?.error?.code === -32001;

const tally = { probes: 0, requests: 0, leaks: [] as string[] };

describe('the probe itself', () => {
  it('tells the owner’s tasks apart from missing ones when the owner runs it (so it can fail)', async () => {
    let told = 0;
    let run = 0;
    // A finished task without push configs: nothing the owner's probes do can change it.
    const task = tasks.find((t) => t.state === 'rejected')!;
    for (const probe of probes()) {
      const real = await probe.run(task, task.taskId, task.contextId, headers.owner);
      const missing = await probe.run(task, MISSING_TASK, MISSING_CONTEXT, headers.owner);
      run += 1;
      if (shape(real, task.taskId, task.contextId) !== shape(missing, MISSING_TASK, MISSING_CONTEXT)) told += 1;
    }
    expect(told).toBe(run);
  });
});

describe.each([...Object.keys(PROBERS), API_KEY_PROBER])('%s', (who) => {
  it('gets TaskNotFound from every operation on every one of the owner’s tasks, byte for byte as for a task that does not exist', async () => {
    for (const task of tasks) {
      for (const probe of probes()) {
        const real = await probe.run(task, task.taskId, task.contextId, headers[who]);
        const missing = await probe.run(task, MISSING_TASK, MISSING_CONTEXT, headers[who]);
        tally.probes += 1;
        tally.requests += 2;
        const same = shape(real, task.taskId, task.contextId) === shape(missing, MISSING_TASK, MISSING_CONTEXT);
        const notFound = probe.lists ? real.status === 200 && (real.body?.tasks ?? real.body?.result?.tasks)?.length === 0 : isTaskNotFound(real);
        if (!same || !notFound) tally.leaks.push(`${who} / ${task.state} / ${probe.name}: ${real.status} ${real.text.slice(0, 200)}`);
      }
    }
    expect(tally.leaks).toEqual([]);
  }, 120_000);

  it('gets TaskNotFound for the download of the owner’s stored part, even with a valid link', async () => {
    const owned = tasks.find((t) => t.download)!;
    const blobId = decodeURIComponent(owned.download!.split('?')[0].split('/').pop()!);
    const real = await call(platform.baseUrl, 'GET', owned.download!, { headers: headers[who], version: null });
    const links = createDownloadLinks({ secret: LINK_SECRET });
    const missing = await call(platform.baseUrl, 'GET', links.pathFor({ agentId: owned.agent, taskId: MISSING_TASK, blobId }), { headers: headers[who], version: null });
    tally.requests += 2;
    expect(real.status).toBe(404);
    expect(shape(real, owned.taskId, owned.contextId)).toBe(shape(missing, MISSING_TASK, MISSING_CONTEXT));
  });

  it('re-sending the owner’s messageIds starts tasks of its own, never returns the owner’s', async () => {
    for (const task of tasks.filter((t) => t.state !== 'direct message')) {
      const sent = await call(platform.baseUrl, 'POST', `/agents/${task.agent}/message:send`, {
        headers: headers[who],
        body: { message: v1(task.messageId, { contextId: task.contextId }), configuration: { returnImmediately: true } },
      });
      tally.requests += 1;
      expect(sent.status).toBe(200);
      expect(sent.body.task.id).not.toBe(task.taskId);
    }
  });
});

describe('after the probing', () => {
  it('the owner’s tasks are untouched, and the owner still sees them (so the probes could have failed)', async () => {
    const states: Record<string, string> = {};
    for (const task of tasks.filter((t) => t.state !== 'direct message')) {
      const got = await call(platform.baseUrl, 'GET', `/agents/${task.agent}/tasks/${task.taskId}?historyLength=10`, { headers: headers.owner });
      states[task.state] = got.body.status.state;
      expect(got.body.history.map((m: Json) => m.messageId)).not.toContain('probe-answer');
    }
    expect(states).toEqual({
      working: 'TASK_STATE_WORKING',
      'input-required': 'TASK_STATE_INPUT_REQUIRED',
      completed: 'TASK_STATE_COMPLETED',
      canceled: 'TASK_STATE_CANCELED',
      rejected: 'TASK_STATE_REJECTED',
    });
    for (const task of tasks.filter((t) => ['working', 'input-required', 'completed'].includes(t.state))) {
      const configs = await call(platform.baseUrl, 'GET', `/agents/${task.agent}/tasks/${task.taskId}/pushNotificationConfigs`, { headers: headers.owner });
      expect([task.state, configs.body.configs.map((c: Json) => c.id)]).toEqual([task.state, [CONFIG_ID]]);
    }
    const download = await call(platform.baseUrl, 'GET', tasks.find((t) => t.download)!.download!, { headers: headers.owner, version: null });
    expect(download.status).toBe(200);
    reportFigures('isolation-probe', { probers: Object.keys(PROBERS).length + 1, ownerTaskStates: tasks.length, probes: tally.probes, requests: tally.requests, leaks: tally.leaks.length });
  });
});
