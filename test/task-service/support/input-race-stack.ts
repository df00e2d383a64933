// The real task service over the real stack (embedded engine, worker), with a gateway whose task
// reads can be held: a test runs code after the send's access read and before its input signal,
// which is exactly where a task could move on under the old read-then-signal delivery. Also a
// webhook receiver that can hold its answers, so a finished task's run stays open draining them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2A_ERROR_CODES, A2AError } from '../../../api/a2a-error';
import type { CallContext, SendMessageParams } from '../../../api/request-handler';
import { sendMessage } from '../../../api/task-service/send-operations';
import { TaskFeeds } from '../../../api/task-service/task-feed';
import type { TaskServiceDeps } from '../../../api/task-service/task-service-deps';
import { TemporalTaskGateway } from '../../../api/temporal/temporal-task-gateway';
import type { Message } from '../../../src/a2a-model/types';
import { createAgentRegistry } from '../../../src/agents/agent-registry';
import { createSilentLogger } from '../../../src/logger';
import type { TaskSnapshot, TaskSnapshotRequest } from '../../../src/task-runtime/contract';
import { startTestPlatform, type PlatformOverrides } from '../../support/platform-harness';

type ReadHook = () => Promise<void>;

/** A gateway whose next reads of a task run a hook before they answer. */
export class HoldingGateway extends TemporalTaskGateway {
  private readonly hooks = new Map<string, ReadHook[]>();

  /** The next `count` reads of the task each run `hook` (after reading, before answering). */
  onNextReads(taskId: string, count: number, hook: ReadHook): void {
    this.hooks.set(taskId, Array.from({ length: count }, () => hook));
  }

  override async getSnapshot(taskId: string, request?: TaskSnapshotRequest): Promise<TaskSnapshot | undefined> {
    const snapshot = await super.getSnapshot(taskId, request);
    const hook = this.hooks.get(taskId)?.shift();
    if (hook) await hook();
    return snapshot;
  }
}

/** Resolves every arrival once `parties` have arrived. */
export function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) open();
    return opened;
  };
}

/** A webhook receiver that answers at once, or holds every answer while `hold` is on. */
export async function startWebhookReceiver() {
  let holding = false;
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    req.resume().on('end', () => (holding ? held.push(res) : res.writeHead(200).end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const res of held.splice(0)) res.writeHead(200).end();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The JSON-RPC code a client would get for what a send threw (anything but an A2AError is -32603). */
export function rpcCodeOf(err: unknown): number {
  return err instanceof A2AError ? A2A_ERROR_CODES[err.errorName].jsonRpc : A2A_ERROR_CODES.InternalError.jsonRpc;
}

export interface InputRaceStackOptions {
  /** E.g. `worker: { enabled: false }` to run a worker of the test's own. */
  platform?: PlatformOverrides;
  /** The agent sends go to (default `conformance`) and how it runs; default: the built-in agents. */
  agentId?: string;
  resolveAgent?: TaskServiceDeps['resolveAgent'];
}

export async function startInputRaceStack(options: InputRaceStackOptions = {}) {
  const taskQueue = `atomic-input-${process.pid}-${Date.now()}`;
  const platform = await startTestPlatform({ ...options.platform, taskQueue, api: { enabled: false } });
  const logger = createSilentLogger();
  const gateway = new HoldingGateway({ client: platform.client, taskQueue, logger });
  const agents = createAgentRegistry();
  const deps: TaskServiceDeps = {
    gateway,
    feeds: new TaskFeeds({ gateway, logger }),
    logger,
    resolveAgent: options.resolveAgent ?? ((agentId) => {
      const agent = agents.get(agentId);
      return agent && { workflowType: agent.workflowType, settings: agent.settings, ...agent.capabilities };
    }),
    validateWebhookUrl: async () => undefined,
  };
  const ctx: CallContext = {
    agentId: options.agentId ?? 'conformance',
    requestId: 'atomic-input',
    principal: { tenant: 't1', subject: 'alice', scopes: [], roles: [], authenticated: true },
    signal: new AbortController().signal,
    protocolVersion: '1.0',
  };
  const message = (messageId: string, text: string, taskId?: string): Message => ({
    messageId,
    role: 'user',
    parts: [{ kind: 'text', text }],
    ...(taskId ? { taskId } : {}),
  });
  const send = async (params: SendMessageParams) => {
    const result = await sendMessage(deps, ctx, params);
    if (result.kind !== 'task') throw new Error('expected a task');
    return result.task;
  };
  const handle = (taskId: string) => platform.client.workflow.getHandle(`a2a-task-${taskId}`);
  return { platform, taskQueue, gateway, deps, ctx, message, send, handle, close: () => platform.close() };
}
