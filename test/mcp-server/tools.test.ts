import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { createPdfExtractor, type PdfExtractor } from '../../src/documents';
import { sampleContract, sampleInconsistentInvoice, sampleInvoice, samplePdf, sampleText } from '../../src/documents/samples';
import { TOOL_ERROR_META_KEY, toolNames } from '../../src/mcp-server';
import type * as outputs from '../../src/mcp-server/tools/output-schemas';
import { base64 } from '../support/mcp-documents';
import { connectDocumentToolServer, type ConnectedServer } from '../support/mcp-server-harness';

let pdf: PdfExtractor;
let server: ConnectedServer;
let invoiceId: string;

beforeAll(async () => {
  pdf = createPdfExtractor({ maxWorkers: 2 });
  server = await connectDocumentToolServer(pdf);
  invoiceId = (await server.store.put(samplePdf(sampleInvoice()), { mediaType: 'application/pdf', filename: 'invoice.pdf' })).blobId;
});
afterAll(async () => {
  await server.close();
  await pdf.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await server.client.callTool({ name, arguments: args })) as CallToolResult;
interface Outputs {
  extract_text: z.infer<typeof outputs.extractTextOutput>;
  fingerprint_document: z.infer<typeof outputs.fingerprintOutput>;
  check_required_fields: z.infer<typeof outputs.requiredFieldsOutput>;
  check_consistency: z.infer<typeof outputs.consistencyOutput>;
  classify_document: z.infer<typeof outputs.classificationOutput>;
  detect_pii: z.infer<typeof outputs.detectPiiOutput>;
  redact: z.infer<typeof outputs.redactOutput>;
}
/** Calls a tool expecting success; the text content must be the JSON of the structured content. */
const structured = async <N extends keyof Outputs>(name: N, args: Record<string, unknown>): Promise<Outputs[N]> => {
  const result = await call(name, args);
  expect(result.isError).toBeFalsy();
  expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
  return result.structuredContent as Outputs[N];
};
const errorText = (result: CallToolResult) => {
  expect(result.isError).toBe(true);
  return (result.content[0] as { text: string }).text;
};

describe('tools/list', () => {
  it('lists every tool with a description, a strict JSON input schema and an output schema', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...toolNames].sort());
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(150);
      expect(tool.inputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['document']), additionalProperties: false });
      const document = (tool.inputSchema.properties as Record<string, { properties: object; description: string }>).document;
      expect(Object.keys(document.properties)).toEqual(['documentId', 'contentBase64', 'text', 'mediaType', 'filename']);
      expect(document.description).toMatch(/exactly one of documentId/);
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
      expect(tool.annotations?.destructiveHint).toBe(false);
    }
  });
});

describe('tools on the sample invoice (by documentId)', () => {
  it('extract_text returns pages, metadata and text, and can store the text instead of returning it', async () => {
    const out = await structured('extract_text', { document: { documentId: invoiceId } });
    expect(out).toMatchObject({ mediaType: 'application/pdf', pageCount: 3, truncated: false, textTruncated: false });
    expect(out.metadata.title).toBe('Invoice INV-2025-0042');
    expect(out.text).toContain('Invoice number: INV-2025-0042');
    const stored = await structured('extract_text', { document: { documentId: invoiceId }, storeOutput: true, includeText: false });
    expect(stored.text).toBeUndefined();
    const blob = await server.store.get(stored.outputDocumentId!);
    expect(Buffer.from(blob.bytes).toString('utf8')).toBe(out.text);
    expect(blob.info).toMatchObject({ mediaType: 'text/plain; charset=utf-8', filename: 'invoice.pdf.txt' });
    const cut = await structured('extract_text', { document: { documentId: invoiceId }, maxChars: 10 });
    expect(cut).toMatchObject({ text: out.text!.slice(0, 10), textTruncated: true, chars: out.chars });
  });

  it('fingerprint_document hashes the stored bytes and flags a contradicting declared type', async () => {
    const out = await structured('fingerprint_document', { document: { documentId: invoiceId } });
    expect(out).toMatchObject({ detectedMediaType: 'application/pdf', mediaTypeMismatch: false, source: 'artifact-store', documentId: invoiceId, filename: 'invoice.pdf' });
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    const lie = await structured('fingerprint_document', { document: { documentId: invoiceId, mediaType: 'image/png' } });
    expect(lie).toMatchObject({ declaredMediaType: 'image/png', mediaTypeMismatch: true });
  });

  it('check_required_fields classifies when no type is given and reports evidence', async () => {
    const out = await structured('check_required_fields', { document: { documentId: invoiceId } });
    expect(out).toMatchObject({ documentType: 'invoice', documentTypeSource: 'classified', complete: true, missing: [] });
    expect(out.present.find((p) => p.field === 'dueDate')).toMatchObject({ value: '2025-04-02', evidence: { page: 1 } });
    const narrowed = await structured('check_required_fields', { document: { documentId: invoiceId }, documentType: 'invoice', requiredFields: ['invoiceNumber'] });
    expect(narrowed.present.map((p) => p.field)).toEqual(['invoiceNumber']);
  });

  it('check_consistency finds nothing wrong with the sample and every planted error in the inconsistent one', async () => {
    const ok = await structured('check_consistency', { document: { documentId: invoiceId } });
    expect(ok).toMatchObject({ consistent: true, asOf: '2025-06-01', counts: { error: 0, warning: 0, info: 0 } });
    const bad = await structured('check_consistency', {
      document: { contentBase64: base64(samplePdf(sampleInconsistentInvoice())), mediaType: 'application/pdf' },
      documentType: 'invoice',
      asOf: '2025-03-15',
    });
    expect(bad.consistent).toBe(false);
    expect(bad.findings.map((f) => f.code)).toEqual(['due-before-issue', 'line-item-arithmetic', 'subtotal-mismatch', 'total-mismatch', 'iban-checksum-failed']);
  });

  it('classify_document gives type, confidence and the policy verdict', async () => {
    const out = await structured('classify_document', { document: { documentId: invoiceId } });
    expect(out).toMatchObject({ documentType: 'invoice', meetsPolicyMinimum: true, policyMinimumConfidence: 0.6 });
    expect(out.signals.length).toBeGreaterThan(3);
  });

  it('detect_pii returns masked matches and counts per type', async () => {
    const out = await structured('detect_pii', { document: { documentId: invoiceId } });
    expect(out.counts).toEqual({ email: 2, phone: 1, iban: 1, 'payment-card': 0, 'national-id': 0 });
    expect(out.total).toBe(4);
    expect(JSON.stringify(out)).not.toContain('3704 0044');
  });

  it('redact returns a redacted copy and can store it', async () => {
    const out = await structured('redact', { document: { documentId: invoiceId }, style: 'keep-last-4', storeOutput: true });
    expect(out.text).toContain('IBAN: [IBAN ****3000]');
    expect(out.text).not.toMatch(/billing@/);
    expect(out.total).toBe(4);
    expect(Buffer.from((await server.store.get(out.outputDocumentId!)).bytes).toString('utf8')).toBe(out.text);
  });

  it('reports what it stored (id, size, SHA-256, media type) as the store describes it, so callers need not ask', async () => {
    for (const [tool, args] of [['redact', {}], ['extract_text', { includeText: false }]] as const) {
      const out = await structured(tool, { document: { documentId: invoiceId }, storeOutput: true, ...args });
      const info = await server.store.stat(out.outputDocumentId!);
      expect(out.outputDocument).toEqual({ documentId: info!.blobId, size: info!.size, sha256: info!.sha256, mediaType: info!.mediaType, filename: info!.filename });
    }
  });
});

describe('other document inputs', () => {
  it('accepts plain text for the analysis tools', async () => {
    const out = await structured('classify_document', { document: { text: sampleText(sampleContract()) } });
    expect(out.documentType).toBe('contract');
  });

  it('redacts labelled fields of a classified document given as text', async () => {
    const text = 'PASSPORT\nSurname: DOE\nGiven names: JANE\nDate of birth: 1990-01-02\nNationality: Utopian\nDate of expiry: 2031-01-01\nDocument number: X12';
    const out = await structured('redact', { document: { text }, fields: ['dateOfBirth', 'documentNumber'] });
    expect(out.text).toContain('Date of birth: [DATE-OF-BIRTH]');
  });
});

describe('bad arguments answer with an error result that says what was wrong', () => {
  it.each([
    [{}, /missing: give the document as \{documentId\}, \{contentBase64, mediaType\} or \{text\} at document$/],
    [{ document: {} }, /give exactly one of documentId, contentBase64 or text at document/],
    [{ document: { documentId: invoiceIdPlaceholder(), text: 'x' } }, /give only one of documentId, contentBase64 or text \(got documentId and text\)/],
    [{ document: { documentId: 'abc' } }, /must be an artifact store id .* at document\.documentId/],
    [{ document: { contentBase64: 'aGVsbG8=' } }, /is required with contentBase64 at document\.mediaType/],
    [{ document: { contentBase64: 'not base64!', mediaType: 'text/plain' } }, /is not valid base64/],
    [{ document: { text: 'x' }, documentType: 'receipt' }, /documentType/],
    [{ document: { text: 'x', documentID: 'typo' } }, /Unrecognized key.*documentID/],
    [{ document: { text: 'x' }, asOf: '2025-02-30' }, /is not a calendar date at asOf/],
  ])('check_consistency %j', async (args, message) => {
    const text = errorText(await call('check_consistency', args as Record<string, unknown>));
    expect(text).toMatch(/^MCP error -32602: Input validation error: Invalid arguments for tool check_consistency: /);
    expect(text).toMatch(message);
  });

  it('names the inline size limit', async () => {
    const small = await connectDocumentToolServer(pdf, { limits: { maxInlineBytes: 8 } });
    try {
      const result = (await small.client.callTool({ name: 'fingerprint_document', arguments: { document: { contentBase64: base64(new Uint8Array(30)), mediaType: 'application/pdf' } } })) as CallToolResult;
      expect(errorText(result)).toMatch(/larger than the 8 B inline limit; store the document and pass documentId/);
    } finally {
      await small.close();
    }
  });

  it('answers an unknown document id as not found', async () => {
    const result = await call('extract_text', { document: { documentId: '0123456789abcdef0123456789abcdef' } });
    expect(errorText(result)).toBe('extract_text failed (not-found): document.documentId: no blob with id 0123456789abcdef0123456789abcdef in the artifact store');
    expect(result._meta?.[TOOL_ERROR_META_KEY]).toEqual({ code: 'not-found', retryable: false });
  });

  it('refuses to guess a type it cannot classify confidently', async () => {
    const result = await call('check_required_fields', { document: { text: 'Dear Sam, see you Sunday.' } });
    expect(errorText(result)).toMatch(/could not determine the document type .*; pass documentType/);
  });
});

function invoiceIdPlaceholder(): string {
  return 'ffffffffffffffffffffffffffffffff';
}
