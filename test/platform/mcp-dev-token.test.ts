// The in-process document tool server as `npm start` wires it in development: it refuses requests
// without its token (any local process could otherwise read a stored document's unredacted text
// through `document://{id}/text`), while the worker's own MCP client, given the generated token, works.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { createMemoryArtifactStore } from '../../src/artifact-store';
import { loadConfig } from '../../src/config';
import { startAgentTools, type AgentTools } from '../../src/platform/agent-tools';
import { platformOptionsFromConfig } from '../../src/platform/platform-config';
import { captureLogs } from '../security/support/log-capture';

let dataDir: string;
let tools: AgentTools | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mcp-dev-token-'));
});
afterEach(async () => {
  await tools?.close();
  tools = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

async function startDevTools(): Promise<AgentTools> {
  const logs = captureLogs();
  const options = platformOptionsFromConfig(loadConfig({ DATA_DIR: dataDir, MCP_PORT: '0' }), logs.logger);
  // The stream sink's Temporal client is never used by these calls.
  return startAgentTools({
    client: {} as Client,
    artifacts: createMemoryArtifactStore(),
    mcpServers: options.mcpServers,
    toolServer: options.toolServer,
    logger: logs.logger,
  });
}

const rpc = (method: string, params: object) => ({ jsonrpc: '2.0', id: 1, method, params });

describe('the in-process MCP tool server in development', () => {
  it('refuses a request without its token (401), while the platform’s own tools still work', async () => {
    tools = await startDevTools();
    const url = tools.toolServer!.url;
    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(rpc('resources/read', { uri: 'document://0123456789abcdef0123456789abcdef/text' })),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: 'Bearer not-the-token-0123456789' },
      body: JSON.stringify(rpc('tools/list', {})),
    });
    expect(wrong.status).toBe(401);

    const connection = await tools.pool.acquire('documents');
    expect((await connection.tools()).map((t) => t.name)).toContain('fingerprint_document');
    const result = await connection.client.callTool({ name: 'fingerprint_document', arguments: { document: { text: 'hello' } } });
    expect(result.isError).toBeFalsy();
  });

  it('keeps its generated token in DATA_DIR/secrets, private, and the same across restarts', async () => {
    const first = platformOptionsFromConfig(loadConfig({ DATA_DIR: dataDir }), captureLogs().logger).toolServer;
    const file = join(dataDir, 'secrets', 'mcp-token.key');
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    const second = platformOptionsFromConfig(loadConfig({ DATA_DIR: dataDir }), captureLogs().logger).toolServer;
    expect(first?.requireToken).toBe(true);
    expect(first?.tokens).toHaveLength(1);
    expect(second?.tokens?.[0]?.token).toBe(first?.tokens?.[0]?.token);
  });
});
