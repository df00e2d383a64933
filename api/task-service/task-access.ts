// Loads a task for a caller. A task of another principal, another agent, or a direct-message reply
// answers TaskNotFound exactly like a task that does not exist, so ids reveal nothing. The v1.0
// routing tenant (`/{tenant}/…` or the `tenant` field) must be the principal's own: any other tenant
// holds no task this caller can see, so it is TaskNotFound before Temporal is even asked.
import type { TaskSnapshot, TaskSnapshotRequest } from '../../src/task-runtime/contract';
import { A2AError } from '../a2a-error';
import type { CallContext } from '../request-handler';
import type { AgentRuntimeInfo, TaskServiceDeps } from './task-service-deps';

const MAX_TASK_ID_LENGTH = 200;
/** A UTF-16 surrogate without its pair: JSON can carry one (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export async function loadOwnedSnapshot(
  deps: TaskServiceDeps,
  ctx: CallContext,
  taskId: string,
  request: TaskSnapshotRequest = {},
): Promise<TaskSnapshot> {
  // Ids that cannot name a task (empty, oversized, or not valid Unicode, which Temporal's gRPC would
  // refuse as a malformed request) are simply not found.
  if (taskId.length === 0 || taskId.length > MAX_TASK_ID_LENGTH || LONE_SURROGATE.test(taskId)) throw A2AError.taskNotFound(taskId);
  if (!inOwnTenant(ctx)) {
    recordRefusal(deps, ctx, 'foreign-tenant', { taskId });
    throw A2AError.taskNotFound(taskId);
  }
  const snapshot = await deps.gateway.getSnapshot(taskId, request);
  if (!snapshot || snapshot.mode === 'message') throw A2AError.taskNotFound(taskId);
  if (!ownedBy(snapshot, ctx)) {
    // Worth an audit line: someone holds the id of a task that is not theirs.
    if (snapshot.agentId === ctx.agentId) recordRefusal(deps, ctx, 'task-not-visible', { taskId });
    throw A2AError.taskNotFound(taskId);
  }
  return snapshot;
}

/** The routing tenant, when the request names one, is the principal's tenant. */
export function inOwnTenant(ctx: CallContext): boolean {
  return ctx.tenant === undefined || ctx.tenant === ctx.principal.tenant;
}

export function recordRefusal(deps: TaskServiceDeps, ctx: CallContext, reason: string, fields: Record<string, unknown> = {}): void {
  deps.audit?.record('authorization-refused', {
    requestId: ctx.requestId,
    tenant: ctx.principal.tenant,
    subject: ctx.principal.subject,
    agentId: ctx.agentId,
    ...(ctx.tenant !== undefined ? { routingTenant: ctx.tenant } : {}),
    reason,
    ...fields,
  });
}

/**
 * The owner, or a principal of the owner's tenant holding a role the task granted (an approver of a
 * waiting decision). Everyone else is told the task does not exist.
 */
export function ownedBy(snapshot: TaskSnapshot, ctx: CallContext): boolean {
  if (!inOwnTenant(ctx)) return false;
  if (snapshot.agentId !== ctx.agentId || snapshot.owner.tenant !== ctx.principal.tenant) return false;
  if (snapshot.owner.subject === ctx.principal.subject) return true;
  const granted = snapshot.grants?.roles ?? [];
  return granted.some((role) => ctx.principal.roles.includes(role));
}

export function requireAgent(deps: TaskServiceDeps, ctx: CallContext): AgentRuntimeInfo {
  const agent = deps.resolveAgent(ctx.agentId);
  if (!agent) throw A2AError.invalidRequest(`Unknown agent: ${ctx.agentId}`);
  return agent;
}
