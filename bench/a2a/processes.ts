// Starts the platform's processes the way production runs them (the engine CLI, `npm start` as a
// worker and as an API) and cleans up after itself: every child is killed and every temporary data
// directory removed, also when the benchmark fails or is interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
/** What `npm run engine` and `npm start` run, minus the npm wrapper process. */
const ENGINE_ENTRY = 'src/embedded-temporal/cli.ts';
const MAIN_ENTRY = 'src/main.ts';

/** The Node flags a package.json script passes (heap settings), so children run as production does. */
function nodeFlagsOf(script: 'start' | 'engine'): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts[script].split(/\s+/).filter((arg) => /^--[\w-]+(=\S+)?$/.test(arg));
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The first capture group of the readiness pattern. */
  ready: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `a2a-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

/** Kills whatever is still running and removes temporary directories (safe to call twice). */
export function cleanupSync(): void {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

process.once('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanupSync();
    process.exit(130);
  });
}

interface SpawnOptions {
  name: string;
  entry: string;
  /** Node's own flags, before the entry. */
  nodeArgs?: string[];
  args?: string[];
  env?: Record<string, string>;
  /** Matched against stdout; the child is ready at the first match. */
  ready: RegExp;
  ipc?: boolean;
  timeoutMs?: number;
}

/** BENCH_A2A_<NAME>_NODE_ARGS (e.g. BENCH_A2A_API_NODE_ARGS='--cpu-prof') profiles one child. */
function extraNodeArgs(name: string): string[] {
  return (process.env[`BENCH_A2A_${name.toUpperCase().replace(/\W/g, '_')}_NODE_ARGS`] ?? '').split(' ').filter(Boolean);
}

export function spawnNode(options: SpawnOptions): Promise<Child> {
  const args = [...(options.nodeArgs ?? []), ...extraNodeArgs(options.name), '-r', './scripts/register-ts.js', options.entry, ...(options.args ?? [])];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  children.add(proc);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 20) tail.shift();
  };
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(proc);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('not ready in time')), options.timeoutMs ?? 120_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`${options.name}: ${err.message}\n${tail.join('')}`));
    };
    const onData = (chunk: Buffer) => {
      keep(chunk);
      out += chunk.toString();
      const match = options.ready.exec(out);
      if (!match) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      proc.stdout!.on('data', keep); // keep draining, or the child blocks on a full pipe
      proc.off('exit', onExit);
      resolve({ name: options.name, proc, ready: match[1] ?? match[0], stop });
    };
    const onExit = (code: number | null) => fail(new Error(`exited with ${code} before it was ready`));
    proc.stdout!.on('data', onData);
    proc.once('exit', onExit);
  });
}

/**
 * One deployment's processes share a data directory (the development JWT secret, payload keys and
 * tokens live there, so authentication and payload encryption stay on as in production). Rate and
 * stream limits are off: the benchmark measures capacity, not policy. The worker's tool server
 * takes a free port.
 */
export function deploymentEnv(dataDir: string): Record<string, string> {
  return { DATA_DIR: dataDir, MCP_PORT: '0', RATE_LIMIT_PER_SECOND: '0', MAX_STREAMS_PER_PRINCIPAL: '0' };
}

/** The `dev-user` token the API wrote to `<DATA_DIR>/dev-tokens.json` at start. */
export function devUserHeaders(dataDir: string): Record<string, string> {
  const file = JSON.parse(readFileSync(path.join(dataDir, 'dev-tokens.json'), 'utf8')) as { tokens: Record<string, { token: string }> };
  return { authorization: `Bearer ${file.tokens['dev-user'].token}` };
}

export function startEngine(dataDir: string): Promise<Child> {
  return spawnNode({ name: 'engine', entry: ENGINE_ENTRY, nodeArgs: nodeFlagsOf('engine'), args: ['--port', '0', '--data-dir', path.join(dataDir, 'engine')], ready: /listening on (\S+)/ });
}

/** `RUN_API=false npm start`: the worker alone, on the engine at `address`. */
export function startWorker(address: string, dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  return spawnNode({
    name: 'worker',
    entry: MAIN_ENTRY,
    nodeArgs: nodeFlagsOf('start'),
    env: { ...deploymentEnv(dataDir), RUN_API: 'false', TEMPORAL_ADDRESS: address, ...env },
    ready: /a2a-temporal is (ready)/,
  });
}

/** `RUN_WORKER=false npm start`: the API alone; resolves with its base URL. */
export function startApi(address: string, dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  return spawnNode({
    name: 'api',
    entry: MAIN_ENTRY,
    nodeArgs: nodeFlagsOf('start'),
    env: { ...deploymentEnv(dataDir), RUN_WORKER: 'false', TEMPORAL_ADDRESS: address, PORT: '0', ...env },
    ready: /A2A API:\s+(http:\/\/\S+)/,
  });
}

/** Resident and peak resident memory of a process, from /proc (Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** CPU seconds a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ 100)
}
