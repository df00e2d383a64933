import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sampleInvoice, samplePdf } from '../../src/documents/samples';
import { loadMcpConfig } from '../../src/mcp-server/config';
import { resolveMcpSecrets } from '../../src/mcp-server/secrets';
import { loadConfig } from '../../src/config';
import { toolServerSettings } from '../../src/platform/platform-config';
import { rawBytesUnder } from '../support/raw-files';

const root = join(__dirname, '..', '..');

describe('npm run mcp -- --stdio', () => {
  it('serves the tools to a client that spawns it, logging to stderr only, and stores text sealed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-stdio-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['-r', './scripts/register-ts.js', 'src/mcp-server/main.ts', '--stdio'],
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, ARTIFACT_STORE_DIR: join(dir, 'artifacts'), LOG_LEVEL: 'info' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      expect((await client.listTools()).tools).toHaveLength(7);
      // A PDF proves the extraction worker thread loads under `node -r register-ts`, not only under jest.
      const document = { contentBase64: Buffer.from(samplePdf(sampleInvoice())).toString('base64'), mediaType: 'application/pdf' };
      const result = (await client.callTool({ name: 'extract_text', arguments: { document, storeOutput: true } })) as CallToolResult;
      expect(result.structuredContent).toMatchObject({ mediaType: 'application/pdf', pageCount: 3, metadata: { title: 'Invoice INV-2025-0042' } });
      // The extracted text went to the artifact store under DATA_DIR, sealed with the development payload key.
      const { text, outputDocumentId } = result.structuredContent as { text: string; outputDocumentId: string };
      expect(outputDocumentId).toMatch(/^[0-9a-f]{32}$/);
      const line = text.split('\n').find((l) => l.trim().length > 12)!;
      expect((await rawBytesUnder(join(dir, 'artifacts'))).includes(Buffer.from(line.trim()))).toBe(false);
      expect((await stat(join(dir, 'secrets', 'payload-keys.json'))).isFile()).toBe(true);
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadMcpConfig', () => {
  it('defaults to HTTP on 127.0.0.1:8081 requiring a token, also in development, and encrypting blobs', () => {
    expect(loadMcpConfig({}, [])).toMatchObject({ mode: 'http', host: '127.0.0.1', port: 8081, tokens: [], requireToken: true, artifactDir: '.data/artifacts', payloadKeys: {} });
    expect(loadMcpConfig({ DATA_DIR: '/srv/a2a' }, []).artifactDir).toBe('/srv/a2a/artifacts');
    expect(loadMcpConfig({ PAYLOAD_ENCRYPTION_DISABLED: 'true' }, []).payloadKeys).toBeUndefined();
  });

  it('requires a token unless told otherwise, and parses token grants', () => {
    expect(loadMcpConfig({ NODE_ENV: 'production' }, []).requireToken).toBe(true);
    expect(loadMcpConfig({ MCP_REQUIRE_TOKEN: 'false' }, []).requireToken).toBe(false);
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

describe('resolveMcpSecrets', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mcp-secrets-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('in development over HTTP uses the token generated into DATA_DIR/secrets, the one npm start uses too', () => {
    const secrets = resolveMcpSecrets(loadMcpConfig({ DATA_DIR: dataDir }, []));
    expect(secrets.devTokenFile).toBe(join(dataDir, 'secrets', 'mcp-token.key'));
    expect(secrets.tokens).toHaveLength(1);
    expect(secrets.tokens[0]!.token).toBe(toolServerSettings(loadConfig({ DATA_DIR: dataDir })).tokens?.[0]?.token);
    expect(secrets.encryption?.keys).toHaveLength(1);
    expect(resolveMcpSecrets(loadMcpConfig({ DATA_DIR: dataDir, MCP_TOKENS: 'svc=0123456789abcdef0123' }, [])).tokens.map((t) => t.name)).toEqual(['svc']);
  });

  it('takes no token over stdio, where only the spawning process can reach the server', () => {
    expect(resolveMcpSecrets(loadMcpConfig({ DATA_DIR: dataDir }, ['--stdio'])).tokens).toEqual([]);
  });

  it('in production generates nothing: it needs MCP_TOKENS and PAYLOAD_ENCRYPTION_KEYS', () => {
    expect(() => resolveMcpSecrets(loadMcpConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' }, []))).toThrow(/PAYLOAD_ENCRYPTION_KEYS/);
    const key = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    const secrets = resolveMcpSecrets(loadMcpConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', PAYLOAD_ENCRYPTION_KEYS: key }, []));
    expect(secrets).toMatchObject({ tokens: [], encryption: { keys: [{ id: 'k1' }] } });
    expect(secrets.devTokenFile).toBeUndefined();
  });
});
