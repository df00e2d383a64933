// Hostile text at the tool server's 2M-character limit. The analysis runs on the main thread, where
// a time limit can answer but not preempt, so every pass must stay linear: a quadratic regex or
// overlap check on these inputs runs for minutes and fails this suite on the jest timeout.
import { checkConsistency, checkRequiredFields, classifyDocument, detectPii, redact } from '../../src/documents';

const LIMIT = 2_000_000;
const fill = (unit: string) => unit.repeat(Math.ceil(LIMIT / unit.length)).slice(0, LIMIT);

describe.each([
  ['digit runs after a country code', fill(`+1 ${'2'.repeat(40)} `)],
  ['back-to-back e-mail addresses', fill('a@b.co ')],
  ['thousands of labelled lines', fill('Name: x\n')],
  ['one giant line of "between"', fill('between ')],
  ['blank lines and indentation', fill(' \t\n')],
])('on %s', (_name, text) => {
  it('every analysis finishes and returns a well-formed result', () => {
    expect(Array.isArray(detectPii(text))).toBe(true);
    expect(typeof redact(text, { fields: { documentType: 'identity-document', keys: ['fullName'] } }).text).toBe('string');
    expect(classifyDocument(text).confidence).toBeGreaterThanOrEqual(0);
    expect(checkConsistency(text, { documentType: 'contract', now: new Date('2025-06-01') }).findings).toBeDefined();
    expect(checkRequiredFields(text, 'invoice').documentType).toBe('invoice');
  });
});
