// The document-verifier agent on the real stack (embedded engine, worker, API, the document tool
// server over HTTP, the fake model on loopback): verification with and without a person's decision,
// approvals, rejections, refusals, escalation by timeout, a corrupt PDF, a rate-limited model, and
// cancel during a model step.
import { samplePdf, sampleInconsistentInvoice, sampleInvoice } from '../../src/documents/samples';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { step } from '../support/fake-openai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  APPROVER,
  SENIOR,
  STRANGER,
  SUBMITTER,
  artifactOf,
  dataOfArtifact,
  dataPart,
  filePart,
  startDocumentStack,
  statusData,
  textOf,
  textPart,
  type Stack,
} from './support/document-stack';

const AGENT = 'document-verifier';
let stack: Stack;

// Short delays and quick retries for the tests; each agent extends the built-in verifier.
const quick = { modelStep: { heartbeatTimeoutMs: 2_000, retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000 } }, toolHeartbeatTimeout: '2s' };

beforeAll(async () => {
  stack = await startDocumentStack({
    agents: {
      'document-verifier': { settings: quick },
      'verifier-auto-reject': {
        extends: 'document-verifier',
        settings: { ...quick, approvalReminderAfter: '300ms', approvalEscalateAfter: '1s', escalationAction: 'auto-reject' },
      },
      'verifier-reassign': {
        extends: 'document-verifier',
        settings: { ...quick, approvalReminderAfter: '300ms', approvalEscalateAfter: '1s', escalationAction: 'reassign', approvalExpireAfter: '1h' },
      },
    },
  });
  stack.model!.respondWith(() => step.text('The document looks fine. Recommend: approve.'));
}, 120_000);
afterAll(() => stack?.close());

const invoice = () => filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice-INV-2025-0042.pdf');
const inconsistent = () => filePart(samplePdf(sampleInconsistentInvoice()), 'application/pdf', 'invoice-INV-2025-0043.pdf');

describe('a document below the risk threshold', () => {
  it('is verified without a person: result, report, summary and redacted copy as artifacts', async () => {
    const task = await stack.start(AGENT, [invoice(), textPart('Verify before payment.')]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    const result = dataOfArtifact(done, 'verification-result');
    expect(result).toMatchObject({ outcome: 'verified', risk: { requiresApproval: false }, document: { documentType: 'invoice', pageCount: 3 } });
    expect(textOf(artifactOf(done, 'verification-report').parts)).toContain('# Verification report: invoice-INV-2025-0042.pdf');
    expect(textOf(artifactOf(done, 'summary').parts)).toBe('The document looks fine. Recommend: approve.');
    expect(artifactOf(done, 'redacted-document').parts[0]).toMatchObject({ url: expect.any(String) });
    expect(done.metadata).toMatchObject({ verification: { outcome: 'verified' } });
  });
});

describe('the verification steps', () => {
  it('extract first, then the fingerprint with the checks in one round, and the redacted copy described by the redact result (no store lookup)', async () => {
    const task = await stack.start(AGENT, [invoice()]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    const history = await stack.platform.client.workflow.getHandle(taskWorkflowId(task.id)).fetchHistory();
    const rounds: string[][] = [];
    let round: string[] = [];
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) {
        const input = JSON.parse(Buffer.from(scheduled.input!.payloads![0].data!).toString('utf8'));
        round.push(scheduled.activityType?.name === 'callMcpTool' ? input.tool : scheduled.activityType!.name!);
      } else if (event.workflowTaskCompletedEventAttributes && round.length > 0) {
        rounds.push(round);
        round = [];
      }
    }
    if (round.length > 0) rounds.push(round);
    expect(rounds.map((r) => [...r].sort())).toEqual([
      ['extract_text'],
      ['check_consistency', 'check_required_fields', 'classify_document', 'detect_pii', 'fingerprint_document', 'redact'],
      ['callModel'],
    ]);
    const stored = await stack.store.stat(artifactOf(done, 'redacted-document').parts[0].url.match(/[0-9a-f]{32}/)?.[0] ?? '');
    expect(stored).toBeDefined();
  });
});

describe('a document above the risk threshold', () => {
  it('waits for an approver, who approves with a reason; the decision record says who, when and why', async () => {
    const task = await stack.start(AGENT, [inconsistent()]);
    const waiting = await stack.waitForState(AGENT, task.id, 'input-required');
    const request = statusData(waiting);
    expect(request).toMatchObject({
      kind: 'approval-request',
      turn: 'requested',
      allowedDecisions: ['approve', 'reject', 'request-changes'],
      approvers: { roles: ['approver'] },
      risk: { requiresApproval: true },
    });
    expect(request.findings.map((f: { code: string }) => f.code)).toContain('total-mismatch');
    const reply = await stack.answer(AGENT, task.id, [dataPart({ decision: 'approve', reason: 'totals confirmed with the supplier' })], APPROVER);
    expect(reply.error).toBeUndefined();
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    const result = dataOfArtifact(done, 'verification-result');
    expect(result.outcome).toBe('approved');
    expect(result.approval.decision).toMatchObject({
      decision: 'approve',
      reason: 'totals confirmed with the supplier',
      decidedBy: { tenant: 'acme', subject: 'bob', roles: ['approver'] },
      automatic: false,
    });
  });

  it('is rejected with a reason and ends rejected', async () => {
    const task = await stack.start(AGENT, [inconsistent()]);
    await stack.waitForState(AGENT, task.id, 'input-required');
    await stack.answer(AGENT, task.id, [textPart('reject: the IBAN fails its checksum')], APPROVER);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_REJECTED');
    expect(textOf(done.status.message.parts)).toBe('Rejected by bob: the IBAN fails its checksum.');
    expect(dataOfArtifact(done, 'verification-result')).toMatchObject({ outcome: 'rejected', approval: { decision: { decision: 'reject', decidedBy: { subject: 'bob' } } } });
    expect(done.metadata.verification).toMatchObject({ outcome: 'rejected', decision: 'reject', decidedBy: 'bob' });
  });

  it('sent back for changes ends rejected with outcome changes-requested and says how to resubmit', async () => {
    const task = await stack.start(AGENT, [inconsistent()]);
    await stack.waitForState(AGENT, task.id, 'input-required');
    await stack.answer(AGENT, task.id, [dataPart({ decision: 'request-changes', reason: 'fix the totals' })], APPROVER);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_REJECTED');
    expect(done.metadata.verification.outcome).toBe('changes-requested');
    expect(textOf(done.status.message.parts)).toContain(`referenceTaskIds: ["${task.id}"]`);
  });

  it('refuses and records decisions from principals who may not decide, and keeps waiting for one who may', async () => {
    const task = await stack.start(AGENT, [inconsistent()]);
    await stack.waitForState(AGENT, task.id, 'input-required');
    // The submitter without the role, then with it (approving one's own document is refused either way).
    await stack.answer(AGENT, task.id, [textPart('approve')], SUBMITTER);
    const refused = await stack.waitForTask(AGENT, task.id, (t) => statusData(t)?.turn === 'refused');
    expect(statusData(refused).notice).toBe('Decision refused: alice does not hold an approver role (approver). Still waiting for an approver.');
    await stack.answer(AGENT, task.id, [textPart('approve')], 'alice|approver');
    await stack.waitForTask(AGENT, task.id, (t) => /may not approve it/.test(statusData(t)?.notice ?? ''));
    // A principal without a granted role cannot even see the task: the API answers TaskNotFound.
    expect((await stack.answer(AGENT, task.id, [textPart('approve')], STRANGER)).error?.code).toBe(-32001);
    await stack.answer(AGENT, task.id, [textPart('approve: checked')], APPROVER);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    const { approval } = dataOfArtifact(done, 'verification-result');
    expect(approval.refusals.map((r: { by: { subject: string }; reason: string }) => [r.by.subject, r.reason])).toEqual([
      ['alice', 'alice does not hold an approver role (approver)'],
      ['alice', 'alice submitted this document and may not approve it'],
    ]);
    // The refused answers stay in the task history.
    expect(done.history.filter((m: { role: string; parts: Array<{ text?: string }> }) => m.role === 'ROLE_USER' && m.parts[0]?.text === 'approve')).toHaveLength(2);
    // And each is recorded as the input's outcome, as the shell records the refusals it decides itself.
    const { inputOutcomes } = (await stack.platform.client.workflow.getHandle(`a2a-task-${task.id}`).result()) as { inputOutcomes: Array<Record<string, unknown>> };
    expect(inputOutcomes.filter((o) => o.outcome === 'refused').map((o) => [o.reason, o.code, o.detail])).toEqual([
      ['refused-by-agent', 'not-authorized', 'alice does not hold an approver role (approver)'],
      ['refused-by-agent', 'not-authorized', 'alice submitted this document and may not approve it'],
    ]);
  });
});

describe('when nobody decides', () => {
  it('reminds, then rejects automatically at the escalation (auto-reject)', async () => {
    const agent = 'verifier-auto-reject';
    const task = await stack.start(agent, [inconsistent()]);
    const done = await stack.waitForSettled(agent, task.id);
    expect(done.status.state).toBe('TASK_STATE_REJECTED');
    const { approval, outcome } = dataOfArtifact(done, 'verification-result');
    expect(outcome).toBe('rejected');
    expect(approval.reminders).toHaveLength(1);
    expect(approval.escalations).toEqual([{ at: expect.any(String), action: 'auto-reject' }]);
    expect(approval.decision).toMatchObject({ decision: 'reject', automatic: true, decidedBy: { system: true }, reason: 'no decision within 1 s; rejected automatically by policy' });
  });

  it('hands the decision to the escalation group (reassign), which then decides', async () => {
    const agent = 'verifier-reassign';
    const task = await stack.start(agent, [inconsistent()]);
    const escalated = await stack.waitForTask(agent, task.id, (t) => statusData(t)?.turn === 'escalated');
    expect(statusData(escalated).approvers.roles).toEqual(['approver', 'senior-approver']);
    expect(statusData(escalated).schedule).toMatchObject({ escalated: true, expiresAt: expect.any(String) });
    await stack.answer(agent, task.id, [textPart('approve: reviewed on escalation')], SENIOR);
    const done = await stack.waitForSettled(agent, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(dataOfArtifact(done, 'verification-result').approval).toMatchObject({
      reminders: [expect.any(String)],
      escalations: [{ action: 'reassign', roles: ['senior-approver'] }],
      decision: { decision: 'approve', decidedBy: { subject: 'carol', roles: ['senior-approver'] } },
    });
  });
});

describe('inputs and failures', () => {
  it('downloads a document given by URL (allowlisted loopback) and verifies it', async () => {
    const pdf = samplePdf(sampleInvoice());
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(pdf)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files/invoice-INV-2025-0042.pdf`;
      const task = await stack.start(AGENT, [{ url, mediaType: 'application/pdf' }]);
      const done = await stack.waitForSettled(AGENT, task.id);
      expect(done.status.state).toBe('TASK_STATE_COMPLETED');
      expect(dataOfArtifact(done, 'verification-result').document).toMatchObject({ source: 'url', name: 'invoice-INV-2025-0042.pdf', pageCount: 3 });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails a corrupt PDF cleanly, with the reason', async () => {
    const corrupt = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf body at all\n%%EOF'));
    const task = await stack.start(AGENT, [filePart(corrupt, 'application/pdf', 'broken.pdf')]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_FAILED');
    expect(textOf(done.status.message.parts)).toMatch(/^The document could not be verified: extract_text failed \((corrupt|truncated)\)/);
  });

  it('rejects a request without a document, saying what to send', async () => {
    const task = await stack.start(AGENT, [textPart('please verify')]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_REJECTED');
    expect(textOf(done.status.message.parts)).toMatch(/Send the document to verify as a file part/);
  });
});

describe('the model step', () => {
  it('is retried after a 429 and the task completes with the model’s summary', async () => {
    const before = stack.model!.requests.length;
    stack.model!.script(step.error(429), step.text('Summary after the rate limit.'));
    const task = await stack.start(AGENT, [invoice()]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(textOf(artifactOf(done, 'summary').parts)).toBe('Summary after the rate limit.');
    expect(stack.model!.requests.length - before).toBe(2);
  });

  it('stops when the task is canceled: the model connection is closed and the task ends canceled', async () => {
    stack.model!.script(step.streamed(['The ', 'document ', 'is ', 'fine.'], { stallAfterChunks: 3 }));
    const task = await stack.start(AGENT, [invoice()]);
    // The first streamed words reach the task while the step is still running.
    await stack.waitForTask(AGENT, task.id, (t) => textOf(artifactOf(t, 'summary')?.parts).startsWith('The '));
    const index = stack.model!.requests.length - 1;
    expect((await stack.rpc(AGENT, 'CancelTask', { id: task.id })).error).toBeUndefined();
    await stack.model!.waitForClientAbort(index);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_CANCELED');
  });
});
