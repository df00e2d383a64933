// Runs an npm script (`npm start`, `npm run engine`) as a real child process tree, as an operator
// does, and finds every process it started, so a test can signal npm and check nothing outlives it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface NpmScriptProcess {
  npm: ChildProcess;
  /** Every process below npm once the script was ready (the shell, if any, and Node). */
  descendants: number[];
  output(): string;
  /** npm's exit code, or the signal that ended it. */
  exited: Promise<number | string>;
}

/** Starts `npm run <script> -- <args>` and resolves once its output matches `ready`. */
export function spawnNpmScript(options: {
  script: string;
  args?: string[];
  env: Record<string, string>;
  ready: RegExp;
  readyTimeoutMs: number;
  /** Its own process group (as in a terminal), so the test can send SIGINT to the group like Ctrl-C. */
  processGroup?: boolean;
}): Promise<NpmScriptProcess> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', ...options.env };
  const npm = spawn('npm', ['run', '--silent', options.script, ...(options.args ? ['--', ...options.args] : [])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup ?? false,
  });
  let output = '';
  npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => npm.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run ${options.script} was not ready within ${options.readyTimeoutMs} ms:\n${output.slice(-3000)}`)), options.readyTimeoutMs);
    const onData = () => {
      if (!options.ready.test(output)) return;
      clearTimeout(timer);
      npm.stdout!.off('data', onData);
      resolve({ npm, descendants: descendantsOf(npm.pid!), output: () => output, exited });
    };
    npm.stdout!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm run ${options.script} exited before it was ready:\n${output.slice(-3000)}`));
    });
  });
}

function descendantsOf(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    children = []; // pgrep exits 1 when there are none
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs` (a bound, not a goal). */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
