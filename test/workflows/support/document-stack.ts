// The whole stack for the document agents' tests: embedded engine, worker, API, the real document
// tool server over HTTP, and the fake model on loopback. Callers are named by a test header so
// approvals can come from principals with and without the approver role; tasks are driven over raw
// JSON-RPC (v1.0) and awaited by polling GetTask, so no assertion depends on timing.
import type Koa from 'koa';
import type { Principal } from '../../../api/request-handler';
import { createAgentRegistry } from '../../../src/agents/agent-registry';
import type { AgentsConfig } from '../../../src/agents/agents-config';
import { createMemoryArtifactStore, type ArtifactStore } from '../../../src/artifact-store';
import type { Logger } from '../../../src/logger';
import type { McpServerEndpoint } from '../../../activities/mcp';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fake-openai';
import { startTestPlatform, type PlatformOverrides } from '../../support/platform-harness';

/** Tests assert on arbitrary wire JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WireJson = any;

export const TENANT = 'acme';
/** The submitter of every task unless a test says otherwise. */
export const SUBMITTER = 'alice|';
export const APPROVER = 'bob|approver';
export const SENIOR = 'carol|senior-approver';
export const STRANGER = 'mallory|clerk';

/** `subject|role,role` in the x-test-principal header; the tests' stand-in for authentication. */
async function principalFromHeader(ctx: Koa.Context): Promise<Principal> {
  const [subject, roles = ''] = (ctx.get('x-test-principal') || SUBMITTER).split('|');
  return { tenant: TENANT, subject, scopes: [], authenticated: true, roles: roles.split(',').filter(Boolean) };
}

export interface StackOptions {
  /** Start the fake model (default true); false runs the agents without a model. */
  model?: boolean;
  agents?: AgentsConfig['agents'];
  /** Use these MCP servers instead of starting the tool server in-process. */
  mcpServers?: Record<string, McpServerEndpoint>;
  store?: ArtifactStore;
  workflowTaskQueue?: string;
  worker?: { enabled: boolean; maxCachedWorkflows?: number; workflowBundle?: { code: string } };
  /** The platform's tracing (src/telemetry); off when omitted. */
  tracing?: PlatformOverrides['tracing'];
  /** The platform's logger (silent by default); tests capture it to assert on log lines. */
  logger?: Logger;
  /** Temporal settings, e.g. the embedded engine's limits. */
  temporal?: PlatformOverrides['temporal'];
  /** Further platform settings (decision link key, notification secrets, SMTP). */
  platform?: Pick<PlatformOverrides, 'decisionLinks' | 'notifications'>;
  /** The retention sweep's settings (off when omitted). */
  retention?: PlatformOverrides['retention'];
}

export type Stack = Awaited<ReturnType<typeof startDocumentStack>>;

export async function startDocumentStack(options: StackOptions = {}) {
  const model: FakeOpenAiServer | undefined = options.model === false ? undefined : await startFakeOpenAiServer();
  const store = options.store ?? createMemoryArtifactStore();
  const platform = await startTestPlatform({
    agents: createAgentRegistry({ config: { agents: options.agents ?? {} } }),
    artifacts: { store },
    ...(model ? { model: { baseUrl: model.baseUrl, model: 'fake-model', requestTimeoutMs: 15_000 } } : {}),
    ...(options.mcpServers ? { mcpServers: options.mcpServers } : { toolServer: { enabled: true, host: '127.0.0.1', port: 0 } }),
    ...(options.workflowTaskQueue ? { taskQueue: options.workflowTaskQueue } : {}),
    ...(options.worker ? { worker: options.worker } : {}),
    api: { resolvePrincipal: principalFromHeader },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.temporal ? { temporal: options.temporal } : {}),
    ...options.platform,
    ...(options.retention ? { retention: options.retention } : {}),
    ...(options.tracing ? { tracing: options.tracing } : {}),
  });
  let rpcId = 0;

  async function rpc(agent: string, method: string, params: unknown, principal = SUBMITTER): Promise<{ result?: WireJson; error?: { code: number; message: string } }> {
    const response = await fetch(`${platform.baseUrl}/agents/${agent}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0', 'x-test-principal': principal },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    });
    return (await response.json()) as never;
  }

  /** Starts a task and returns it as soon as it exists (returnImmediately). */
  async function start(agent: string, parts: unknown[], principal = SUBMITTER): Promise<WireJson> {
    const messageId = `msg-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const reply = await rpc(agent, 'SendMessage', { message: { messageId, role: 'ROLE_USER', parts }, configuration: { returnImmediately: true } }, principal);
    if (!reply.result?.task) throw new Error(`SendMessage failed: ${JSON.stringify(reply.error ?? reply.result)}`);
    return reply.result.task;
  }

  /** Sends an answer to a waiting task as `principal` and returns the JSON-RPC reply. */
  function answer(agent: string, taskId: string, parts: unknown[], principal: string) {
    const messageId = `answer-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    return rpc(agent, 'SendMessage', { message: { messageId, taskId, role: 'ROLE_USER', parts }, configuration: { returnImmediately: true } }, principal);
  }

  /** Polls GetTask until `done` holds; fails with the last task seen after `timeoutMs`. */
  async function waitForTask(agent: string, taskId: string, done: (task: WireJson) => boolean, timeoutMs = 60_000): Promise<WireJson> {
    const deadline = Date.now() + timeoutMs;
    let last: WireJson;
    for (;;) {
      last = (await rpc(agent, 'GetTask', { id: taskId })).result;
      if (last && done(last)) return last;
      if (Date.now() > deadline) throw new Error(`task ${taskId} did not reach the expected state; last seen: ${JSON.stringify(last?.status)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const isState = (state: string) => (task: WireJson) => task.status.state === `TASK_STATE_${state.toUpperCase().replace(/-/g, '_')}`;
  const settled = (task: WireJson) => /COMPLETED|FAILED|CANCELED|REJECTED/.test(task.status.state);

  return {
    platform,
    model,
    store,
    rpc,
    start,
    answer,
    waitForTask,
    waitForState: (agent: string, taskId: string, state: string, timeoutMs?: number) => waitForTask(agent, taskId, isState(state), timeoutMs),
    waitForSettled: (agent: string, taskId: string, timeoutMs?: number) => waitForTask(agent, taskId, settled, timeoutMs),
    async close() {
      await platform.close();
      await model?.close();
    },
  };
}

/** A v1.0 file part with inline bytes. */
export const filePart = (bytes: Uint8Array, mediaType: string, filename: string) => ({ raw: Buffer.from(bytes).toString('base64'), mediaType, filename });
export const textPart = (text: string) => ({ text });
export const dataPart = (data: Record<string, unknown>) => ({ data });

export const artifactOf = (task: WireJson, id: string) => (task.artifacts ?? []).find((a: WireJson) => a.artifactId === id);
export const dataOfArtifact = (task: WireJson, id: string) => artifactOf(task, id)?.parts.find((p: WireJson) => p.data !== undefined)?.data;
export const textOf = (parts: WireJson[] | undefined) => (parts ?? []).map((p: WireJson) => p.text ?? '').join('');
export const statusData = (task: WireJson) => task.status.message?.parts.find((p: WireJson) => p.data !== undefined)?.data;
