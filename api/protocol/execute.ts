// Runs an operation against the request handler: capability checks from the agent card (§3.3.4),
// then the call, then the guarantees the spec puts on results (historyLength, includeArtifacts)
// enforced at the edge whatever the handler returned.
import type { Task } from '../../src/a2a-model/types';
import type { AgentDefinition } from '../../src/agents/agent-definition';
import { A2AError } from '../a2a-error';
import type { A2ARequestHandler, CallContext, SequencedStreamEvent } from '../request-handler';
import type { OperationTypes, ParamsOf, ResultOf, StreamingOperation, UnaryOperation } from './operations';
import { withExtendedCard } from './v1/card';

export interface ExecutionDeps {
  handler: A2ARequestHandler;
  agent: AgentDefinition;
}

/** §3.2.4: unset = all, 0 = none (field omitted), n = the n most recent. */
export function applyHistoryLength(task: Task, historyLength: number | undefined): Task {
  if (historyLength === undefined || task.history === undefined) return task;
  const { history, ...rest } = task;
  return historyLength === 0 ? rest : { ...rest, history: history.slice(-historyLength) };
}

function requirePush(agent: AgentDefinition): void {
  if (!agent.capabilities.pushNotifications) throw A2AError.pushNotSupported();
}

function requireStreaming(agent: AgentDefinition): void {
  if (!agent.capabilities.streaming) throw A2AError.unsupportedOperation('Streaming is not supported by this agent');
}

type UnaryExecutors = { [K in UnaryOperation]: (ctx: CallContext, params: ParamsOf<K>, deps: ExecutionDeps) => Promise<ResultOf<K>> };

const unary: UnaryExecutors = {
  async sendMessage(ctx, params, { handler, agent }) {
    if (params.configuration?.pushNotificationConfig) requirePush(agent);
    const result = await handler.sendMessage(ctx, params);
    return result.kind === 'task'
      ? { kind: 'task', task: applyHistoryLength(result.task, params.configuration?.historyLength) }
      : result;
  },
  async getTask(ctx, params, { handler }) {
    return applyHistoryLength(await handler.getTask(ctx, params), params.historyLength);
  },
  async listTasks(ctx, params, { handler }) {
    const result = await handler.listTasks(ctx, params);
    // §3.1.4: without includeArtifacts the field is omitted entirely, not sent empty.
    const tasks = result.tasks.map((task) => {
      const trimmed = applyHistoryLength(task, params.historyLength);
      if (params.includeArtifacts) return { ...trimmed, artifacts: trimmed.artifacts ?? [] };
      const { artifacts: _artifacts, ...rest } = trimmed;
      return rest;
    });
    return { ...result, tasks };
  },
  cancelTask: (ctx, params, { handler }) => handler.cancelTask(ctx, params),
  async createPushConfig(ctx, params, { handler, agent }) {
    requirePush(agent);
    return handler.createPushConfig(ctx, params);
  },
  async getPushConfig(ctx, params, { handler, agent }) {
    requirePush(agent);
    if (params.id !== undefined) return handler.getPushConfig(ctx, { taskId: params.taskId, id: params.id });
    // v0.3 without pushNotificationConfigId: the task's (first) config, as when a task had only one.
    const [first] = (await handler.listPushConfigs(ctx, { taskId: params.taskId, pageSize: 1 })).configs;
    if (!first) throw new A2AError('TaskNotFoundError', `No push notification config for task ${params.taskId}`, { taskId: params.taskId });
    return first;
  },
  async listPushConfigs(ctx, params, { handler, agent }) {
    requirePush(agent);
    return handler.listPushConfigs(ctx, params);
  },
  async deletePushConfig(ctx, params, { handler, agent }) {
    requirePush(agent);
    await handler.deletePushConfig(ctx, params);
  },
  async getExtendedAgentCard(ctx, _params, { agent }) {
    if (!agent.capabilities.extendedAgentCard) {
      throw A2AError.unsupportedOperation('This agent does not provide an extended agent card');
    }
    // §3.1.11: the caller MUST authenticate; checked before revealing whether one is configured.
    if (!ctx.principal.authenticated) throw A2AError.unauthenticated('The extended agent card requires authentication');
    if (!agent.extendedCard) throw A2AError.extendedCardNotConfigured();
    return withExtendedCard(agent);
  },
};

export function executeUnary<K extends UnaryOperation>(
  op: K,
  ctx: CallContext,
  params: ParamsOf<K>,
  deps: ExecutionDeps,
): Promise<ResultOf<K>> {
  return (unary[op] as (c: CallContext, p: ParamsOf<K>, d: ExecutionDeps) => Promise<ResultOf<K>>)(ctx, params, deps);
}

/** Throws synchronously for capability errors, so they reach the client as a plain error response. */
export function executeStream(
  op: StreamingOperation,
  ctx: CallContext,
  params: OperationTypes[StreamingOperation]['params'],
  { handler, agent }: ExecutionDeps,
): AsyncIterable<SequencedStreamEvent> {
  requireStreaming(agent);
  if (op === 'sendStreamingMessage') {
    const send = params as ParamsOf<'sendStreamingMessage'>;
    if (send.configuration?.pushNotificationConfig) requirePush(agent);
    return handler.sendStreamingMessage(ctx, send);
  }
  return handler.subscribeToTask(ctx, params as ParamsOf<'subscribeToTask'>);
}
