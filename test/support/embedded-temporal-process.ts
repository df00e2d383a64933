// Runs the engine CLI as a child process (as `npm run engine` does) so tests can SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface EngineProcess {
  child: ChildProcess;
  address: string;
  port: number;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export function spawnEngine(args: string[]): Promise<EngineProcess> {
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'src/embedded-temporal/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /^temporal engine listening on 127\.0\.0\.1:(\d+)$/m.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve({ child, address: `127.0.0.1:${m[1]}`, port: Number(m[1]), stderr: () => stderr, exited });
      }
    };
    child.stdout!.on('data', onData);
    exited.then((code) => reject(new Error(`engine exited (${code}) before it was ready: ${stderr}`)));
  });
}

export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'src/embedded-temporal/cli.ts', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
