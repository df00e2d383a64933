import { join } from 'node:path';
import { DocumentError } from '../../src/documents/document-error';
import { extractText } from '../../src/documents/extract-text';
import { createPdfExtractor, parsePdfDate, type PdfExtractor } from '../../src/documents/pdf/pdf-extractor';
import { writePdf } from '../../src/documents/pdf/pdf-writer';
import { sampleInvoice, samplePdf } from '../../src/documents/samples';
import { encryptedPdf } from '../support/mcp-documents';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

async function failure(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('extractText', () => {
  let pdf: PdfExtractor;
  beforeAll(() => {
    pdf = createPdfExtractor({ maxWorkers: 2, timeoutMs: 20_000 });
  });
  afterAll(() => pdf.close());

  it('extracts every page, the page count and the metadata of the multi-page sample invoice', async () => {
    const result = await extractText({ bytes: samplePdf(sampleInvoice()), mediaType: 'application/pdf' }, { pdf });
    expect(result.mediaType).toBe('application/pdf');
    expect(result.pageCount).toBe(3);
    expect(result.pages).toHaveLength(3);
    expect(result.truncated).toBe(false);
    expect(result.metadata).toMatchObject({
      title: 'Invoice INV-2025-0042',
      author: 'Nordwind Logistics GmbH',
      producer: 'a2a-temporal pdf-writer',
      creationDate: '2025-03-03T09:00:00.000Z',
      pdfVersion: '1.4',
    });
    expect(result.pages[0]).toContain('Invoice number: INV-2025-0042');
    expect(result.pages[1]).toContain('batch 31');
    expect(result.pages[2]).toMatch(/Total due: EUR 23,285\.33/);
    // Column gaps survive extraction, which is what line-item parsing depends on.
    expect(result.pages[0]).toMatch(/batch 01 {2,}1 {2,}45\.00 {2,}45\.00/);
  });

  it('keeps Latin-1 characters through the WinAnsi encoding', async () => {
    const bytes = writePdf({ pages: [{ lines: ['Grüße aus Köln, café crème'] }] });
    expect((await extractText({ bytes }, { pdf })).text).toBe('Grüße aus Köln, café crème');
  });

  it('stops at maxPages and says the text is truncated', async () => {
    const small = createPdfExtractor({ maxWorkers: 1, maxPages: 1 });
    try {
      const result = await extractText({ bytes: samplePdf(sampleInvoice()) }, { pdf: small });
      expect(result).toMatchObject({ pageCount: 3, truncated: true });
      expect(result.pages).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  it.each([
    ['bytes that are not a PDF', utf8('hello, I am text'), 'corrupt', /no %PDF- header/],
    ['a PDF cut off halfway', () => samplePdf(sampleInvoice()).slice(0, 3000), 'truncated', /no %%EOF/],
    ['a PDF with garbage between header and %%EOF', utf8('%PDF-1.4\n\u0001\u0002 garbage garbage\n%%EOF\n'), 'corrupt', /corrupt/],
    ['an encrypted PDF', () => encryptedPdf(), 'encrypted', /encrypted/],
  ])('turns %s labelled application/pdf into a typed error', async (_name, input, code, message) => {
    const bytes = typeof input === 'function' ? input() : input;
    const error = await failure(extractText({ bytes, mediaType: 'application/pdf' }, { pdf }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('keeps working after hostile inputs (workers are replaced, not poisoned)', async () => {
    const result = await extractText({ bytes: writePdf({ pages: [{ lines: ['still fine'] }] }) }, { pdf });
    expect(result.text).toBe('still fine');
  });

  it('reads plain text and keeps form feeds as page breaks', async () => {
    const result = await extractText({ bytes: utf8('\ufeffpage one\r\n\fpage two'), mediaType: 'text/plain; charset=utf-8' }, { pdf });
    expect(result).toMatchObject({ mediaType: 'text/plain', pageCount: 2, pages: ['page one', 'page two'] });
  });

  it('pretty-prints JSON and returns the parsed value', async () => {
    const result = await extractText({ bytes: utf8('{"invoiceNumber":"A-1","total":12.5}') }, { pdf });
    expect(result.mediaType).toBe('application/json');
    expect(result.json).toEqual({ invoiceNumber: 'A-1', total: 12.5 });
    expect(result.text).toBe('{\n  "invoiceNumber": "A-1",\n  "total": 12.5\n}');
  });

  it('rejects invalid JSON, binary labelled as text and unsupported types with clear errors', async () => {
    expect((await failure(extractText({ bytes: utf8('{"a":'), mediaType: 'application/json' }, { pdf }))).code).toBe('invalid-json');
    expect((await failure(extractText({ bytes: new Uint8Array([0, 1, 2, 0xff]), mediaType: 'text/plain' }, { pdf }))).code).toBe('not-text');
    const png = await failure(extractText({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) }, { pdf }));
    expect(png.code).toBe('unsupported-media-type');
    expect(png.message).toMatch(/image\/png .*PNG signature.*supported types/);
  });
});

describe('PDF extraction limits', () => {
  const fixture = (name: string) => join(__dirname, 'fixtures', name);
  const bytes = writePdf({ pages: [{ lines: ['x'] }] });

  it('terminates a worker that never answers once the time limit passes', async () => {
    const hung = createPdfExtractor({ workerScript: fixture('endless-worker.mjs'), timeoutMs: 300, maxWorkers: 1 });
    try {
      const error = await failure(hung.extract(bytes));
      expect(error.code).toBe('timeout');
      expect(error.message).toMatch(/time limit of 300 ms and was stopped/);
      // The pool replaced the terminated worker: a second job gets a fresh one (and times out again).
      expect((await failure(hung.extract(bytes))).code).toBe('timeout');
    } finally {
      await hung.close();
    }
  });

  it('stops a job when its caller aborts', async () => {
    const hung = createPdfExtractor({ workerScript: fixture('endless-worker.mjs'), timeoutMs: 60_000, maxWorkers: 1 });
    try {
      const controller = new AbortController();
      const pending = hung.extract(bytes, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect((await failure(pending)).code).toBe('aborted');
    } finally {
      await hung.close();
    }
  });

  it('reports a worker that runs out of its memory limit as a resource-limit error', async () => {
    const hog = createPdfExtractor({
      workerScript: fixture('memory-hog-worker.mjs'),
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
      timeoutMs: 30_000,
      maxWorkers: 1,
    });
    try {
      expect((await failure(hog.extract(bytes))).code).toBe('resource-limit');
    } finally {
      await hog.close();
    }
  });
});

describe('parsePdfDate', () => {
  it.each([
    ["D:20250303090000Z", '2025-03-03T09:00:00.000Z'],
    ["D:20250303100000+01'00'", '2025-03-03T09:00:00.000Z'],
    ['D:2025', '2025-01-01T00:00:00.000Z'],
  ])('reads %s', (raw, iso) => expect(parsePdfDate(raw)).toBe(iso));

  it('returns undefined for junk', () => expect(parsePdfDate('yesterday')).toBeUndefined());
});
