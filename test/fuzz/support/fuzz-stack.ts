// The real stack for fuzzing (embedded engine, worker, API on loopback) with a few tasks to aim at: a
// completed echo task and a conformance task parked in input-required with a push config. Error logs
// are kept, so an unexpected exception the client never saw still fails the run; a liveness check
// proves the server answers valid requests between and after the hostile ones.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAgentRegistry } from '../../../src/agents/agent-registry';
import { createLogger } from '../../../src/logger';
import { startTestPlatform } from '../../support/platform-harness';
import { bearer, testAuthenticator } from '../../security/support/auth-fixtures';

export interface FuzzStack {
  base: URL;
  /** A completed echo task and a conformance task waiting for input (with push config `cfg-seed`). */
  completed: string;
  parked: string;
  /** Another conformance task waiting for input, for fuzzed answers. */
  answerable: string;
  hookUrl: string;
  /** Credentials of the principal every fuzzed request is sent as (unless a header edit replaces them). */
  auth: Record<string, string>;
  /** error-level log lines (unexpected exceptions) written since start. */
  errors: Array<Record<string, unknown>>;
  /** A valid request of each kind still gets its normal answer; throws otherwise. */
  assertAlive(): Promise<void>;
  close(): Promise<void>;
}

let aliveCounter = 0;

/** The agents the fuzz stack serves (the built-in ones). */
export const AGENT_IDS = createAgentRegistry().list().map((agent) => agent.id);

let auth: Record<string, string> = {};

async function post(base: URL, path: string, body: unknown, version?: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth, ...(version ? { 'a2a-version': version } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function startFuzzStack(): Promise<FuzzStack> {
  const errors: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'error',
    destination: {
      write(line: string) {
        // Audit records are written whatever the level; only errors count here.
        const record = JSON.parse(line) as Record<string, unknown>;
        if (Number(record.level) >= 50) errors.push(record);
      },
    },
  });
  const receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  // Authentication on, as `npm start` runs: bearer JWTs and an API key of another tenant.
  const { authenticator } = testAuthenticator({ id: 'fuzz-svc', subject: 'fuzz-svc', tenant: 'fuzz-other' });
  auth = await bearer({ subject: 'fuzzer', tenant: 'fuzz' });
  const platform = await startTestPlatform({
    authenticator,
    logger,
    agents: createAgentRegistry({ config: { agents: { conformance: { settings: { resubscribeHoldMs: 200 } } } } }),
  });
  const base = new URL(platform.baseUrl);

  const echo = await post(base, '/agents/echo', {
    jsonrpc: '2.0',
    id: 1,
    method: 'SendMessage',
    params: { message: { messageId: 'fuzz-seed-echo', role: 'ROLE_USER', parts: [{ text: 'seed' }] } },
  }, '1.0');
  const completed = echo.body.result.task.id as string;
  const park = await post(base, '/agents/conformance', {
    jsonrpc: '2.0',
    id: 2,
    method: 'SendMessage',
    params: {
      message: { messageId: 'tck-input-required-fuzz-seed', role: 'ROLE_USER', parts: [{ text: 'park' }] },
      configuration: { taskPushNotificationConfig: { id: 'cfg-seed', url: hookUrl } },
    },
  }, '1.0');
  const parked = park.body.result.task.id as string;
  const answer = await post(base, '/agents/conformance', {
    jsonrpc: '2.0',
    id: 3,
    method: 'SendMessage',
    params: { message: { messageId: 'tck-input-required-fuzz-answer', role: 'ROLE_USER', parts: [{ text: 'park' }] } },
  }, '1.0');
  const answerable = answer.body.result.task.id as string;
  if (echo.body.result.task.status.state !== 'TASK_STATE_COMPLETED' || park.body.result.task.status.state !== 'TASK_STATE_INPUT_REQUIRED') {
    throw new Error(`seed tasks not as expected: ${JSON.stringify([echo.body, park.body])}`);
  }

  return {
    base,
    completed,
    parked,
    answerable,
    hookUrl,
    auth,
    errors,
    async assertAlive() {
      const n = ++aliveCounter;
      const v1 = await post(base, '/agents/echo', {
        jsonrpc: '2.0',
        id: `alive-${n}`,
        method: 'SendMessage',
        params: { message: { messageId: `fuzz-alive-${process.pid}-${n}`, role: 'ROLE_USER', parts: [{ text: `alive ${n}` }] } },
      }, '1.0');
      const v03 = await post(base, '/agents/echo', {
        jsonrpc: '2.0',
        id: n,
        method: 'tasks/get',
        params: { id: completed },
      });
      const rest = await fetch(new URL(`/agents/echo/tasks/${completed}`, base), { headers: { 'a2a-version': '1.0', ...auth } });
      const ok =
        v1.status === 200 &&
        v1.body.result?.task?.status?.state === 'TASK_STATE_COMPLETED' &&
        v03.body.result?.status?.state === 'completed' &&
        rest.status === 200 &&
        ((await rest.json()) as { id?: string }).id === completed;
      if (!ok) throw new Error(`the server no longer answers valid requests: ${JSON.stringify({ v1: v1.body, v03: v03.body, rest: rest.status })}`);
    },
    async close() {
      await platform.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}
