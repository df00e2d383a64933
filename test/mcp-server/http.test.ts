import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createMemoryArtifactStore } from '../../src/artifact-store';
import { createPdfExtractor, defaultVerificationPolicy, type PdfExtractor } from '../../src/documents';
import { sampleInvoice, samplePdf } from '../../src/documents/samples';
import { parseTokenGrants, startMcpHttpServer, type McpHttpServer } from '../../src/mcp-server';
import { captureLogger } from '../support/mcp-server-harness';

const FULL = 'full-access-token-0123456789';
const NARROW = 'narrow-access-token-9876543210';
const store = createMemoryArtifactStore();
const log = captureLogger();
let pdf: PdfExtractor;
let http: McpHttpServer;

beforeAll(async () => {
  pdf = createPdfExtractor({ maxWorkers: 1 });
  http = await startMcpHttpServer({
    store,
    pdf,
    policy: defaultVerificationPolicy(),
    logger: log.logger,
    port: 0,
    tokens: parseTokenGrants(`worker=${FULL}:*;viewer=${NARROW}:fingerprint_document`),
    maxBodyBytes: 64 * 1024,
    limits: { maxInlineBytes: 32 * 1024 },
  });
});
afterAll(async () => {
  await http.close();
  await pdf.close();
});

async function connectClient(token: string): Promise<Client> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

const post = (headers: Record<string, string>, body = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}') =>
  fetch(http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });

describe('Streamable HTTP transport', () => {
  it('listens on the loopback address it was given and answers health checks without a token', async () => {
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const res = await fetch(new URL('/healthz', http.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 401 with a Bearer challenge without a token or with a wrong one, and logs the refusal', async () => {
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="mcp"');
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('unauthorized: a bearer token is required');
    const wrong = await post({ authorization: 'Bearer not-the-right-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(log.lines.filter((l) => l.event === 'mcp.auth_refused').map((l) => l.reason)).toEqual(expect.arrayContaining(['missing', 'invalid']));
    expect(JSON.stringify(log.lines)).not.toContain('not-the-right-token');
  });

  it('runs a tool end to end for an authorised client, by document id', async () => {
    const { blobId } = await store.put(samplePdf(sampleInvoice()), { mediaType: 'application/pdf' });
    const client = await connectClient(FULL);
    try {
      expect((await client.listTools()).tools).toHaveLength(7);
      const result = (await client.callTool({ name: 'check_required_fields', arguments: { document: { documentId: blobId } } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ documentType: 'invoice', complete: true });
    } finally {
      await client.close();
    }
    expect(log.lines.find((l) => l.event === 'mcp.tool_call' && l.tool === 'check_required_fields')).toMatchObject({ principal: 'worker', outcome: 'ok' });
  });

  it("enforces the token's tool allowlist on tools/list and tools/call", async () => {
    const client = await connectClient(NARROW);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['fingerprint_document']);
      const denied = (await client.callTool({ name: 'extract_text', arguments: { document: { text: 'x' } } })) as CallToolResult;
      expect(denied.isError).toBe(true);
      expect((denied.content[0] as { text: string }).text).toMatch(/Tool extract_text not found/);
      const allowed = (await client.callTool({ name: 'fingerprint_document', arguments: { document: { text: 'x' } } })) as CallToolResult;
      expect(allowed.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('refuses bodies over the limit with 413', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'detect_pii', arguments: { document: { text: 'x'.repeat(70 * 1024) } } } });
    const res = await post({ authorization: `Bearer ${FULL}` }, big);
    expect(res.status).toBe(413);
  });

  it('is stateless: GET and DELETE answer 405', async () => {
    const res = await fetch(http.url, { headers: { authorization: `Bearer ${FULL}`, accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('refuses browser origins and foreign Host headers (DNS rebinding)', async () => {
    expect((await post({ authorization: `Bearer ${FULL}`, origin: 'https://evil.example' })).status).toBe(403);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: { host: 'evil.example', authorization: `Bearer ${FULL}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });
});

describe('startMcpHttpServer configuration', () => {
  it('refuses to start without a token when one is required (outside development)', async () => {
    await expect(
      startMcpHttpServer({ store, pdf, policy: defaultVerificationPolicy(), logger: log.logger, port: 0, requireToken: true }),
    ).rejects.toThrow(/refusing to start the MCP server without a bearer token/);
  });

  it('rejects malformed token specifications', () => {
    expect(() => parseTokenGrants('short')).toThrow(/shorter than 16/);
    expect(() => parseTokenGrants(`${FULL}:extract_text,launch_missiles`)).toThrow(/unknown tool\(s\) in allowlist: launch_missiles/);
    expect(parseTokenGrants(`${FULL}`)[0]).toMatchObject({ name: expect.stringMatching(/^token-[0-9a-f]{8}$/), allowedTools: '*' });
  });
});
