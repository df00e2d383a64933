// Audit records on the real stack: a task start names who, which agent, the task and its context; push
// delivery attempts are recorded per attempt; and no audit record (no log line at all) carries the
// bearer token, the push token or the push credentials.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestPlatform } from '../support/platform-harness';
import { testAuthenticator, tokenFor } from './support/auth-fixtures';
import { call } from './support/http';
import { captureLogs, type CapturedLogs } from './support/log-capture';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;

const PUSH_TOKEN = 'audit-push-token-3Fz9';
const PUSH_CREDENTIALS = 'audit-push-credentials-Lm4q';

let platform: Started;
let logs: CapturedLogs;
let receiver: http.Server;
let hookUrl: string;
let deliveries = 0;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    deliveries++;
    req.resume().on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  logs = captureLogs();
  platform = await startTestPlatform({ authenticator: testAuthenticator().authenticator, logger: logs.logger });
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !predicate(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!predicate()) throw new Error(`timed out waiting for ${what}`);
}

it('records the task start and every push delivery attempt, and no line carries a credential', async () => {
  const token = await tokenFor({ subject: 'auditee', tenant: 'audit-tenant' });
  const messageId = `tck-complete-task-audit-${Date.now()}`;
  const sent = await call(platform.baseUrl, 'POST', '/agents/conformance/message:send', {
    headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': 'audit-req-1' },
    body: {
      message: { messageId, role: 'ROLE_USER', parts: [{ text: 'go' }] },
      configuration: { taskPushNotificationConfig: { id: 'audit-hook', url: hookUrl, token: PUSH_TOKEN, authentication: { scheme: 'Bearer', credentials: PUSH_CREDENTIALS } } },
    },
  });
  const task = sent.body.task;
  expect(task.status.state).toBe('TASK_STATE_COMPLETED');

  expect(logs.audit('task-start')).toEqual([
    expect.objectContaining({
      audit: 'task-start',
      at: expect.any(String),
      requestId: 'audit-req-1',
      tenant: 'audit-tenant',
      subject: 'auditee',
      agentId: 'conformance',
      taskId: task.id,
      contextId: task.contextId,
      messageId,
    }),
  ]);

  await waitFor(() => logs.audit('push-delivery').some((r) => r.outcome === 'delivered'), 'a push delivery record');
  for (const record of logs.audit('push-delivery')) {
    expect(record).toMatchObject({ taskId: task.id, configId: 'audit-hook', attempt: expect.any(Number), seq: expect.any(Number) });
  }
  expect(deliveries).toBeGreaterThanOrEqual(1);

  // pino writes every child binding, so a record made from a child logger repeated `component`.
  const repeated = logs.raw().split('\n').filter((line) => (line.match(/"component":/g) ?? []).length > 1);
  expect(repeated).toEqual([]);
  expect(logs.audit('push-delivery')[0]).toMatchObject({ component: 'audit' });

  const everything = logs.raw();
  expect(everything).not.toContain(token);
  expect(everything).not.toContain(PUSH_TOKEN);
  expect(everything).not.toContain(PUSH_CREDENTIALS);
});
