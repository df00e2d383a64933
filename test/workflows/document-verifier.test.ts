// The document-verifier agent on the real stack (embedded engine, worker, API, the document tool
// server over HTTP, the fake model on loopback): verification with and without a person's decision,
// approvals, rejections, refusals, escalation by timeout, a corrupt PDF, a rate-limited model, and
// cancel during a model step.
import { samplePdf, sampleInconsistentInvoice, sampleInvoice } from '../../src/documents/samples';
import { step } from '../support/fake-openai';
import {
  APPROVER,
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

beforeAll(async () => {
  stack = await startDocumentStack();
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
});
