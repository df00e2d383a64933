// Describes the request's server span once a binding knows the A2A call: named by its v1.0 method,
// with agent, binding, protocol version and, as soon as they are known, the task and context ids
// (from the request, else from the result: a new task's ids exist only after it is created).
import { context, type Span } from '@opentelemetry/api';
import type { ProtocolBinding } from '../protocol/version';
import type { OperationName } from '../protocol/operations';
import { v1Codec } from '../protocol/v1/codec';
import { REQUEST_SPAN_KEY, TASK_ID_ATTRIBUTE } from '../../src/telemetry/spans';
import type { ApiContext } from '../app-types';

const METHOD_NAMES = Object.fromEntries(Object.entries(v1Codec.jsonRpcMethods).map(([name, op]) => [op, name])) as Record<OperationName, string>;

export interface A2ACall {
  op: OperationName;
  binding: ProtocolBinding;
  protocolVersion: string;
  agentId: string;
  params: unknown;
}

const requestSpanOf = (): Span | undefined => context.active().getValue(REQUEST_SPAN_KEY) as Span | undefined;

export function recordA2ACall(ctx: ApiContext, call: A2ACall): void {
  const method = METHOD_NAMES[call.op] ?? call.op;
  ctx.state.a2aMethod = method;
  const span = requestSpanOf();
  if (!span) return;
  span.updateName(`A2A ${method}`);
  span.setAttributes({
    'a2a.method': method,
    'a2a.agent.id': call.agentId,
    'a2a.binding': call.binding === 'JSONRPC' ? 'jsonrpc' : 'http-json',
    'a2a.protocol.version': call.protocolVersion,
    'rpc.system': 'a2a',
    'rpc.method': method,
  });
  recordIds(span, idsInParams(call.params));
}

/** After the call: the ids of the task it answered with. */
export function recordA2AResult(result: unknown): void {
  const span = requestSpanOf();
  if (span) recordIds(span, idsInResult(result));
}

interface Ids {
  taskId?: unknown;
  contextId?: unknown;
}

function recordIds(span: Span, ids: Ids): void {
  if (typeof ids.taskId === 'string' && ids.taskId) span.setAttribute(TASK_ID_ATTRIBUTE, ids.taskId);
  if (typeof ids.contextId === 'string' && ids.contextId) span.setAttribute('a2a.context.id', ids.contextId);
}

type Loose = Record<string, unknown> | undefined;

function idsInParams(params: unknown): Ids {
  const p = params as Loose;
  const message = p?.message as Loose;
  if (message) return { taskId: message.taskId, contextId: message.contextId };
  return { taskId: p?.id ?? p?.taskId, contextId: p?.contextId };
}

function idsInResult(result: unknown): Ids {
  const r = result as Loose;
  const task = r?.task as Loose;
  if (task) return { taskId: task.id, contextId: task.contextId };
  const message = r?.message as Loose;
  if (message) return { taskId: message.taskId, contextId: message.contextId };
  return typeof r?.contextId === 'string' ? { taskId: r.id, contextId: r.contextId } : {};
}
