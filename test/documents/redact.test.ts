import { assessRisk, defaultVerificationPolicy, verificationPolicySchema } from '../../src/documents/verification-policy';
import { redact } from '../../src/documents/redact';
import { sampleIdentityDocument, sampleText } from '../../src/documents/samples';

const text = 'Mail jane@example.com or call +44 20 7946 0958. IBAN GB29 NWBK 6016 1331 9268 19, card 4111 1111 1111 1111.';

describe('redact', () => {
  it('replaces PII with typed placeholders and lists what it replaced, with original offsets', () => {
    const result = redact(text);
    expect(result.text).toBe('Mail [EMAIL] or call [PHONE]. IBAN [IBAN], card [CARD].');
    expect(result.redactions.map((r) => r.type)).toEqual(['email', 'phone', 'iban', 'payment-card']);
    for (const r of result.redactions) expect(r.end).toBeGreaterThan(r.start);
    expect(text.slice(result.redactions[0]!.start, result.redactions[0]!.end)).toBe('jane@example.com');
  });

  it('keeps the last four characters when asked', () => {
    expect(redact(text, { style: 'keep-last-4' }).text).toBe(
      'Mail [EMAIL ***@example.com] or call [PHONE ****0958]. IBAN [IBAN ****6819], card [CARD ****1111].',
    );
  });

  it('redacts only the requested types', () => {
    expect(redact(text, { types: ['iban'] }).text).toBe(text.replace('GB29 NWBK 6016 1331 9268 19', '[IBAN]'));
  });

  it('redacts labelled field values of an identity document and leaves no raw value behind', () => {
    const original = sampleText(sampleIdentityDocument());
    const result = redact(original, { fields: { documentType: 'identity-document', keys: ['dateOfBirth', 'documentNumber'] } });
    expect(result.text).toContain('Date of birth: [DATE-OF-BIRTH]');
    expect(result.text).toContain('Document number: [DOCUMENT-NUMBER]');
    expect(result.text).not.toContain('12 August 1974');
    expect(result.text).toContain('[NATIONAL-ID]');
  });

  it('leaves text without PII unchanged', () => {
    expect(redact('nothing to see')).toEqual({ text: 'nothing to see', redactions: [] });
  });
});

describe('verification policy', () => {
  const policy = defaultVerificationPolicy();

  it('is valid under its own schema', () => {
    expect(verificationPolicySchema.parse(policy)).toEqual(policy);
  });

  it('scores no findings as zero risk without approval', () => {
    expect(assessRisk({ findings: [] }, policy)).toEqual({ score: 0, requiresApproval: false, reasons: [] });
  });

  it('adds risk per finding and forces approval on listed codes', () => {
    const warning = assessRisk({ findings: [{ code: 'date-out-of-range', severity: 'warning' }] }, policy);
    expect(warning).toMatchObject({ score: 0.1, requiresApproval: false });
    const forced = assessRisk({ findings: [{ code: 'iban-checksum-failed', severity: 'error' }] }, policy);
    expect(forced.requiresApproval).toBe(true);
    expect(forced.reasons.join(' ')).toMatch(/iban-checksum-failed/);
    const many = assessRisk({ findings: Array.from({ length: 3 }, () => ({ code: 'x', severity: 'error' as const })) }, policy);
    expect(many.score).toBeCloseTo(1 - 0.7 ** 3, 3);
    expect(many.requiresApproval).toBe(true);
  });

  it('always requires approval for configured document types', () => {
    const strict = { ...policy, approval: { ...policy.approval, alwaysRequireApprovalFor: ['identity-document' as const] } };
    expect(assessRisk({ findings: [], documentType: 'identity-document' }, strict).requiresApproval).toBe(true);
  });
});
