// Hostile input for the document library. Text at the tool server's 2M-character limit: the analysis
// runs on the main thread, where a time limit can answer but not preempt, so every pass must stay
// linear (a quadratic regex on these inputs runs for minutes and fails on the jest timeout), and
// each must still return exactly what the text calls for. Hostile bytes: each yields its result or
// its typed DocumentError, never a raw exception, a hang or a decompression.
import { deflateRawSync } from 'node:zlib';
import {
  checkConsistency,
  checkRequiredFields,
  classifyDocument,
  createPdfExtractor,
  detectPii,
  DocumentError,
  extractText,
  redact,
  writePdf,
  type PdfExtractor,
  type PiiMatch,
  type Redaction,
} from '../../src/documents';

const LIMIT = 2_000_000;
const fill = (unit: string) => unit.repeat(Math.ceil(LIMIT / unit.length)).slice(0, LIMIT);
const units = (unit: string) => Math.floor(LIMIT / unit.length);

/** The first item that differs from what its index says it must be (undefined when all match). */
function firstMismatch<T>(items: readonly T[], expected: (index: number) => T): { index: number; got: T; want: T } | undefined {
  const same = (a: object, b: object) => {
    const keys = Object.keys(b) as Array<keyof typeof a>;
    return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
  };
  const index = items.findIndex((item, i) => !same(item as object, expected(i) as object));
  return index < 0 ? undefined : { index, got: items[index]!, want: expected(index) };
}

const INVOICE_FIELDS = [
  ['invoiceNumber', 'invoice number'],
  ['issueDate', 'issue date'],
  ['dueDate', 'due date'],
  ['issuer', 'issuer'],
  ['recipient', 'recipient'],
  ['totalAmount', 'total amount'],
  ['currency', 'currency'],
  ['lineItems', 'line items'],
].map(([field, label]) => ({ field, label }));

interface Expected {
  pii: { count: number; at?: (i: number) => PiiMatch };
  redacted: { text: string; count: number; at?: (i: number) => Redaction };
}

const EMAIL = 'a@b.co ';
const LABELLED = 'Name: x\n';
const CASES: Array<[string, string, Expected]> = [
  // 40 digits are no phone number (at most 15), and no prefix of them may be taken for one.
  ['digit runs after a country code', fill(`+1 ${'2'.repeat(40)} `), { pii: { count: 0 }, redacted: { text: fill(`+1 ${'2'.repeat(40)} `), count: 0 } }],
  [
    'back-to-back e-mail addresses',
    fill(EMAIL),
    {
      pii: {
        count: units(EMAIL),
        at: (i) => ({ type: 'email', subtype: 'address', valid: true, start: i * 7, end: i * 7 + 6, masked: 'a***@b.co' }),
      },
      // The cut-off last unit ("a@") is no address and stays.
      redacted: {
        text: '[EMAIL] '.repeat(units(EMAIL)) + 'a@',
        count: units(EMAIL),
        at: (i) => ({ type: 'email', subtype: 'address', start: i * 7, end: i * 7 + 6, replacement: '[EMAIL]' }),
      },
    },
  ],
  [
    'thousands of labelled lines',
    fill(LABELLED),
    {
      pii: { count: 0 },
      // Every "Name:" value is the holder's name of an identity document; each line is redacted alone.
      redacted: {
        text: 'Name: [FULL-NAME]\n'.repeat(units(LABELLED)),
        count: units(LABELLED),
        at: (i) => ({ type: 'field', subtype: 'fullName', start: i * 8 + 6, end: i * 8 + 7, replacement: '[FULL-NAME]' }),
      },
    },
  ],
  ['one giant line of "between"', fill('between '), { pii: { count: 0 }, redacted: { text: fill('between '), count: 0 } }],
  ['blank lines and indentation', fill(' \t\n'), { pii: { count: 0 }, redacted: { text: fill(' \t\n'), count: 0 } }],
];

describe.each(CASES)('on %s', (_name, text, expected) => {
  it('every analysis finishes and returns exactly what the text calls for', () => {
    const pii = detectPii(text);
    expect(pii).toHaveLength(expected.pii.count);
    if (expected.pii.at) expect(firstMismatch(pii, expected.pii.at)).toBeUndefined();

    const redacted = redact(text, { fields: { documentType: 'identity-document', keys: ['fullName'] } });
    expect(redacted.redactions).toHaveLength(expected.redacted.count);
    if (expected.redacted.at) expect(firstMismatch(redacted.redactions, expected.redacted.at)).toBeUndefined();
    // Compared by value without printing two million characters on a failure.
    expect({ length: redacted.text.length, equal: redacted.text === expected.redacted.text }).toEqual({ length: expected.redacted.text.length, equal: true });

    // None of these texts carries a single signal of a known type, so "unknown" is certain.
    expect(classifyDocument(text)).toEqual({
      documentType: 'unknown',
      confidence: 1,
      scores: { invoice: 0, 'identity-document': 0, contract: 0, 'bank-statement': 0 },
      signals: [],
    });
    // No parties (the "between" line is no clause: it has no "and") and no signatures: two errors, nothing else.
    expect(checkConsistency(text, { documentType: 'contract', now: new Date('2025-06-01') })).toEqual({
      documentType: 'contract',
      consistent: false,
      findings: [
        { code: 'parties-missing', severity: 'error', message: 'the contract does not identify two parties', fields: ['parties'] },
        { code: 'signatures-missing', severity: 'error', message: 'the contract carries no signatures', fields: ['signatures'] },
      ],
      checked: ['parties-present', 'signatures-present'],
    });
    expect(checkRequiredFields(text, 'invoice')).toEqual({ documentType: 'invoice', complete: false, present: [], missing: INVOICE_FIELDS, invalid: [], additional: [] });
  });
});

describe('hostile bytes', () => {
  let pdf: PdfExtractor;
  beforeAll(() => {
    pdf = createPdfExtractor({ maxWorkers: 1, timeoutMs: 20_000 });
  });
  afterAll(() => pdf.close());

  async function failure(bytes: Uint8Array, mediaType?: string): Promise<{ code: string; message: string }> {
    const error = await extractText({ bytes, mediaType }, { pdf }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DocumentError);
    return { code: (error as DocumentError).code, message: (error as DocumentError).message };
  }

  // A deflate stream of 64 MiB of zeros behind a zip local-file header: about 64 KiB on the wire.
  const zipBomb = () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('bomb.txt'), deflateRawSync(Buffer.alloc(64 * 1024 * 1024))]);
  const unsupported = (type: string, detected: string) =>
    `cannot extract text from ${type} (detected: ${detected}); supported types are application/pdf, text/plain and application/json`;

  it('reads a PDF whose page tree claims two billion pages as the one page it has', async () => {
    const onePage = Buffer.from(writePdf({ pages: [{ lines: ['only page'] }] })).toString('latin1');
    expect(onePage).toMatch(/\/Count 1\b/);
    const bytes = Buffer.from(onePage.replace(/\/Count 1\b/, '/Count 2000000000'), 'latin1');
    expect(await extractText({ bytes }, { pdf })).toMatchObject({ mediaType: 'application/pdf', pageCount: 1, pages: ['only page'], truncated: false });
  });

  it('never inflates a zip bomb: undeclared, it is an unsupported zip', async () => {
    expect(await failure(zipBomb())).toEqual({ code: 'unsupported-media-type', message: unsupported('application/zip', 'zip local-file signature PK\\x03\\x04') });
  });

  it('a zip bomb declared as a PDF is a corrupt PDF, not parsed', async () => {
    expect(await failure(zipBomb(), 'application/pdf')).toEqual({ code: 'corrupt', message: 'not a PDF: no %PDF- header in the first 1024 bytes' });
  });

  it('an overlong UTF-8 sequence declared as text is not text', async () => {
    expect(await failure(Buffer.from([0x68, 0x69, 0xc0, 0xaf]), 'text/plain')).toEqual({
      code: 'not-text',
      message: 'the content is declared as text/plain but is not valid UTF-8 text (binary data?)',
    });
  });

  it('an encoded UTF-16 surrogate without a declared type is binary, hence unsupported', async () => {
    expect(await failure(Buffer.from([0x68, 0x69, 0xed, 0xa0, 0x80]))).toEqual({
      code: 'unsupported-media-type',
      message: unsupported('application/octet-stream', 'binary content (no known signature)'),
    });
  });

  it('a NUL byte inside JSON is not text', async () => {
    expect(await failure(Buffer.from('{"a":"\u0000"}'), 'application/json')).toEqual({
      code: 'not-text',
      message: 'the content is declared as application/json but is not valid UTF-8 text (binary data?)',
    });
  });

  it('JSON nested 100,000 deep is a typed error, not a stack overflow', async () => {
    const deep = Buffer.from('['.repeat(100_000) + ']'.repeat(100_000));
    expect(await failure(deep, 'application/json')).toEqual({ code: 'too-large', message: 'the JSON nests too deeply to be shown as text' });
  });
});
