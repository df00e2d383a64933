// The approvals API on the real stack (embedded engine, worker, tool server, JWT authentication): a
// document-verifier task waiting for approval is listed, live, for a principal holding the role it
// grants, never for a plain user or another tenant's approver; the submitter finds it among their
// submissions. Listing is eventually consistent, so every expectation on a listing reads until it
// has caught up (the strict lane delays visibility by 2 s).
import { sampleInconsistentInvoice, samplePdf } from '../../src/documents/samples';
import { openSse, type SseConnection } from '../support/a2a-sse';
import { eventuallyListed } from '../support/eventually-listed';
import { startTestPlatform } from '../support/platform-harness';
import { bearer, testAuthenticator, type TestPrincipal } from '../security/support/auth-fixtures';
import { call } from '../security/support/http';

const OWNER: TestPrincipal = { subject: 'alice', tenant: 'acme' };
const APPROVER: TestPrincipal = { subject: 'bob', tenant: 'acme', roles: ['approver'] };
const FOREIGN_APPROVER: TestPrincipal = { subject: 'bob', tenant: 'elsewhere', roles: ['approver'] };
const SCOPELESS_APPROVER: TestPrincipal = { subject: 'carol', tenant: 'acme', roles: ['approver'], scopes: ['a2a:agents:echo'] };
const AGENT = '/agents/document-verifier';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  platform = await startTestPlatform({
    authenticator: testAuthenticator().authenticator,
    toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
    inbox: { approvalsPollMs: 200 },
  });
  const principals = { owner: OWNER, approver: APPROVER, foreign: FOREIGN_APPROVER, scopeless: SCOPELESS_APPROVER };
  for (const [name, p] of Object.entries(principals)) headers[name] = await bearer(p);
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

async function submitRiskyInvoice(): Promise<string> {
  const file = { raw: Buffer.from(samplePdf(sampleInconsistentInvoice())).toString('base64'), mediaType: 'application/pdf', filename: 'invoice.pdf' };
  const sent = await call(platform.baseUrl, 'POST', `${AGENT}/message:send`, {
    headers: headers.owner,
    body: { message: { messageId: `inbox-api-${Date.now()}-${Math.random()}`, role: 'ROLE_USER', parts: [file] }, configuration: { returnImmediately: true } },
  });
  expect(sent.status).toBe(200);
  return sent.body.task.id as string;
}

const pending = (who: string) => call(platform.baseUrl, 'GET', '/approvals/pending', { headers: headers[who], version: null });
const ids = (body: { items: Array<{ taskId: string }> }) => body.items.map((i) => i.taskId);

/** Frames of the feed until one satisfies `done` (heartbeats skipped). */
async function feedUntil(feed: SseConnection, done: (body: { items: Array<{ taskId: string }> }) => boolean) {
  for (;;) {
    const frame = await feed.next();
    if (!frame) throw new Error('the feed ended');
    if (frame.data && done(JSON.parse(frame.data))) return JSON.parse(frame.data);
  }
}

describe('pending approvals', () => {
  let taskId: string;
  let feed: SseConnection;

  beforeAll(async () => {
    // Opened before the task exists: what it later shows arrived live.
    feed = await openSse(`${platform.baseUrl}/approvals/pending/stream`, { headers: headers.approver });
    taskId = await submitRiskyInvoice();
  }, 60_000);

  afterAll(() => feed?.disconnect());

  it('the live feed shows the approver the waiting task, with counts', async () => {
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/text\/event-stream/);
    const body = await feedUntil(feed, (b) => ids(b).includes(taskId));
    const item = body.items.find((i: { taskId: string }) => i.taskId === taskId);
    expect(item).toMatchObject({ agentId: 'document-verifier', state: 'input-required', submittedBy: 'alice', ownSubmission: false, grantedRoles: ['approver'] });
    expect(body.counts.total).toBe(body.items.length);
    expect(body.counts.byAgent['document-verifier']).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('lists it for the approver, newest first', async () => {
    const listed = await eventuallyListed('the waiting task', () => pending('approver'), (r) => ids(r.body).includes(taskId));
    expect(listed.status).toBe(200);
    const times = listed.body.items.map((i: { updatedAt: string }) => i.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('shows nothing to decide to the submitter without the role, another tenant’s approver, or an approver without the agent’s scope', async () => {
    // The approver's listing has caught up (above), so an empty answer here is not visibility lag.
    await eventuallyListed('the waiting task', () => pending('approver'), (r) => ids(r.body).includes(taskId));
    for (const who of ['owner', 'foreign', 'scopeless']) {
      const reply = await pending(who);
      expect([who, reply.status, reply.body.items, reply.body.counts.total]).toEqual([who, 200, [], 0]);
    }
  });

  it('leaves out the approver’s own waiting task that grants no role (input-required is not an approval)', async () => {
    const sent = await call(platform.baseUrl, 'POST', '/agents/conformance/message:send', {
      headers: headers.approver,
      body: { message: { messageId: `tck-input-required-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'ask me' }] }, configuration: { returnImmediately: true } },
    });
    const ownId = sent.body.task.id as string;
    const submissions = () => call(platform.baseUrl, 'GET', '/approvals/submissions', { headers: headers.approver, version: null });
    // Listed as waiting among the approver's submissions: visibility has caught up with it.
    await eventuallyListed('the waiting conformance task', submissions, (r) => r.body.items.some((i: { taskId: string; state: string }) => i.taskId === ownId && i.state === 'input-required'));
    expect(ids((await pending('approver')).body)).not.toContain(ownId);
  });

  it('lists it among the submitter’s submissions only', async () => {
    const submissions = (who: string) => call(platform.baseUrl, 'GET', '/approvals/submissions', { headers: headers[who], version: null });
    const mine = await eventuallyListed('the submission', () => submissions('owner'), (r) => ids(r.body).includes(taskId));
    expect(mine.body.counts.byState['input-required']).toBeGreaterThanOrEqual(1);
    expect(ids((await submissions('approver')).body)).not.toContain(taskId);
  });

  it('asks for credentials', async () => {
    const reply = await call(platform.baseUrl, 'GET', '/approvals/pending', { version: null });
    expect(reply.status).toBe(401);
  });

  it('once decided, the task leaves the live feed', async () => {
    const decided = await call(platform.baseUrl, 'POST', `${AGENT}/message:send`, {
      headers: headers.approver,
      body: { message: { messageId: `decision-${taskId}`, taskId, role: 'ROLE_USER', parts: [{ data: { decision: 'approve', reason: 'checked by hand' } }] } },
    });
    expect(decided.body.status?.state ?? decided.body.task?.status?.state).toBe('TASK_STATE_COMPLETED');
    await feedUntil(feed, (b) => !ids(b).includes(taskId));
  }, 60_000);
});
