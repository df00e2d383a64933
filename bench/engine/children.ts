// Forks the benchmark's engine and worker children and asks them for their resource figures.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { ProcessStats } from './stats';

const ROOT = path.resolve(__dirname, '../..');

export interface Child {
  proc: ChildProcess;
  ready: Promise<{ address?: string }>;
  stats(): Promise<ProcessStats>;
}

export function forkChild(file: string, env: Record<string, string>, extraExecArgv: string[] = []): Child {
  const proc = fork(path.join(__dirname, file), [], {
    cwd: ROOT,
    execArgv: ['-r', './scripts/register-ts.js', '--expose-gc', ...extraExecArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const ready = new Promise<{ address?: string }>((resolve, reject) => {
    proc.on('message', (m: { type?: string; address?: string }) => m?.type === 'ready' && resolve(m));
    proc.on('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
  return {
    proc,
    ready,
    stats: () =>
      new Promise((resolve) => {
        const id = ++seq;
        const onMessage = (m: { type?: string; id?: number; stats?: ProcessStats }) => {
          if (m?.type === 'stats' && m.id === id) {
            proc.off('message', onMessage);
            resolve(m.stats!);
          }
        };
        proc.on('message', onMessage);
        proc.send({ type: 'stats', id });
      }),
  };
}
