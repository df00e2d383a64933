// `npm start` and `npm run engine` stop with the npm process that runs them: SIGTERM to npm reaches
// Node, and after SIGKILL to npm (which nothing can forward) Node notices its parent is gone. Either
// way no process of the script is left holding its ports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isRunning, portIsFree, spawnNpmScript, waitUntil, type NpmScriptProcess } from './npm-script-process';

jest.setTimeout(240_000);

/** Generous bounds: a cold start bundles the workflows on a busy machine; a graceful stop drains. */
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 45_000;

const started: NpmScriptProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const script of started.splice(0)) {
    for (const pid of [script.npm.pid!, ...script.descendants]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ports = (text: string) => [...new Set([...text.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])))];

async function expectAllStopped(script: NpmScriptProcess, listening: number[]): Promise<void> {
  expect(script.descendants.length).toBeGreaterThan(0);
  await waitUntil('every process npm started has exited', () => script.descendants.every((pid) => !isRunning(pid)), STOP_TIMEOUT_MS);
  for (const port of listening) await waitUntil(`port ${port} is free`, () => portIsFree(port), STOP_TIMEOUT_MS);
}

async function startStack(processGroup = false): Promise<{ script: NpmScriptProcess; listening: number[] }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'npm-start-'));
  dirs.push(dataDir);
  const script = await spawnNpmScript({
    script: 'start',
    env: { NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: dataDir, PORT: '0', ENGINE_PORT: '0', MCP_PORT: '0' },
    ready: /a2a-temporal is ready[\s\S]*Try it:/,
    readyTimeoutMs: READY_TIMEOUT_MS,
    processGroup,
  });
  started.push(script);
  const banner = script.output().slice(script.output().indexOf('a2a-temporal is ready'));
  const listening = ports(banner.slice(0, banner.indexOf('Auth:')));
  expect(listening.length).toBe(3); // engine, API, tool server
  return { script, listening };
}

describe('npm start', () => {
  it('on Ctrl-C (SIGINT to the process group) stops gracefully, and npm exits 0', async () => {
    const { script, listening } = await startStack(true);
    process.kill(-script.npm.pid!, 'SIGINT');
    await expectAllStopped(script, listening);
    expect(await script.exited).toBe(0);
  });

  it('when npm is sent SIGTERM, the Node process stops and frees its ports', async () => {
    const { script, listening } = await startStack();
    script.npm.kill('SIGTERM');
    await expectAllStopped(script, listening);
  });

  it('when npm is killed with SIGKILL, the Node process notices and stops, freeing its ports', async () => {
    const { script, listening } = await startStack();
    script.npm.kill('SIGKILL');
    await expectAllStopped(script, listening);
  });
});

describe('npm run engine', () => {
  it('when npm is killed with SIGKILL, the engine stops and frees its port', async () => {
    const script = await spawnNpmScript({ script: 'engine', args: ['--port', '0'], env: {}, ready: /listening on 127\.0\.0\.1:\d+/, readyTimeoutMs: READY_TIMEOUT_MS });
    started.push(script);
    script.npm.kill('SIGKILL');
    await expectAllStopped(script, ports(script.output()));
  });
});
