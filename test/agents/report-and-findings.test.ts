// Findings gathered from the tools' results, the markdown report rendered from a result record, and
// how a request's document and instructions are read from its message.
import { readDocumentRequest, documentName } from '../../src/document-verification/document-source';
import { collectFindings, type ToolFindingsInput } from '../../src/document-verification/findings';
import { renderReport } from '../../src/document-verification/report';
import { closingMessage, terminalStateOf, type VerificationRecord } from '../../src/document-verification/verification-record';

// Whole tool results, typed by the tool server's output schemas as the verification reads them.
const noPii = { email: 0, phone: 0, iban: 0, 'payment-card': 0, 'national-id': 0 };
const base: Pick<ToolFindingsInput, 'fingerprint' | 'classification' | 'pii'> = {
  fingerprint: {
    sha256: 'a'.repeat(64),
    size: 10,
    detectedMediaType: 'text/plain',
    detectionEvidence: 'no binary signature; valid UTF-8',
    declaredMediaType: 'application/pdf',
    mediaTypeMismatch: true,
    source: 'artifact-store',
  },
  classification: { documentType: 'unknown', confidence: 0.2, meetsPolicyMinimum: false, policyMinimumConfidence: 0.6, scores: { invoice: 0.2, 'identity-document': 0, contract: 0, 'bank-statement': 0 }, signals: [] },
  pii: {
    total: 2,
    counts: { ...noPii, 'national-id': 1, 'payment-card': 1 },
    matches: [{ type: 'payment-card', subtype: 'visa', valid: true, masked: '****1111', start: 10, end: 29 }],
  },
};

describe('findings', () => {
  it('turns a mismatched media type, an unclassifiable document and sensitive personal data into findings', () => {
    expect(collectFindings(base).map((f) => [f.code, f.severity, f.source])).toEqual([
      ['media-type-mismatch', 'error', 'fingerprint'],
      ['classification-uncertain', 'warning', 'classification'],
      ['pii-national-id', 'info', 'pii'],
      ['pii-payment-card', 'warning', 'pii'],
    ]);
  });

  it('adds missing and unusable required fields and every consistency finding', () => {
    const findings = collectFindings({
      ...base,
      fingerprint: { ...base.fingerprint, mediaTypeMismatch: false },
      classification: { ...base.classification, documentType: 'invoice', meetsPolicyMinimum: true },
      pii: { total: 0, counts: noPii, matches: [] },
      requiredFields: {
        documentType: 'invoice',
        documentTypeSource: 'classified',
        complete: false,
        present: [],
        missing: [{ field: 'dueDate', label: 'Due date' }],
        invalid: [{ field: 'totalAmount', label: 'Total', value: 'x', reason: 'not an amount', evidence: { text: 'Total x', line: 9, page: 2 } }],
        additional: [],
      },
      consistency: {
        documentType: 'invoice',
        documentTypeSource: 'classified',
        consistent: false,
        asOf: '2025-06-01',
        counts: { error: 1, warning: 0, info: 0 },
        checked: [],
        findings: [{ code: 'total-mismatch', severity: 'error', message: 'totals differ', fields: ['totalAmount'] }],
      },
    });
    expect(findings.map((f) => f.code)).toEqual(['required-field-missing', 'required-field-invalid', 'total-mismatch']);
    expect(findings[1].evidence).toEqual({ text: 'Total x', line: 9, page: 2 });
  });
});

const record = (overrides: Partial<VerificationRecord> = {}): VerificationRecord => ({
  kind: 'verification-result',
  version: 1,
  taskId: 't1',
  outcome: 'rejected',
  document: {
    name: 'inv.pdf',
    sha256: 'b'.repeat(64),
    size: 7493,
    mediaType: 'application/pdf',
    pageCount: 3,
    documentType: 'invoice',
    classificationConfidence: 0.84,
    source: 'inline',
    documentId: 'c'.repeat(32),
    redactedDocumentId: 'd'.repeat(32),
    metadata: {},
  },
  instructions: 'Pay | only if\nall is well',
  classification: base.classification,
  requiredFields: null,
  pii: { total: 1, counts: { ...noPii, email: 1 }, matches: [] },
  consistency: null,
  findings: [{ code: 'total-mismatch', severity: 'error', message: 'total | 10 ≠ 12', source: 'consistency', evidence: { text: 'x', line: 4, page: 2 } }],
  risk: { score: 0.88, threshold: 0.5, requiresApproval: true, reasons: ['risk 0.88 ≥ threshold 0.5'] },
  approval: {
    required: true,
    reasons: ['risk 0.88 ≥ threshold 0.5'],
    requestedAt: '2025-06-01T09:00:00.000Z',
    approverRoles: ['approver'],
    decision: { decision: 'reject', reason: 'wrong totals', decidedBy: { tenant: 'acme', subject: 'bob', roles: ['approver'] }, decidedAt: '2025-06-01T10:00:00.000Z', automatic: false },
    refusals: [{ by: { tenant: 'acme', subject: 'mallory', roles: [] }, at: '2025-06-01T09:30:00.000Z', messageId: 'm', attempted: 'approve', reason: 'mallory does not hold an approver role (approver)' }],
    reminders: [],
    escalations: [],
  },
  summary: { source: 'rules', text: 'Deterministic summary.', note: 'no model is configured' },
  ...overrides,
});

describe('the report', () => {
  it('leads with the outcome and decision, lists findings in a table without breaking it, and keeps the trail', () => {
    const report = renderReport(record());
    expect(report).toContain('# Verification report: inv.pdf');
    expect(report).toContain('- **Outcome:** Rejected — bob (approver), 2025-06-01T10:00:00.000Z: “wrong totals”');
    expect(report).toContain('| error | total-mismatch | total \\| 10 ≠ 12 | page 2, line 4 |');
    expect(report).toContain('- Refused “approve” from mallory at 2025-06-01T09:30:00.000Z: mallory does not hold an approver role (approver)');
    expect(report).toContain('_Produced by deterministic rules (no model is configured)._');
    expect(report).toContain('> Pay | only if\n> all is well');
    expect(report).toContain('- email: 1');
    expect(report).not.toContain('phone');
  });

  it('ends accepted outcomes completed and the others rejected, saying what to do next', () => {
    expect(terminalStateOf('verified')).toBe('completed');
    expect(terminalStateOf('approved')).toBe('completed');
    expect(terminalStateOf('rejected')).toBe('rejected');
    expect(terminalStateOf('changes-requested')).toBe('rejected');
    const changes = record({ outcome: 'changes-requested', approval: { ...record().approval, decision: { ...record().approval.decision!, decision: 'request-changes', reason: 'add the PO' } } });
    expect(closingMessage(changes)).toBe('Changes requested by bob: add the PO. Send the corrected document as a new task (referenceTaskIds: ["t1"]).');
  });

  it('does not double the full stop of a reason that already ends a sentence', () => {
    const decided = (reason: string) => record({ approval: { ...record().approval, decision: { ...record().approval.decision!, reason } } });
    expect(closingMessage(decided('wrong totals.'))).toBe('Rejected by bob: wrong totals.');
    expect(closingMessage(decided('is this even an invoice?'))).toBe('Rejected by bob: is this even an invoice?');
    expect(closingMessage(decided('wrong totals'))).toBe('Rejected by bob: wrong totals.');
    const changes = record({ outcome: 'changes-requested', approval: { ...record().approval, decision: { ...record().approval.decision!, decision: 'request-changes', reason: 'add the PO!' } } });
    expect(closingMessage(changes)).toMatch(/^Changes requested by bob: add the PO! Send/);
  });
});

describe('the document of a request', () => {
  it('takes the first file part and the text as instructions, counting files it ignores', () => {
    const request = readDocumentRequest({
      messageId: 'm',
      role: 'user',
      parts: [
        { kind: 'text', text: 'Check the totals.' },
        { kind: 'url', url: 'https://files.example/docs/inv%2042.pdf?sig=1', mediaType: 'application/pdf' },
        { kind: 'raw', raw: 'AAAA' },
      ],
    });
    expect(request).toEqual({ source: { kind: 'url', url: 'https://files.example/docs/inv%2042.pdf?sig=1', mediaType: 'application/pdf' }, instructions: 'Check the totals.', ignoredFiles: 1 });
    expect(documentName(request.source)).toBe('inv%2042.pdf');
  });

  it('has no source when the message carries no file', () => {
    expect(readDocumentRequest({ messageId: 'm', role: 'user', parts: [{ kind: 'text', text: 'hi' }] }).source).toBeUndefined();
  });
});
