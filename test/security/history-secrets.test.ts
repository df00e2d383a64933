// Secrets out of Temporal history, on the real stack: with the payload codec on, a task whose message,
// document bytes, push token and push credentials are secret runs to completion (the webhook receives
// the credentials, GetTask shows the text), while the raw history and visibility records read straight
// from the gRPC service contain none of them; search attributes hold digests only. Without the codec
// the same secrets are there in clear (so the check can fail). Keys rotate: a task started under the
// old key finishes after a restart with a new active key, its history holding payloads of both.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { PayloadCodec } from '@temporalio/common';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { createEncryptionCodec } from '../../src/codec/encryption-codec';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { silentLogger } from '../support/embedded-temporal-harness';
import { eventuallyListed } from '../support/eventually-listed';
import { startTestPlatform } from '../support/platform-harness';
import { bearer, testAuthenticator } from './support/auth-fixtures';
import { call } from './support/http';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;

const SECRET_TEXT = 'The account password is Zebra-Quartz-4471';
const SECRET_ANSWER = 'Approved by Ophelia Thistlewood';
const SECRET_TOKEN = 'push-token-Kq8mW2vX';
const SECRET_CREDENTIALS = 'webhook-credential-Rf5TyU9p';
const SECRET_DOCUMENT = Buffer.from('%PDF-1.4 salary 98765 IBAN DE89370400440532013000');
const TENANT = 'tenant-Hq2';
const SUBJECT = 'subject-Vw7';

const key = (id: string) => ({ id, key: new Uint8Array(randomBytes(32)) });
const received: http.IncomingHttpHeaders[] = [];
let receiver: http.Server;
let hookUrl: string;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    received.push(req.headers);
    req.resume().on('end', () => res.writeHead(req.url?.includes('fail') ? 500 : 200).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

async function start(options: { codec?: PayloadCodec; dataDir?: string; taskQueue?: string }): Promise<Started> {
  return startTestPlatform({
    authenticator: testAuthenticator().authenticator,
    // One push attempt: a failing webhook leaves its activity failure in history at once.
    agents: createAgentRegistry({ config: { agents: { conformance: { settings: { pushRetry: { maximumAttempts: 1, initialIntervalMs: 10 } } } } } }),
    ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
    temporal: { embedded: { port: 0, logger: silentLogger(), ...(options.dataDir ? { dataDir: options.dataDir } : {}) }, payloadCodec: options.codec },
    // No sticky cache: a restarted worker replays from history at once.
    worker: { maxCachedWorkflows: 0 },
  });
}

/** Everything Temporal stores for the task (its history and its visibility record), as raw protobuf bytes. */
async function storedBytes(platform: Started, taskId: string): Promise<Buffer> {
  const { workflowService } = platform.client;
  const namespace = platform.temporal.namespace;
  const history = await workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId: taskWorkflowId(taskId) } });
  const listed = await listedWith(platform, taskId);
  return Buffer.concat([
    temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(history).finish(),
    temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.encode(listed).finish(),
  ]);
}

/** The task's visibility record, once listed (visibility lags its writes). */
function listedWith(platform: Started, taskId: string) {
  const { workflowService } = platform.client;
  return eventuallyListed(
    'the task’s visibility record',
    () => workflowService.listWorkflowExecutions({ namespace: platform.temporal.namespace, query: `WorkflowId = '${taskWorkflowId(taskId)}'` }),
    (listed) => listed.executions.length > 0,
  );
}

const SECRETS = [SECRET_TEXT, SECRET_ANSWER, SECRET_TOKEN, SECRET_CREDENTIALS, TENANT, SUBJECT];
const leaked = (bytes: Buffer) => [
  ...SECRETS.filter((s) => bytes.includes(s)),
  ...(bytes.includes(SECRET_DOCUMENT) ? ['document bytes'] : []),
  ...(bytes.includes(SECRET_DOCUMENT.toString('base64')) ? ['document base64'] : []),
];

/** A task that waits for input, with a secret message, document and push config; then the secret answer. */
async function runSecretTask(platform: Started): Promise<string> {
  const auth = await bearer({ subject: SUBJECT, tenant: TENANT });
  const sent = await call(platform.baseUrl, 'POST', '/agents/conformance/message:send', {
    headers: auth,
    body: {
      message: {
        messageId: `tck-input-required-${randomBytes(4).toString('hex')}`,
        role: 'ROLE_USER',
        parts: [{ text: SECRET_TEXT }, { raw: SECRET_DOCUMENT.toString('base64'), mediaType: 'application/pdf', filename: 'payslip.pdf' }],
      },
      configuration: { taskPushNotificationConfig: { url: hookUrl, token: SECRET_TOKEN, authentication: { scheme: 'Bearer', credentials: SECRET_CREDENTIALS } } },
    },
  });
  expect(sent.body.task?.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
  return sent.body.task.id;
}

async function answer(platform: Started, taskId: string): Promise<void> {
  const auth = await bearer({ subject: SUBJECT, tenant: TENANT });
  const done = await call(platform.baseUrl, 'POST', '/agents/conformance/message:send', {
    headers: auth,
    body: { message: { messageId: `answer-${randomBytes(4).toString('hex')}`, taskId, role: 'ROLE_USER', parts: [{ text: SECRET_ANSWER }] } },
  });
  expect(done.body.task?.status.state).toBe('TASK_STATE_COMPLETED');
  // The run may still be delivering its last webhook; a GetTask whose query a busy worker does not
  // answer within READ_QUERY_WAIT_MS answers from the published copy (no history), so read until the
  // task itself answers.
  let got = await call(platform.baseUrl, 'GET', `/agents/conformance/tasks/${taskId}`, { headers: auth });
  for (let tries = 0; got.body.metadata?.['a2a-temporal/published'] !== undefined && tries < 20; tries++) {
    await new Promise((r) => setTimeout(r, 500));
    got = await call(platform.baseUrl, 'GET', `/agents/conformance/tasks/${taskId}`, { headers: auth });
  }
  expect(JSON.stringify(got.body.history)).toContain(SECRET_TEXT);
  expect(JSON.stringify(got.body.history)).toContain(SECRET_ANSWER);
}

/** A task whose only push delivery fails for good: its history ends up holding an activity failure. */
async function runFailingPush(platform: Started): Promise<Buffer> {
  const sent = await call(platform.baseUrl, 'POST', '/agents/conformance/message:send', {
    headers: await bearer({ subject: SUBJECT, tenant: TENANT }),
    body: {
      message: { messageId: `tck-complete-task-${randomBytes(4).toString('hex')}`, role: 'ROLE_USER', parts: [{ text: 'go' }] },
      configuration: { taskPushNotificationConfig: { url: `${hookUrl}/fail`, token: SECRET_TOKEN } },
    },
  });
  const taskId = sent.body.task.id as string;
  for (let i = 0; i < 400; i++) {
    const bytes = await storedBytes(platform, taskId);
    if (bytes.includes('deliverPushNotification') && (bytes.includes('PushDeliveryFailed') || bytes.includes('webhook answered'))) {
      const history = await platform.client.workflowService.getWorkflowExecutionHistory({
        namespace: platform.temporal.namespace,
        execution: { workflowId: taskWorkflowId(taskId) },
      });
      if (history.history?.events?.some((e) => e.activityTaskFailedEventAttributes)) return bytes;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the push activity never failed');
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !predicate(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!predicate()) throw new Error(`timed out waiting for ${what}`);
}

describe('with payload encryption', () => {
  let platform: Started;
  beforeAll(async () => {
    platform = await start({ codec: createEncryptionCodec({ keys: [key('history-test-key')] }) });
  }, 120_000);
  afterAll(() => platform?.close());

  it('the task works end to end, and history and visibility hold none of its secrets', async () => {
    received.length = 0;
    const taskId = await runSecretTask(platform);
    await answer(platform, taskId);
    await waitFor(() => received.some((h) => h.authorization === `Bearer ${SECRET_CREDENTIALS}`), 'a push delivery with the credentials');
    expect(received.find((h) => h.authorization)?.['x-a2a-notification-token']).toBe(SECRET_TOKEN);

    const bytes = await storedBytes(platform, taskId);
    expect(bytes.includes('binary/encrypted')).toBe(true);
    expect(leaked(bytes)).toEqual([]);
  });

  it('activity failure messages are encrypted too', async () => {
    const bytes = await runFailingPush(platform);
    expect(bytes.includes('webhook answered 500')).toBe(false);
    expect(bytes.includes('Encoded failure')).toBe(true);
  });

  it('search attributes carry digests and closed values only', async () => {
    const listed = await listedWith(platform, await runSecretTask(platform));
    let checked = 0;
    for (const execution of listed.executions) {
      const fields = execution.searchAttributes?.indexedFields ?? {};
      const values = Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, Buffer.from(p.data ?? []).toString('utf8')]));
      for (const name of ['A2ATenant', 'A2AOwner', 'A2AContextId']) {
        expect(values[name]).toMatch(/^"[0-9a-f]{32}"$|^\["[0-9a-f]{32}"\]$/);
        checked++;
      }
    }
    expect(checked).toBe(3);
  });
});

describe('without payload encryption (the control)', () => {
  let platform: Started;
  beforeAll(async () => {
    platform = await start({});
  }, 120_000);
  afterAll(() => platform?.close());

  it('the same task leaves its message, document and push credentials in history in clear text', async () => {
    const taskId = await runSecretTask(platform);
    await answer(platform, taskId);
    const bytes = await storedBytes(platform, taskId);
    // The owner travels in the workflow input too: only the codec keeps tenant and subject out.
    expect(leaked(bytes)).toEqual(expect.arrayContaining([SECRET_TEXT, SECRET_ANSWER, SECRET_TOKEN, SECRET_CREDENTIALS, TENANT, SUBJECT, 'document base64']));
  });

  it('and activity failure messages in clear text', async () => {
    expect((await runFailingPush(platform)).includes('webhook answered 500')).toBe(true);
  });
});

describe('key rotation', () => {
  it('a task started under the old key completes after a restart with a new active key', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rotation-'));
    const taskQueue = `rotation-${process.pid}-${Date.now()}`;
    const old = key('key-2029-old');
    const fresh = key('key-2030-new');

    const before = await start({ codec: createEncryptionCodec({ keys: [old] }), dataDir, taskQueue });
    let taskId: string;
    try {
      taskId = await runSecretTask(before);
    } finally {
      await before.close();
    }

    const after = await start({ codec: createEncryptionCodec({ keys: [fresh, old], activeKeyId: fresh.id }), dataDir, taskQueue });
    try {
      await answer(after, taskId);
      const bytes = await storedBytes(after, taskId);
      expect(bytes.includes(old.id)).toBe(true);
      expect(bytes.includes(fresh.id)).toBe(true);
      expect(leaked(bytes)).toEqual([]);
    } finally {
      await after.close();
    }
  }, 120_000);
});
