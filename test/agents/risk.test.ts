// The verifier's risk rule is a restatement of the tool server's assessRisk (workflow code cannot
// import zod); a property test keeps the two in step on arbitrary findings.
import fc from 'fast-check';
import { assessDocumentRisk } from '../../src/document-verification/risk';
import { DEFAULT_RISK_POLICY } from '../../src/document-verification/verifier-settings';
import { assessRisk, defaultVerificationPolicy } from '../../src/documents';

const codes = ['total-mismatch', 'iban-checksum-failed', 'document-expired', 'required-field-missing', 'due-before-issue', 'date-unparseable', 'media-type-mismatch'];

describe('risk assessment', () => {
  it('agrees with the tool server’s assessRisk on any findings and document type', () => {
    const finding = fc.record({ code: fc.constantFrom(...codes), severity: fc.constantFrom('info' as const, 'warning' as const, 'error' as const) });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 12 }), fc.constantFrom('invoice', 'contract', 'unknown', undefined), (findings, documentType) => {
        const ours = assessDocumentRisk({ findings, documentType }, DEFAULT_RISK_POLICY);
        const theirs = assessRisk({ findings, documentType }, defaultVerificationPolicy());
        expect({ score: ours.score, requiresApproval: ours.requiresApproval, reasons: ours.reasons }).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('needs approval for a forced finding even at a low score, and for an always-approved type', () => {
    const forced = assessDocumentRisk({ findings: [{ code: 'total-mismatch', severity: 'info' }] }, DEFAULT_RISK_POLICY);
    expect(forced).toMatchObject({ score: 0, requiresApproval: true, reasons: ['findings that always need approval: total-mismatch'] });
    const typed = assessDocumentRisk({ findings: [], documentType: 'contract' }, { ...DEFAULT_RISK_POLICY, alwaysRequireApprovalFor: ['contract'] });
    expect(typed).toMatchObject({ requiresApproval: true, reasons: ['contract documents always need approval'] });
  });

  it('ignores prototype names as finding codes', () => {
    const risk = assessDocumentRisk({ findings: [{ code: 'constructor', severity: 'warning' }] }, DEFAULT_RISK_POLICY);
    expect(risk.score).toBe(0.1);
  });
});
