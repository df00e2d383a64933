// Approver notifications and signed decision links on the real stack: a webhook receiver and an SMTP
// server on 127.0.0.1 get the request, the reminder, the escalation (the escalation group's channel)
// and the decision, signed and with links; a failing webhook is retried, then recorded; the link opens
// the inbox, decides only with an authenticated approver, and only once.
import { verifyNotificationSignature } from '../../src/approval-notifications/webhook-signature';
import { approvalIdOf } from '../../src/decision-links/decision-link-claims';
import { createDecisionLinks } from '../../src/decision-links/decision-link-token';
import { samplePdf, sampleInconsistentInvoice } from '../../src/documents/samples';
import { installSdkLogging } from '../../src/temporal/sdk-logging';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { captureLogs } from '../security/support/log-capture';
import { step } from '../support/fake-openai';
import { APPROVER, SENIOR, STRANGER, SUBMITTER, dataOfArtifact, dataPart, filePart, startDocumentStack, type Stack } from './support/document-stack';
import { startReceiver, startSmtp, type Received } from './support/notification-receivers';

// Before the platform starts, so the workflows' audit records reach this logger.
const logs = captureLogs('warn');
installSdkLogging(logs.logger);

const AGENT = 'verifier-notify';
const CONTINUING = 'verifier-notify-continuing';
const LINK_SECRET = 'a-decision-link-secret-of-32-chars!!';
const SECRETS = { approvers: 'approvers-hook-secret-0123', seniors: 'seniors-hook-secret-01234' };

let stack: Stack;
let hooks: Awaited<ReturnType<typeof startReceiver>>;
let flaky: Awaited<ReturnType<typeof startReceiver>>;
let down: Awaited<ReturnType<typeof startReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let slow: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  hooks = await startReceiver(() => 204);
  // Fails each delivery's first attempt: the retry must bring the same delivery id.
  flaky = await startReceiver((request, seen) => (seen.some((s) => s.json.deliveryId === request.json.deliveryId) ? 200 : 503));
  down = await startReceiver(() => 500);
  smtp = await startSmtp();
  slow = await startReceiver(() => 200);
  stack = await startDocumentStack({
    logger: logs.logger,
    platform: {
      decisionLinks: { secret: LINK_SECRET },
      notifications: { secrets: SECRETS, smtp: { url: smtp.url, from: 'approvals@example.test' } },
    },
    agents: {
      // Continues as new as soon as the approval waits: the hand-off must wait for the notification.
      [CONTINUING]: {
        extends: 'document-verifier',
        settings: {
          continueAsNewAfterEvents: 20,
          approvalReminderAfter: '1h',
          approvalEscalateAfter: '2h',
          approvalNotifications: { approver: [{ type: 'webhook', url: `${slow.url}/approvers`, secret: 'approvers' }] },
        },
      },
      [AGENT]: {
        extends: 'document-verifier',
        settings: {
          modelStep: { heartbeatTimeoutMs: 2_000, retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000 } },
          approvalReminderAfter: '300ms',
          approvalEscalateAfter: '1s',
          escalationAction: 'reassign',
          approvalExpireAfter: '1h',
          pushRetry: { initialIntervalMs: 100, maximumIntervalMs: 200, maximumAttempts: 3 },
          approvalNotifications: {
            approver: [
              { type: 'webhook', url: `${hooks.url}/approvers`, secret: 'approvers' },
              { type: 'webhook', url: `${flaky.url}/approvers`, secret: 'approvers' },
              { type: 'email', to: ['approvers@example.test'] },
            ],
            'senior-approver': [
              { type: 'webhook', url: `${hooks.url}/seniors`, secret: 'seniors' },
              { type: 'webhook', url: `${down.url}/seniors`, secret: 'seniors' },
            ],
          },
        },
      },
    },
  });
  stack.model!.respondWith(() => step.text('Totals do not add up. Recommend: reject.'));
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await Promise.all([hooks?.close(), flaky?.close(), down?.close(), slow?.close(), smtp?.close()]);
});

async function until<T>(what: string, found: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await found();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const of = (taskId: string, event: string, path: string) => hooks.seen.find((r) => r.json.taskId === taskId && r.json.event === event && r.path === path);
const tokenOf = (request: Received) => String(request.json.links.decision).split('/inbox/links/')[1];
const answerWith = (taskId: string, principal: string, token: string, data: Record<string, unknown>, agent = AGENT) =>
  stack.rpc(agent, 'SendMessage', {
    message: { messageId: `m-${Math.random().toString(36).slice(2)}`, taskId, role: 'ROLE_USER', parts: [dataPart(data)], metadata: { decisionLink: token } },
    configuration: { returnImmediately: true },
  }, principal);

it('notifies each group with signed payloads and links, decides only through an approver, once, and audits it', async () => {
  const task = await stack.start(AGENT, [filePart(samplePdf(sampleInconsistentInvoice()), 'application/pdf', 'invoice-INV-2025-0043.pdf')]);
  await stack.waitForState(AGENT, task.id, 'input-required');
  const requested = await until('the request', () => of(task.id, 'approval-requested', '/approvers'));
  const reminder = await until('the reminder', () => of(task.id, 'approval-reminder', '/approvers'));
  const escalated = await until('the escalation', () => of(task.id, 'approval-escalated', '/seniors'));
  expect(of(task.id, 'approval-escalated', '/approvers')).toBeUndefined();

  for (const [request, secret] of [[requested, SECRETS.approvers], [reminder, SECRETS.approvers], [escalated, SECRETS.seniors]] as const) {
    const header = request.headers['x-a2a-signature'] as string;
    expect(verifyNotificationSignature({ secret, body: request.body, header, nowSeconds: Math.floor(Date.now() / 1000) })).toBe(true);
    expect(verifyNotificationSignature({ secret: 'not-the-secret-0123456789', body: request.body, header, nowSeconds: Math.floor(Date.now() / 1000) })).toBe(false);
    expect(request.headers['x-a2a-delivery']).toBe(request.json.deliveryId);
    expect(request.headers['x-a2a-event']).toBe(request.json.event);
  }
  expect(requested.json).toMatchObject({
    kind: 'approval-notification',
    version: 1,
    agentId: AGENT,
    taskId: task.id,
    recipients: { roles: ['approver'] },
    document: { name: 'invoice-INV-2025-0043.pdf', documentType: 'invoice' },
    decision: null,
    links: { task: `${stack.platform.baseUrl}/inbox/#/tasks/${AGENT}/${task.id}`, decision: expect.stringMatching(/\/inbox\/links\/v1\./) },
  });
  expect(escalated.json.recipients).toEqual({ roles: ['senior-approver'] });
  expect(tokenOf(escalated)).not.toBe(tokenOf(reminder));

  // The flaky receiver got each of its deliveries twice, the same delivery id both times.
  const flakyRequest = await until('the retried request', () => flaky.seen.filter((r) => r.json.taskId === task.id && r.json.event === 'approval-requested').length >= 2 || undefined);
  expect(flakyRequest).toBe(true);
  // The mail to the approvers carries the decision link.
  const mail = await until('the request mail', () => smtp.mails.find((m) => m.text.includes(task.id) && /Decision needed/.test(m.text)));
  expect(mail.to).toEqual(['approvers@example.test']);
  expect(mail.text.replace(/=\r?\n/g, '')).toContain('/inbox/links/v1.');

  // Opening the link: 302 to the inbox at the task; forged and expired links get a page saying why.
  const seniorToken = tokenOf(escalated);
  const opened = await fetch(`${stack.platform.baseUrl}/inbox/links/${seniorToken}`, { redirect: 'manual' });
  expect(opened.status).toBe(302);
  expect(opened.headers.get('location')).toBe(`/inbox/#/tasks/${AGENT}/${task.id}?link=${seniorToken}`);
  const forged = `${seniorToken.slice(0, -2)}${seniorToken.endsWith('AA') ? 'BB' : 'AA'}`;
  const refusedPage = await fetch(`${stack.platform.baseUrl}/inbox/links/${forged}`, { redirect: 'manual' });
  expect(refusedPage.status).toBe(400);
  expect(await refusedPage.text()).toContain('href="/inbox/"');
  const links = createDecisionLinks({ secret: LINK_SECRET });
  const claims = links.verify(seniorToken);
  if (!claims.ok) throw new Error('the link did not verify');
  const expired = createDecisionLinks({ secret: LINK_SECRET, now: () => 0 }).sign({ ...claims.claims, expiresAt: Date.now() - 1_000 });
  expect((await fetch(`${stack.platform.baseUrl}/inbox/links/${expired}`, { redirect: 'manual' })).status).toBe(410);

  // Refused before any decision: forged, expired, another task's, another approval's link.
  const approve = { decision: 'approve', reason: 'checked with the supplier' };
  for (const [token, why] of [
    [forged, 'not valid'],
    [expired, 'expired'],
    [links.sign({ ...claims.claims, taskId: 'another-task' }), 'another task'],
    [links.sign({ ...claims.claims, linkId: 'other', approvalId: approvalIdOf(1) }), 'another approval'],
  ] as const) {
    const reply = await answerWith(task.id, SENIOR, token, approve);
    expect(reply.error).toMatchObject({ code: -32602, message: expect.stringContaining('metadata.decisionLink') });
    expect(reply.error?.message).toContain(why);
  }
  // The link never decides by itself: a stranger holding it cannot even see the task, and the
  // submitter (who can) is refused by the four-eyes rule as without a link.
  const stranger = await answerWith(task.id, STRANGER, seniorToken, approve);
  expect(stranger.error).toMatchObject({ message: expect.stringContaining('Task not found') });
  expect((await answerWith(task.id, SUBMITTER, seniorToken, approve)).error).toBeUndefined();
  expect((await stack.waitForState(AGENT, task.id, 'input-required')).status.message.parts[0].text).toContain('alice does not hold an approver role');

  // The senior approver decides with the link: the record and the audit say so.
  expect((await answerWith(task.id, SENIOR, seniorToken, approve)).error).toBeUndefined();
  const done = await stack.waitForSettled(AGENT, task.id);
  expect(done.status.state).toBe('TASK_STATE_COMPLETED');
  expect(dataOfArtifact(done, 'verification-result').approval.decision).toMatchObject({ decision: 'approve', decidedBy: { subject: 'carol' }, decisionLink: claims.claims.linkId });
  const decided = await until('the decision notifications', () => of(task.id, 'approval-decided', '/seniors'));
  expect(decided.json.decision).toMatchObject({ decision: 'approve', decidedBy: 'carol', decisionLink: claims.claims.linkId });
  expect(of(task.id, 'approval-decided', '/approvers')).toBeDefined();

  // Used once: the same link cannot decide again.
  const again = await answerWith(task.id, SENIOR, seniorToken, { decision: 'reject', reason: 'second thoughts' });
  expect(again.error).toBeDefined();

  const decisions = logs.audit('approval-decision').filter((l) => l.taskId === task.id);
  expect(decisions).toContainEqual(expect.objectContaining({ outcome: 'accepted', via: 'decision-link', decisionLink: claims.claims.linkId }));
  expect(decisions).toContainEqual(expect.objectContaining({ outcome: 'refused', decisionLink: 'other', reason: 'the decision link was issued for another approval of this task' }));
  expect(logs.audit('decision-link')).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ outcome: 'opened', linkId: claims.claims.linkId, taskId: task.id }),
      expect.objectContaining({ outcome: 'expired', taskId: task.id }),
    ]),
  );
  // A forged link is anonymous noise: counted in a throttled warning, not audited.
  expect(logs.audit('decision-link')).not.toContainEqual(expect.objectContaining({ outcome: 'invalid' }));
  expect(logs.audit('authorization-refused')).toContainEqual(
    expect.objectContaining({ reason: 'decision-link-refused', subject: 'carol', taskId: task.id, detail: expect.stringContaining('another task') }),
  );
  const deliveries = logs.audit('approver-notification').filter((l) => l.taskId === task.id);
  expect(deliveries).toContainEqual(expect.objectContaining({ event: 'approval-requested', outcome: 'delivered' }));
  expect(deliveries).toContainEqual(expect.objectContaining({ outcome: 'retryable', channel: `${flaky.url}/approvers` }));
  // The receiver that is always down: retried to the limit, then recorded as failed.
  expect(down.seen.filter((r) => r.json.taskId === task.id && r.json.event === 'approval-escalated')).toHaveLength(3);
  expect(deliveries).toContainEqual(expect.objectContaining({ event: 'approval-escalated', outcome: 'failed' }));
  // No secret or token in any log line.
  for (const secret of [...Object.values(SECRETS), LINK_SECRET, seniorToken]) expect(logs.raw()).not.toContain(secret);
}, 90_000);

it('a task that continues as new while a notification is in flight hands off after its result, and decides by link in the next run', async () => {
  slow.holdMs = 1_500;
  const task = await stack.start(CONTINUING, [filePart(samplePdf(sampleInconsistentInvoice()), 'application/pdf', 'invoice-INV-2025-0043.pdf')]);
  const handle = stack.platform.client.workflow.getHandle(taskWorkflowId(task.id));
  const firstRunId = (await handle.describe()).runId;
  const requested = await until('the request', () => slow.seen.find((r) => r.json.taskId === task.id));
  await until('the hand-off', async () => (await handle.describe()).runId !== firstRunId || undefined);
  const first = await stack.platform.client.workflow.getHandle(taskWorkflowId(task.id), firstRunId).fetchHistory();
  const scheduled = (first.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyApprover').map((e) => Number(e.eventId));
  const completed = (first.events ?? []).filter((e) => e.activityTaskCompletedEventAttributes).map((e) => Number(e.activityTaskCompletedEventAttributes!.scheduledEventId));
  expect(scheduled).toHaveLength(1);
  expect(completed).toContain(scheduled[0]);
  expect((first.events ?? []).at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeDefined();

  // The submitter's webhook sees the task go on after the decision.
  const pushed = await fetch(`${stack.platform.baseUrl}/agents/${CONTINUING}/tasks/${task.id}/pushNotificationConfigs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0', 'x-test-principal': SUBMITTER },
    body: JSON.stringify({ taskId: task.id, url: `${hooks.url}/push` }),
  });
  expect(pushed.status).toBe(201);

  const token = tokenOf(requested);
  const linkId = requested.json.deliveryId.split('.')[0];
  expect((await answerWith(task.id, APPROVER, token, { decision: 'approve', reason: 'fine' }, CONTINUING)).error).toBeUndefined();
  const done = await stack.waitForSettled(CONTINUING, task.id);
  expect(dataOfArtifact(done, 'verification-result').approval.decision).toMatchObject({ decisionLink: linkId });
  // The token, a credential for days, stays in the API: history (GetTask, webhooks) names the link by id.
  const decision = (done.history ?? []).find((m: { metadata?: Record<string, unknown> }) => m.metadata?.decisionLinkId !== undefined);
  expect(decision?.metadata).toEqual({ decisionLinkId: linkId });
  expect(JSON.stringify(done)).not.toContain(token);
  const pushes = await until('the final push', () => {
    const bodies = hooks.seen.filter((r) => r.path === '/push' && r.body.includes(task.id));
    return bodies.some((r) => r.body.includes('TASK_STATE_COMPLETED')) ? bodies : undefined;
  });
  expect(pushes.some((r) => r.body.includes(linkId))).toBe(true);
  for (const push of pushes) expect(push.body).not.toContain(token);
}, 60_000);
