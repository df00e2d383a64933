import { classifyDocument } from '../../src/documents/classify';
import { checkConsistency } from '../../src/documents/consistency/check-consistency';
import { checkRequiredFields } from '../../src/documents/fields/required-fields';
import {
  allSampleDocuments,
  sampleBankStatement,
  sampleContract,
  sampleIdentityDocument,
  sampleInconsistentInvoice,
  sampleInvoice,
  sampleText,
} from '../../src/documents/samples';

const now = new Date('2025-06-01T12:00:00Z');
const codes = (text: string, documentType: Parameters<typeof checkConsistency>[1]['documentType'], at = now) =>
  checkConsistency(text, { documentType, now: at }).findings.map((f) => f.code);

describe('checkRequiredFields', () => {
  it.each(allSampleDocuments().map((s) => [s.name, s] as const))('finds every required field of the %s sample', (_name, sample) => {
    const report = checkRequiredFields(sampleText(sample), sample.documentType);
    expect(report.missing).toEqual([]);
    expect(report.invalid).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('gives the evidence line and page of each present field', () => {
    const report = checkRequiredFields(sampleText(sampleInvoice()), 'invoice');
    expect(report.present.find((p) => p.field === 'totalAmount')).toMatchObject({
      value: 'EUR 23,285.33',
      evidence: { text: 'Total due: EUR 23,285.33', page: 3 },
    });
    expect(report.present.find((p) => p.field === 'recipient')?.value).toBe('Acme Verification Ltd');
    expect(report.present.find((p) => p.field === 'lineItems')?.value).toBe('60 line item(s)');
    expect(report.additional.map((a) => a.field)).toEqual(expect.arrayContaining(['subtotal', 'taxAmount']));
  });

  it('separates missing fields from labelled fields whose value is unusable', () => {
    const text = 'INVOICE\nInvoice number: A-17\nInvoice date: 31 February 2025\nTotal: EUR 10.00\nFrom: Shop Ltd';
    const report = checkRequiredFields(text, 'invoice');
    expect(report.complete).toBe(false);
    expect(report.invalid).toEqual([expect.objectContaining({ field: 'issueDate', reason: expect.stringMatching(/not a valid date/) })]);
    expect(report.missing.map((m) => m.field)).toEqual(['dueDate', 'recipient', 'lineItems']);
    expect(report.present.map((p) => p.field)).toEqual(['invoiceNumber', 'issuer', 'totalAmount', 'currency']);
  });

  it('uses the required list it is given (the policy) instead of the defaults', () => {
    const report = checkRequiredFields(sampleText(sampleContract()), 'contract', { required: ['parties', 'term'] });
    expect(report.present.map((p) => p.field)).toEqual(['parties', 'term']);
  });

  it('reads labels from JSON documents too', () => {
    const json = JSON.stringify({ fullName: 'Ana Ruiz', dateOfBirth: '1990-01-02', documentNumber: 'X1', expiryDate: '2031-01-01', nationality: 'ES' }, null, 2);
    expect(checkRequiredFields(json, 'identity-document').complete).toBe(true);
  });

  it('flags an IBAN account number that fails its checksum as invalid', () => {
    const report = checkRequiredFields('IBAN: DE89 3704 0044 0532 0130 01', 'bank-statement', { required: ['accountNumber'] });
    expect(report.invalid[0]?.reason).toMatch(/mod-97/);
  });
});

describe('checkConsistency', () => {
  it.each(allSampleDocuments().map((s) => [s.name, s] as const))('judges the %s sample as expected', (_name, sample) => {
    expect(checkConsistency(sampleText(sample), { documentType: sample.documentType, now }).consistent).toBe(sample.expectConsistent);
  });

  it('reports every deliberate error of the inconsistent invoice, with severities', () => {
    const report = checkConsistency(sampleText(sampleInconsistentInvoice()), { documentType: 'invoice', now });
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([
      ['due-before-issue', 'error'],
      ['line-item-arithmetic', 'error'],
      ['subtotal-mismatch', 'error'],
      ['total-mismatch', 'error'],
      ['iban-checksum-failed', 'error'],
    ]);
    expect(report.findings.find((f) => f.code === 'total-mismatch')?.message).toMatch(/= EUR 23285\.33, but the total says EUR 23535\.33/);
  });

  it('accepts totals that differ only by rounding', () => {
    const text = 'Widget   3   3.33   9.99\nSubtotal: 9.99\nVAT 20%: 2.00\nTotal: 11.99';
    expect(codes(text, 'invoice')).not.toContain('total-mismatch');
    expect(codes(text, 'invoice')).not.toContain('tax-rate-mismatch');
    expect(codes(text.replace('11.99', '12.09'), 'invoice')).toContain('total-mismatch');
  });

  it('checks the stated tax rate and single currency', () => {
    const text = 'Subtotal: EUR 100.00\nVAT 20%: EUR 19.00\nTotal: USD 119.00';
    expect(codes(text, 'invoice')).toEqual(expect.arrayContaining(['tax-rate-mismatch', 'mixed-currencies']));
  });

  it('flags an expired identity document, an implausible birth date and reversed issue/expiry', () => {
    const text = 'Name: A B\nDate of birth: 1850-01-01\nDate of issue: 2020-01-01\nDate of expiry: 2019-12-31';
    expect(codes(text, 'identity-document')).toEqual(
      expect.arrayContaining(['document-expired', 'birth-date-implausible', 'expiry-before-issue', 'date-out-of-range']),
    );
    expect(codes(sampleText(sampleIdentityDocument()), 'identity-document', new Date('2034-06-01'))).toEqual(['document-expired']);
  });

  it('reconciles statement balances and the period', () => {
    const text = sampleText(sampleBankStatement());
    expect(codes(text, 'bank-statement')).toEqual([]);
    const tampered = text.replace(/Closing balance: GBP [\d,.]+/, 'Closing balance: GBP 99,999.00');
    expect(codes(tampered, 'bank-statement')).toEqual(['balance-mismatch']);
    const reversed = text.replace('1 March 2025 to 31 March 2025', '31 March 2025 to 1 March 2025');
    expect(codes(reversed, 'bank-statement')).toContain('period-reversed');
  });

  it('requires issuer and recipient on invoices, parties and signatures on contracts', () => {
    expect(codes('INVOICE\nTotal: EUR 1.00', 'invoice')).toEqual(['issuer-missing', 'recipient-missing']);
    expect(codes('AGREEMENT between nobody', 'contract')).toEqual(['parties-missing', 'signatures-missing']);
  });

  it('says which checks ran, so no findings is not mistaken for no checks', () => {
    const report = checkConsistency('nothing here', { documentType: 'invoice', now });
    expect(report.checked).toEqual(['issuer-present', 'recipient-present']);
  });
});

describe('classifyDocument', () => {
  it.each(allSampleDocuments().map((s) => [s.name, s] as const))('classifies the %s sample by its type', (_name, sample) => {
    const result = classifyDocument(sampleText(sample));
    expect(result.documentType).toBe(sample.documentType);
    expect(result.confidence).toBeGreaterThanOrEqual(0.75);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.signals.length).toBeGreaterThan(2);
    expect(result.signals.every((s) => s.documentType === sample.documentType)).toBe(true);
  });

  it('is deterministic', () => {
    const text = sampleText(sampleContract());
    expect(classifyDocument(text)).toEqual(classifyDocument(text));
  });

  it('answers unknown for text without enough signals', () => {
    const result = classifyDocument('Dear Sam, see you at the lake on Sunday.');
    expect(result).toMatchObject({ documentType: 'unknown', confidence: 1 });
  });

  it('lowers confidence when two types compete', () => {
    const mixed = 'INVOICE\nInvoice number: 1\nDue date: 2025-01-31\nBill to: X\nBank statement\nOpening balance: 1.00\nClosing balance: 2.00';
    const result = classifyDocument(mixed);
    expect(result.scores.invoice).toBeGreaterThan(5);
    expect(result.scores['bank-statement']).toBeGreaterThan(5);
    expect(result.confidence).toBeLessThan(0.6);
  });
});
