// Push configs and cancel on finished tasks, on the real stack with a persistent embedded engine:
// configs outlive the task's run (read, created, deleted after it closed, answered without secrets),
// delete and cancel are idempotent as A2A says, and everything is still there after a restart on the
// same data directory.
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TemporalTaskGateway } from '../../api/temporal/temporal-task-gateway';
import { createSilentLogger } from '../../src/logger';
import { pushConfigKeeperWorkflowId } from '../../src/task-runtime/contract';
import { silentLogger } from '../support/embedded-temporal-harness';
import { startTestPlatform } from '../support/platform-harness';
import { call, rpc, type Reply } from '../security/support/http';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;

const dataDir = mkdtempSync(path.join(tmpdir(), 'finished-push-'));
const taskQueue = `finished-push-${process.pid}-${Date.now()}`;
const TOKEN = 'finished-task-token-77a1';
const CREDENTIALS = 'finished-task-credentials-c3b9';

let platform: Started;
let receiver: http.Server;
let hookUrl: string;

const start = () => startTestPlatform({ taskQueue, temporal: { embedded: { port: 0, logger: silentLogger(), dataDir } } });

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  platform = await start();
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const configsPath = (agent: string, taskId: string) => `/agents/${agent}/tasks/${taskId}/pushNotificationConfigs`;
const ids = (reply: Reply) => (reply.body.configs as Array<{ id: string }>).map((c) => c.id).sort();
const secretConfig = (id: string) => ({ id, url: hookUrl, token: TOKEN, authentication: { scheme: 'Bearer', credentials: CREDENTIALS } });

async function send(agent: string, messageId: string, extra: Record<string, unknown> = {}) {
  const reply = await call(platform.baseUrl, 'POST', `/agents/${agent}/message:send`, {
    body: { message: { messageId, role: 'ROLE_USER', parts: [{ text: 'go' }], ...extra } },
  });
  expect(reply.status).toBe(200);
  return reply.body.task as { id: string; status: { state: string } };
}

async function waitForState(agent: string, taskId: string, state: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const got = await call(platform.baseUrl, 'GET', `/agents/${agent}/tasks/${taskId}`);
    if (got.body.status.state === state) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`task ${taskId} never reached ${state}`);
}

function expectNoSecrets(reply: Reply): void {
  expect(reply.text).not.toContain(TOKEN);
  expect(reply.text).not.toContain(CREDENTIALS);
}

let answeredTask: string; // created while waiting, then completed
let completedTask: string; // completed before any config was created

describe('push configs of a task that finished', () => {
  it('a config created while the task waited is still read and listed after it completed (without secrets)', async () => {
    const asked = await send('conformance', `tck-input-required-finished-${Date.now()}`);
    answeredTask = asked.id;
    const created = await call(platform.baseUrl, 'POST', configsPath('conformance', answeredTask), { body: secretConfig('before-close') });
    expect(created.status).toBe(201);
    await send('conformance', `answer-${Date.now()}`, { taskId: answeredTask });
    await waitForState('conformance', answeredTask, 'TASK_STATE_COMPLETED');
    const got = await call(platform.baseUrl, 'GET', `${configsPath('conformance', answeredTask)}/before-close`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: 'before-close', url: hookUrl, authentication: { scheme: 'Bearer' } });
    const listed = await call(platform.baseUrl, 'GET', configsPath('conformance', answeredTask));
    expect(ids(listed)).toEqual(['before-close']);
    expectNoSecrets(got);
    expectNoSecrets(listed);
  });

  it('a config created on a completed task is accepted, kept and listed', async () => {
    const done = await send('echo', `finished-echo-${Date.now()}`);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    completedTask = done.id;
    const created = await call(platform.baseUrl, 'POST', configsPath('echo', completedTask), { body: secretConfig('after-close') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'after-close', url: hookUrl });
    expectNoSecrets(created);
    const second = await rpc(platform.baseUrl, '/agents/echo', 'CreateTaskPushNotificationConfig', { taskId: completedTask, id: 'after-close-2', url: hookUrl });
    expect(second.body.result).toMatchObject({ id: 'after-close-2' });
    expect(ids(await call(platform.baseUrl, 'GET', configsPath('echo', completedTask)))).toEqual(['after-close', 'after-close-2']);
    expect((await call(platform.baseUrl, 'GET', `${configsPath('echo', completedTask)}/after-close`)).body).toMatchObject({ id: 'after-close' });
  });

  it('delete succeeds twice, on a completed task and on a waiting one, and the config is gone', async () => {
    for (let i = 0; i < 2; i++) {
      const deleted = await call(platform.baseUrl, 'DELETE', `${configsPath('echo', completedTask)}/after-close-2`);
      expect([i, deleted.status]).toEqual([i, 204]);
    }
    const rpcTwice = await rpc(platform.baseUrl, '/agents/echo', 'DeleteTaskPushNotificationConfig', { taskId: completedTask, id: 'after-close-2' });
    expect(rpcTwice.body.error).toBeUndefined();
    expect(ids(await call(platform.baseUrl, 'GET', configsPath('echo', completedTask)))).toEqual(['after-close']);

    const waiting = await send('conformance', `tck-input-required-delete-${Date.now()}`);
    await call(platform.baseUrl, 'POST', configsPath('conformance', waiting.id), { body: { id: 'short-lived', url: hookUrl } });
    for (let i = 0; i < 2; i++) {
      const deleted = await rpc(platform.baseUrl, '/agents/conformance', 'DeleteTaskPushNotificationConfig', { taskId: waiting.id, id: 'short-lived' });
      expect([i, deleted.body.error]).toEqual([i, undefined]);
    }
    expect(ids(await call(platform.baseUrl, 'GET', configsPath('conformance', waiting.id)))).toEqual([]);
  });

  it('a missing config is still TaskNotFound on get, and an unknown task still TaskNotFound on delete', async () => {
    const got = await rpc(platform.baseUrl, '/agents/echo', 'GetTaskPushNotificationConfig', { taskId: completedTask, id: 'never-was' });
    expect(got.body.error.code).toBe(-32001);
    const deleted = await rpc(platform.baseUrl, '/agents/echo', 'DeleteTaskPushNotificationConfig', { taskId: 'deadbeef-0000-8000-8000-000000000000', id: 'x' });
    expect(deleted.body.error.code).toBe(-32001);
  });
});

describe('cancel', () => {
  it('of a task already canceled returns the canceled task again (cancel is idempotent)', async () => {
    const waiting = await send('conformance', `tck-input-required-cancel-${Date.now()}`);
    const first = await call(platform.baseUrl, 'POST', `/agents/conformance/tasks/${waiting.id}:cancel`, { body: {} });
    expect(first.body.status.state).toBe('TASK_STATE_CANCELED');
    const again = await call(platform.baseUrl, 'POST', `/agents/conformance/tasks/${waiting.id}:cancel`, { body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: waiting.id, status: { state: 'TASK_STATE_CANCELED' } });
    const viaRpc = await rpc(platform.baseUrl, '/agents/conformance', 'CancelTask', { id: waiting.id });
    expect(viaRpc.body.result).toMatchObject({ id: waiting.id, status: { state: 'TASK_STATE_CANCELED' } });
  });

  it('of a completed task stays TaskNotCancelable', async () => {
    const reply = await rpc(platform.baseUrl, '/agents/echo', 'CancelTask', { id: completedTask });
    expect(reply.body.error).toMatchObject({ code: -32002 });
  });
});

describe('after a restart on the same data directory', () => {
  it('the configs of finished tasks are all still there, and deleted ones still gone', async () => {
    await platform.close();
    platform = await start();
    expect(ids(await call(platform.baseUrl, 'GET', configsPath('conformance', answeredTask)))).toEqual(['before-close']);
    const listed = await call(platform.baseUrl, 'GET', configsPath('echo', completedTask));
    expect(ids(listed)).toEqual(['after-close']);
    expectNoSecrets(listed);
    const created = await call(platform.baseUrl, 'POST', configsPath('echo', completedTask), { body: { id: 'after-restart', url: hookUrl } });
    expect(created.status).toBe(201);
    expect(ids(await call(platform.baseUrl, 'GET', configsPath('echo', completedTask)))).toEqual(['after-close', 'after-restart']);
  }, 120_000);
});

describe('the keeper of a finished task’s configs', () => {
  it('completes once idle, its result still answers, and the next change starts a new run seeded from it', async () => {
    const gateway = new TemporalTaskGateway({ client: platform.client, taskQueue, logger: createSilentLogger(), pushConfigKeepForMs: 300 });
    const done = await send('echo', `keeper-echo-${Date.now()}`);
    const config = (id: string) => ({ id, taskId: done.id, url: hookUrl });
    await gateway.setPushConfig(done.id, config('first'));
    const keeper = platform.client.workflow.getHandle(pushConfigKeeperWorkflowId(done.id));
    await keeper.result();
    expect((await keeper.describe()).status.name).toBe('COMPLETED');
    expect((await gateway.getPushConfigs(done.id))?.map((c) => c.id)).toEqual(['first']);
    await gateway.setPushConfig(done.id, config('second'));
    expect((await gateway.getPushConfigs(done.id))?.map((c) => c.id)).toEqual(['first', 'second']);
    await gateway.deletePushConfig(done.id, 'first');
    expect((await gateway.getPushConfigs(done.id))?.map((c) => c.id)).toEqual(['second']);
  });
});
