import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createPdfExtractor, DocumentError, type PdfExtractor } from '../../src/documents';
import { sampleInvoice, samplePdf } from '../../src/documents/samples';
import { TOOL_ERROR_META_KEY } from '../../src/mcp-server';
import { base64, encryptedPdf } from '../support/mcp-documents';
import { connectDocumentToolServer, type ConnectedServer } from '../support/mcp-server-harness';

let pdf: PdfExtractor;
beforeAll(() => {
  pdf = createPdfExtractor({ maxWorkers: 2 });
});
afterAll(() => pdf.close());

const open: ConnectedServer[] = [];
async function connect(...args: Parameters<typeof connectDocumentToolServer>): Promise<ConnectedServer> {
  const server = await connectDocumentToolServer(...args);
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const inlinePdf = (bytes: Uint8Array) => ({ document: { contentBase64: base64(bytes), mediaType: 'application/pdf' } });
const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;

describe('hostile PDFs', () => {
  it.each([
    ['corrupt', new Uint8Array(Buffer.from('%PDF-1.4\n\u0001\u0002 not really a pdf\n%%EOF\n', 'latin1')), /extract_text failed \(corrupt\): the PDF is corrupt/],
    ['truncated', () => samplePdf(sampleInvoice()).slice(0, 2000), /extract_text failed \(truncated\): the PDF is truncated/],
    ['encrypted', () => encryptedPdf(), /extract_text failed \(encrypted\): the PDF is encrypted/],
    ['not a PDF', new Uint8Array(Buffer.from('just words')), /extract_text failed \(corrupt\): not a PDF: no %PDF- header/],
  ])('answers a %s PDF with an error result, and the server keeps serving', async (code, input, message) => {
    const { client } = await connect(pdf);
    const bytes = typeof input === 'function' ? input() : input;
    const result = (await client.callTool({ name: 'extract_text', arguments: inlinePdf(bytes) })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(message);
    expect(result._meta?.[TOOL_ERROR_META_KEY]).toMatchObject({ code: code === 'not a PDF' ? 'corrupt' : code, retryable: false });
    const next = (await client.callTool({ name: 'classify_document', arguments: inlinePdf(samplePdf(sampleInvoice())) })) as CallToolResult;
    expect(next.isError).toBeFalsy();
  });
});

describe('time limits', () => {
  it('stops a run that exceeds its limit, aborting the extraction, and says which limit', async () => {
    let aborted = false;
    const stuck: PdfExtractor = {
      extract: (_bytes, { signal } = {}) =>
        new Promise((_, reject) => {
          signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new DocumentError('aborted', 'stopped'));
          });
        }),
      close: async () => undefined,
    };
    const { client } = await connect(stuck, { limits: { toolTimeoutMs: 30_000, toolTimeoutsMs: { check_consistency: 100 } } });
    const result = (await client.callTool({ name: 'check_consistency', arguments: inlinePdf(samplePdf(sampleInvoice())) })) as CallToolResult;
    expect(text(result)).toBe('check_consistency failed (timeout): check_consistency exceeded its time limit of 100 ms and was stopped');
    expect(result._meta?.[TOOL_ERROR_META_KEY]).toEqual({ code: 'timeout', retryable: false });
    expect(aborted).toBe(true);
  });

  it('terminates a real worker stuck in a loop', async () => {
    const hung = createPdfExtractor({ workerScript: join(__dirname, '..', 'documents', 'fixtures', 'endless-worker.mjs'), maxWorkers: 1 });
    try {
      const { client } = await connect(hung, { limits: { toolTimeoutMs: 200 } });
      const result = (await client.callTool({ name: 'extract_text', arguments: inlinePdf(samplePdf(sampleInvoice())) })) as CallToolResult;
      expect(text(result)).toMatch(/exceeded its time limit of 200 ms and was stopped/);
    } finally {
      // Resolves only once the looping thread is gone: terminate() really stopped it.
      await hung.close();
    }
  });
});

describe('tool allowlist', () => {
  it('shows only allowed tools and answers a call to any other tool as not found', async () => {
    const { client, log } = await connect(pdf, { allowedTools: ['fingerprint_document', 'classify_document'] });
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['classify_document', 'fingerprint_document']);
    const result = (await client.callTool({ name: 'redact', arguments: { document: { text: 'x' } } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/Tool redact not found/);
    expect(log.lines.find((l) => l.tool === 'redact')).toMatchObject({ outcome: 'error', errorCode: 'unknown-tool' });
  });

  it('hides document resources from principals that may not read content, but keeps the policy', async () => {
    const { client, store } = await connect(pdf, { allowedTools: ['fingerprint_document'] });
    const { blobId } = await store.put(new Uint8Array(Buffer.from('secret')), { mediaType: 'text/plain' });
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    await expect(client.readResource({ uri: `document://${blobId}` })).rejects.toThrow(/not found/);
    expect((await client.readResource({ uri: 'policy://verification' })).contents).toHaveLength(1);
  });
});

describe('audit log', () => {
  it('logs one line per call with a digest of the arguments and never their content', async () => {
    const { client, log } = await connect(pdf);
    const secret = 'Mail jane@example.com, IBAN GB29 NWBK 6016 1331 9268 19';
    await client.callTool({ name: 'detect_pii', arguments: { document: { text: secret }, types: ['email', 'iban'] } });
    await client.callTool({ name: 'detect_pii', arguments: { types: ['email', 'iban'], document: { text: secret } } });
    await client.callTool({ name: 'detect_pii', arguments: { document: { text: secret }, typo: true } });
    const calls = log.lines.filter((l) => l.event === 'mcp.tool_call');
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatchObject({
      tool: 'detect_pii',
      outcome: 'ok',
      args: { document: { textChars: secret.length }, types: ['email', 'iban'] },
      durationMs: expect.any(Number),
    });
    expect(calls[0]!.argsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(calls[1]!.argsDigest).toBe(calls[0]!.argsDigest);
    expect(calls[2]).toMatchObject({ outcome: 'error', errorCode: 'invalid-arguments' });
    const everything = JSON.stringify(log.lines);
    expect(everything).not.toContain('jane@example.com');
    expect(everything).not.toContain('NWBK');
  });
});

describe('resources', () => {
  it('lists the document templates and the policy, but no documents', async () => {
    const { client } = await connect(pdf);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['policy://verification']);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'document://{documentId}/text',
      'document://{documentId}',
    ]);
  });

  it('reads a stored document raw and as text, and the verification policy', async () => {
    const { client, store } = await connect(pdf);
    const { blobId } = await store.put(samplePdf(sampleInvoice()), { mediaType: 'application/pdf' });
    const raw = await client.readResource({ uri: `document://${blobId}` });
    expect(raw.contents[0]).toMatchObject({ mimeType: 'application/pdf', blob: base64(samplePdf(sampleInvoice())) });
    const asText = await client.readResource({ uri: `document://${blobId}/text` });
    expect(asText.contents[0]).toMatchObject({ mimeType: 'text/plain', text: expect.stringContaining('INV-2025-0042') });
    const [policyContent] = (await client.readResource({ uri: 'policy://verification' })).contents;
    const policy = JSON.parse(policyContent && 'text' in policyContent ? policyContent.text : '{}');
    expect(policy.approval).toMatchObject({ riskThreshold: 0.5, allowedDecisions: ['approve', 'reject', 'request-changes'] });
    expect(policy.requiredFields.invoice).toContain('invoiceNumber');
  });

  it('answers unknown and malformed document ids with errors', async () => {
    const { client } = await connect(pdf);
    await expect(client.readResource({ uri: 'document://0123456789abcdef0123456789abcdef' })).rejects.toThrow(/Resource not found: document 0123456789abcdef0123456789abcdef/);
    await expect(client.readResource({ uri: 'document://..%2F..%2Fetc' })).rejects.toThrow(/32 lower-case hexadecimal/);
  });
});

describe('verification_report prompt', () => {
  it('builds report instructions for the audience with the findings and the approval policy', async () => {
    const { client } = await connect(pdf);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['verification_report']);
    const findings = JSON.stringify({ findings: [{ code: 'total-mismatch', severity: 'error' }], risk: 0.3 });
    const prompt = await client.getPrompt({ name: 'verification_report', arguments: { findings, audience: 'requester', documentName: 'invoice.pdf' } });
    const body = (prompt.messages[0]!.content as { text: string }).text;
    expect(body).toMatch(/the document "invoice.pdf" for the person who submitted the document/);
    expect(body).toMatch(/Recommend one of: approve, reject, request-changes/);
    expect(body).toContain('"code": "total-mismatch"');
  });

  it('rejects findings that are not JSON and unknown audiences', async () => {
    const { client } = await connect(pdf);
    await expect(client.getPrompt({ name: 'verification_report', arguments: { findings: '{oops' } })).rejects.toThrow(/findings must be JSON/);
    await expect(client.getPrompt({ name: 'verification_report', arguments: { findings: '{}', audience: 'boss' } })).rejects.toThrow(/audience/);
  });
});
