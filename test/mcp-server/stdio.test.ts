import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sampleInvoice, samplePdf } from '../../src/documents/samples';
import { loadMcpConfig } from '../../src/mcp-server/config';

const root = join(__dirname, '..', '..');

describe('npm run mcp -- --stdio', () => {
  it('serves the tools to a client that spawns it, logging to stderr only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-stdio-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['-r', './scripts/register-ts.js', 'src/mcp-server/main.ts', '--stdio'],
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ARTIFACT_STORE_DIR: dir, LOG_LEVEL: 'info' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      expect((await client.listTools()).tools).toHaveLength(7);
      // A PDF proves the extraction worker thread loads under `node -r register-ts`, not only under jest.
      const document = { contentBase64: Buffer.from(samplePdf(sampleInvoice())).toString('base64'), mediaType: 'application/pdf' };
      const result = (await client.callTool({ name: 'extract_text', arguments: { document, includeText: false } })) as CallToolResult;
      expect(result.structuredContent).toMatchObject({ mediaType: 'application/pdf', pageCount: 3, metadata: { title: 'Invoice INV-2025-0042' } });
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadMcpConfig', () => {
  it('defaults to HTTP on 127.0.0.1:8081 without required tokens in development', () => {
    expect(loadMcpConfig({}, [])).toMatchObject({ mode: 'http', host: '127.0.0.1', port: 8081, tokens: [], requireToken: false, artifactDir: '.data/artifacts' });
  });

  it('requires a token in production unless told otherwise, and parses token grants', () => {
    expect(loadMcpConfig({ NODE_ENV: 'production' }, []).requireToken).toBe(true);
    expect(loadMcpConfig({ NODE_ENV: 'production', MCP_REQUIRE_TOKEN: 'false' }, []).requireToken).toBe(false);
    expect(loadMcpConfig({ MCP_REQUIRE_TOKEN: 'true' }, ['--stdio'])).toMatchObject({ requireToken: true, mode: 'stdio' });
    expect(loadMcpConfig({ MCP_TOKENS: 'svc=0123456789abcdef0123:redact' }, []).tokens).toEqual([
      { name: 'svc', token: '0123456789abcdef0123', allowedTools: ['redact'] },
    ]);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadMcpConfig({ MCP_PORT: 'eighty' }, [])).toThrow(/invalid MCP server configuration: MCP_PORT/);
    expect(() => loadMcpConfig({ MCP_TOKENS: 'x=short' }, [])).toThrow(/invalid MCP_TOKENS: token of "x" is shorter/);
  });
});
