// The platform as `npm start` runs it (src/main.ts: embedded engine on a data directory, worker, MCP
// tool server, A2A API), in a child process that tests can SIGKILL or SIGTERM and start again on the
// same data directory; or one part of it (an API-only process, a worker process) against an engine.
// Ports are picked by the OS (0) and read back from the readiness lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { parseCodecKeys } from '../../src/codec/codec-keys';
import { createEncryptionCodec } from '../../src/codec/encryption-codec';

const ROOT = path.resolve(__dirname, '../..');

export interface StackProcessOptions {
  dataDir: string;
  /** Settings on top of the defaults below (any variable of src/config.ts). */
  env?: Record<string, string>;
  /** How long to wait for the readiness lines (a cold start bundles the workflows). */
  readyTimeoutMs?: number;
}

export interface StackProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` of the A2A API. */
  apiUrl: string;
  /** host:port of the embedded engine. */
  temporalAddress: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A payload key for PAYLOAD_ENCRYPTION_KEYS, so a test client can read the encrypted history too. */
export function newPayloadKeySpec(id = 'faults'): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export function spawnStack(options: StackProcessOptions): Promise<StackProcess> {
  return spawnEntry('src/main.ts', options, (output) => {
    const api = /A2A API:\s+(http:\/\/\S+)/.exec(output);
    const temporal = /Temporal:\s+(\S+)/.exec(output);
    return api && temporal ? { apiUrl: api[1], temporalAddress: temporal[1] } : undefined;
  });
}

/**
 * One more worker process (`npm run worker`: src/worker-main.ts, no API) on the engine or cluster at
 * `env.TEMPORAL_ADDRESS`; `apiUrl` is empty. Ready once it has printed where its Temporal is.
 */
export function spawnWorkerProcess(options: StackProcessOptions & { env: { TEMPORAL_ADDRESS: string } }): Promise<StackProcess> {
  return spawnEntry('src/worker-main.ts', options, (output) => {
    const temporal = /a2a-temporal is ready\s+Temporal:\s+(\S+)/.exec(output);
    return temporal ? { apiUrl: '', temporalAddress: temporal[1] } : undefined;
  });
}

function spawnEntry(
  entry: string,
  options: StackProcessOptions,
  ready: (output: string) => Pick<StackProcess, 'apiUrl' | 'temporalAddress'> | undefined,
): Promise<StackProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: options.dataDir,
    PORT: '0',
    ENGINE_PORT: '0',
    MCP_PORT: '0',
    ...options.env,
  };
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} was not ready within ${options.readyTimeoutMs ?? 120_000} ms:\n${output.slice(-3000)}`));
    }, options.readyTimeoutMs ?? 120_000);
    const onData = () => {
      const found = ready(output);
      if (!found) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ child, ...found, output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
}

/** Stops a child for good (SIGKILL) and waits for it; a no-op when it has already exited. */
export async function killStack(stack: StackProcess | undefined): Promise<void> {
  if (!stack || stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  stack.child.kill('SIGKILL');
  await stack.exited;
}

/** The development user's bearer token `npm start` wrote to `<DATA_DIR>/dev-tokens.json`. */
export function devUserToken(dataDir: string): string {
  const file = JSON.parse(readFileSync(path.join(dataDir, 'dev-tokens.json'), 'utf8')) as { tokens: Record<string, { token: string }> };
  return file.tokens['dev-user'].token;
}

/** A Temporal client on the child's engine that decrypts payloads with the key the child was given. */
export async function temporalClient(address: string, payloadKeySpec: string): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  const codec = createEncryptionCodec({ keys: parseCodecKeys(payloadKeySpec) });
  const client = new Client({ connection, namespace: 'default', dataConverter: { payloadCodecs: [codec] } });
  return { client, close: () => connection.close() };
}
