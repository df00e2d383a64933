// A port already in use stops start-up with an error naming the setting that chose it (ENGINE_PORT,
// PORT, MCP_PORT, METRICS_PORT), not only the socket error, and what had started is closed again.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/main';

let blocker: Server;
let busyPort: number;
let dataDir: string;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'busy-ports-'));
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  busyPort = (blocker.address() as { port: number }).port;
});

afterEach(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

async function startError(env: Record<string, string>): Promise<Error> {
  try {
    await main({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0', ENGINE_PORT: '0', MCP_PORT: '0', ...env });
  } catch (err) {
    return err as Error;
  }
  throw new Error('start-up succeeded on a busy port');
}

describe('a busy port', () => {
  it('for the embedded engine names ENGINE_PORT', async () => {
    const error = await startError({ ENGINE_PORT: String(busyPort), RUN_WORKER: 'false' });
    expect(error.message).toContain(`ENGINE_PORT=${busyPort}`);
    expect(error.message).toContain('in use');
  });

  it('for the A2A API names PORT', async () => {
    const error = await startError({ PORT: String(busyPort), RUN_WORKER: 'false' });
    expect(error.message).toMatch(new RegExp(`(^|[^_])PORT=${busyPort}`));
    expect(error.message).not.toContain('ENGINE_PORT');
  });

  it('for the metrics listener names METRICS_PORT', async () => {
    const error = await startError({ METRICS_PORT: String(busyPort), RUN_WORKER: 'false' });
    expect(error.message).toContain(`METRICS_PORT=${busyPort}`);
  });

  it('for the in-process tool server names MCP_PORT', async () => {
    const error = await startError({ MCP_PORT: String(busyPort) });
    expect(error.message).toContain(`MCP_PORT=${busyPort}`);
  });
});

describe('npm run mcp on a busy port', () => {
  it('exits naming MCP_PORT', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['-r', './scripts/register-ts.js', 'src/mcp-server/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', MCP_PORT: String(busyPort), ARTIFACT_STORE_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`MCP_PORT=${busyPort}`);
  });
});
