// Approvers decide; they do not own the task. On the real stack (embedded engine, worker, document
// tool server, API with JWT authentication) a document-verifier task waits for an approver: a
// principal holding the granted role may read it and decide, but push configs and cancel stay with
// the owner or the operator role, refused with PermissionDenied and audited. No answer carries a
// webhook token or credential in clear, the owner's included, and every cancel is audited.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2A_ERROR_CODES } from '../../api/a2a-error';
import { samplePdf, sampleInconsistentInvoice } from '../../src/documents/samples';
import { eventuallyListed } from '../support/eventually-listed';
import { startTestPlatform } from '../support/platform-harness';
import { bearer, testAuthenticator, type TestPrincipal } from './support/auth-fixtures';
import { call, rpc, type Reply } from './support/http';
import { captureLogs, type CapturedLogs } from './support/log-capture';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;

const TENANT = 'acme';
const OWNER: TestPrincipal = { subject: 'alice', tenant: TENANT };
const APPROVER: TestPrincipal = { subject: 'bob', tenant: TENANT, roles: ['approver'] };
const OPERATOR: TestPrincipal = { subject: 'olga', tenant: TENANT, roles: ['a2a-operator'] };
const FOREIGN_OPERATOR: TestPrincipal = { subject: 'olga', tenant: 'elsewhere', roles: ['a2a-operator'] };
const AGENT = '/agents/document-verifier';
const HOOK_TOKEN = 'alice-hook-token-5f1c';
const HOOK_CREDENTIALS = 'alice-hook-credentials-9d2e';
const CONFIG_ID = 'alice-hook';

let platform: Started;
let logs: CapturedLogs;
let receiver: http.Server;
let hookUrl: string;
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  logs = captureLogs();
  platform = await startTestPlatform({
    authenticator: testAuthenticator().authenticator,
    logger: logs.logger,
    toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
  });
  for (const [name, p] of Object.entries({ owner: OWNER, approver: APPROVER, operator: OPERATOR, foreignOperator: FOREIGN_OPERATOR })) {
    headers[name] = await bearer(p);
  }
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

/** A task of the owner's waiting for an approver, with the owner's webhook (token and credentials). */
async function waitingTask(): Promise<string> {
  const file = { raw: Buffer.from(samplePdf(sampleInconsistentInvoice())).toString('base64'), mediaType: 'application/pdf', filename: 'invoice.pdf' };
  const sent = await call(platform.baseUrl, 'POST', `${AGENT}/message:send`, {
    headers: headers.owner,
    body: {
      message: { messageId: `approval-${Date.now()}-${Math.random()}`, role: 'ROLE_USER', parts: [file] },
      configuration: {
        returnImmediately: true,
        taskPushNotificationConfig: { id: CONFIG_ID, url: hookUrl, token: HOOK_TOKEN, authentication: { scheme: 'Bearer', credentials: HOOK_CREDENTIALS } },
      },
    },
  });
  expect(sent.status).toBe(200);
  const taskId = sent.body.task.id as string;
  for (let i = 0; i < 600; i++) {
    const got = await call(platform.baseUrl, 'GET', `${AGENT}/tasks/${taskId}`, { headers: headers.owner });
    if (got.body.status.state === 'TASK_STATE_INPUT_REQUIRED') return taskId;
    if (/COMPLETED|FAILED|CANCELED|REJECTED/.test(got.body.status.state)) throw new Error(`task ended ${got.body.status.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('task never waited for an approver');
}

const permissionDenied = A2A_ERROR_CODES.PermissionDenied;

function expectDenied(name: string, reply: Reply, what: RegExp): void {
  if (reply.body?.jsonrpc) {
    expect([name, reply.body.error?.code, reply.body.error?.message]).toEqual([name, permissionDenied.jsonRpc, expect.stringMatching(what)]);
  } else {
    expect([name, reply.status, reply.body?.error?.status, reply.body?.error?.message]).toEqual([name, 403, 'PERMISSION_DENIED', expect.stringMatching(what)]);
  }
}

describe('an approver of a waiting task', () => {
  let taskId: string;
  beforeAll(async () => {
    taskId = await waitingTask();
  }, 120_000);

  it('may read the task (so the refusals below are about rights, not visibility)', async () => {
    const got = await call(platform.baseUrl, 'GET', `${AGENT}/tasks/${taskId}`, { headers: headers.approver });
    expect(got.status).toBe(200);
    expect(got.body.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
  });

  it('is refused (PermissionDenied, naming the operation) every push-config operation and cancel, on both bindings', async () => {
    const b = platform.baseUrl;
    const h = headers.approver;
    const attempts: Array<[string, () => Promise<Reply>, RegExp]> = [
      ['REST create', () => call(b, 'POST', `${AGENT}/tasks/${taskId}/pushNotificationConfigs`, { headers: h, body: { url: hookUrl } }), /push notification configs/],
      ['REST list', () => call(b, 'GET', `${AGENT}/tasks/${taskId}/pushNotificationConfigs`, { headers: h }), /push notification configs/],
      ['REST get', () => call(b, 'GET', `${AGENT}/tasks/${taskId}/pushNotificationConfigs/${CONFIG_ID}`, { headers: h }), /push notification configs/],
      ['REST delete', () => call(b, 'DELETE', `${AGENT}/tasks/${taskId}/pushNotificationConfigs/${CONFIG_ID}`, { headers: h }), /push notification configs/],
      ['REST cancel', () => call(b, 'POST', `${AGENT}/tasks/${taskId}:cancel`, { headers: h, body: {} }), /cancel/],
      ['JSON-RPC get', () => rpc(b, AGENT, 'GetTaskPushNotificationConfig', { taskId, id: CONFIG_ID }, { headers: h }), /push notification configs/],
      ['JSON-RPC list', () => rpc(b, AGENT, 'ListTaskPushNotificationConfigs', { taskId }, { headers: h }), /push notification configs/],
      ['JSON-RPC cancel', () => rpc(b, AGENT, 'CancelTask', { id: taskId }, { headers: h }), /cancel/],
      ['JSON-RPC 0.3 get', () => rpc(b, AGENT, 'tasks/pushNotificationConfig/get', { id: taskId, pushNotificationConfigId: CONFIG_ID }, { headers: h, version: '0.3' }), /push notification configs/],
      ['REST send with a webhook', () =>
        call(b, 'POST', `${AGENT}/message:send`, {
          headers: h,
          body: {
            message: { messageId: `sneaky-${Date.now()}`, role: 'ROLE_USER', taskId, parts: [{ data: { decision: 'approve', reason: 'ok' } }] },
            configuration: { returnImmediately: true, taskPushNotificationConfig: { url: hookUrl } },
          },
        }), /push notification configs/],
    ];
    for (const [name, run, what] of attempts) {
      const reply = await run();
      expectDenied(name, reply, what);
      expect([name, reply.text]).not.toEqual([name, expect.stringContaining(HOOK_TOKEN)]);
      expect([name, reply.text]).not.toEqual([name, expect.stringContaining(HOOK_CREDENTIALS)]);
    }
    const refusals = logs.audit('authorization-refused').filter((r) => r.taskId === taskId && r.reason === 'not-task-owner');
    expect(new Set(refusals.map((r) => r.operation))).toEqual(new Set(['push-config', 'cancel']));
    expect(refusals.every((r) => r.tenant === TENANT && r.subject === 'bob')).toBe(true);
  });

  it('left the task as it was: still waiting, the owner’s one webhook intact, no decision taken', async () => {
    const got = await call(platform.baseUrl, 'GET', `${AGENT}/tasks/${taskId}?historyLength=50`, { headers: headers.owner });
    expect(got.body.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    expect(got.body.history.map((m: { messageId: string }) => m.messageId).some((id: string) => id.startsWith('sneaky-'))).toBe(false);
    const listed = await call(platform.baseUrl, 'GET', `${AGENT}/tasks/${taskId}/pushNotificationConfigs`, { headers: headers.owner });
    expect(listed.body.configs.map((c: { id: string }) => c.id)).toEqual([CONFIG_ID]);
  });

  it('may still decide: the approval is accepted and the task completes', async () => {
    const reply = await call(platform.baseUrl, 'POST', `${AGENT}/message:send`, {
      headers: headers.approver,
      body: { message: { messageId: `decide-${Date.now()}`, role: 'ROLE_USER', taskId, parts: [{ data: { decision: 'approve', reason: 'checked' } }] } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.task.status.state).toBe('TASK_STATE_COMPLETED');
  });
});

describe('webhook secrets', () => {
  it('are never answered in clear, not even to the owner: create, get and list omit token and credentials', async () => {
    const taskId = await waitingTask();
    const b = platform.baseUrl;
    const h = headers.owner;
    const created = await call(b, 'POST', `${AGENT}/tasks/${taskId}/pushNotificationConfigs`, {
      headers: h,
      body: { id: 'second', url: hookUrl, token: HOOK_TOKEN, authentication: { scheme: 'Bearer', credentials: HOOK_CREDENTIALS } },
    });
    const got = await call(b, 'GET', `${AGENT}/tasks/${taskId}/pushNotificationConfigs/${CONFIG_ID}`, { headers: h });
    const listed = await call(b, 'GET', `${AGENT}/tasks/${taskId}/pushNotificationConfigs`, { headers: h });
    const rpcGot = await rpc(b, AGENT, 'GetTaskPushNotificationConfig', { taskId, id: CONFIG_ID }, { headers: h });
    const v03 = await rpc(b, AGENT, 'tasks/pushNotificationConfig/list', { id: taskId }, { headers: h, version: '0.3' });
    expect(created.status).toBe(201);
    expect(got.body).toMatchObject({ id: CONFIG_ID, url: hookUrl, authentication: { scheme: 'Bearer' } });
    expect(listed.body.configs.map((c: { id: string }) => c.id).sort()).toEqual([CONFIG_ID, 'second']);
    expect(rpcGot.body.result).toMatchObject({ id: CONFIG_ID, url: hookUrl });
    expect(v03.body.result).toHaveLength(2);
    for (const reply of [created, got, listed, rpcGot, v03]) {
      expect(reply.text).not.toContain(HOOK_TOKEN);
      expect(reply.text).not.toContain(HOOK_CREDENTIALS);
    }
  }, 120_000);
});

describe('the operator role', () => {
  it('may list the tenant’s tasks and the owner’s push configs, and cancel the task in its own tenant; the cancel is audited with who and why', async () => {
    const taskId = await waitingTask();
    const b = platform.baseUrl;
    const foreign = await call(b, 'POST', `${AGENT}/tasks/${taskId}:cancel`, { headers: headers.foreignOperator, body: {} });
    expect(foreign.status).toBe(404);
    const listed = await call(b, 'GET', `${AGENT}/tasks/${taskId}/pushNotificationConfigs`, { headers: headers.operator });
    expect(listed.status).toBe(200);
    expect(listed.body.configs.map((c: { id: string }) => c.id)).toEqual([CONFIG_ID]);
    // The tenant has older tasks too: wait for this one (a listing that never shows it fails here).
    const listsTask = (r: Reply) => r.body.tasks?.some((t: { id: string }) => t.id === taskId);
    await eventuallyListed('the owner’s task in the operator’s listing', () => call(b, 'GET', `${AGENT}/tasks`, { headers: headers.operator }), listsTask);
    const canceled = await call(b, 'POST', `${AGENT}/tasks/${taskId}:cancel`, {
      headers: { ...headers.operator, 'X-Request-Id': 'operator-cancel-1' },
      body: { metadata: { reason: 'submitted twice by mistake' } },
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status.state).toBe('TASK_STATE_CANCELED');
    expect(logs.audit('task-cancel').filter((r) => r.taskId === taskId)).toEqual([
      expect.objectContaining({ requestId: 'operator-cancel-1', tenant: TENANT, subject: 'olga', agentId: 'document-verifier', reason: 'submitted twice by mistake', outcome: 'canceled' }),
    ]);
  }, 120_000);
});

describe('the owner', () => {
  it('cancels without a reason, and the cancel is audited all the same', async () => {
    const taskId = await waitingTask();
    const canceled = await rpc(platform.baseUrl, AGENT, 'CancelTask', { id: taskId }, { headers: headers.owner });
    expect(canceled.body.result.status.state).toBe('TASK_STATE_CANCELED');
    expect(logs.audit('task-cancel').filter((r) => r.taskId === taskId)).toEqual([
      expect.objectContaining({ tenant: TENANT, subject: 'alice', outcome: 'canceled', stateBefore: 'input-required' }),
    ]);
    expect(logs.raw()).not.toContain(HOOK_TOKEN);
    expect(logs.raw()).not.toContain(HOOK_CREDENTIALS);
  }, 120_000);
});
