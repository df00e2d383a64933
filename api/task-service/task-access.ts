// Loads a task for a caller. A task the caller may not see (another principal's, another agent's, a
// direct-message reply) answers TaskNotFound exactly like a task that does not exist, so ids reveal
// nothing. The v1.0 routing tenant (`/{tenant}/…` or the `tenant` field) must be the principal's own:
// any other tenant holds no task this caller can see, so it is TaskNotFound before Temporal is asked.
// Seeing a task is not owning it: push configs and cancel need the owner or the operator role.
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
  /** `fresh` for a caller about to stream or act on the task's sequence (see TaskGateway.getSnapshot). */
  read: { fresh?: boolean } = {},
): Promise<TaskSnapshot> {
  // Ids that cannot name a task (empty, oversized, or not valid Unicode, which Temporal's gRPC would
  // refuse as a malformed request) are simply not found.
  if (taskId.length === 0 || taskId.length > MAX_TASK_ID_LENGTH || LONE_SURROGATE.test(taskId)) throw A2AError.taskNotFound(taskId);
  if (!inOwnTenant(ctx)) {
    recordRefusal(deps, ctx, 'foreign-tenant', { taskId });
    throw A2AError.taskNotFound(taskId);
  }
  const snapshot = await deps.gateway.getSnapshot(taskId, request, read);
  if (!snapshot || snapshot.mode === 'message') throw A2AError.taskNotFound(taskId);
  if (!ownedBy(snapshot, ctx, operatorRoleOf(deps))) {
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

/** What only the owner (or an operator) may do to a task; named in refusals and audit records. */
export type OwnerOperation = 'push-config' | 'cancel';

const OWNER_OPERATIONS: Record<OwnerOperation, string> = {
  'push-config': 'manage its push notification configs',
  cancel: 'cancel it',
};

/**
 * A task the caller may see, for an operation only its owner or an operator may perform. A caller
 * who sees the task through a granted role (an approver) knows it exists, so hiding it behind
 * TaskNotFound would protect nothing; the answer is PermissionDenied naming what is not allowed
 * (A2A §3.3.2: an authorization error that says which permission is missing).
 */
export async function loadManagedSnapshot(
  deps: TaskServiceDeps,
  ctx: CallContext,
  taskId: string,
  operation: OwnerOperation,
): Promise<TaskSnapshot> {
  const snapshot = await loadOwnedSnapshot(deps, ctx, taskId);
  requireManaged(deps, ctx, snapshot, operation);
  return snapshot;
}

/** Refuses (audited) a caller who sees the task but does not own it and is no operator. */
export function requireManaged(deps: TaskServiceDeps, ctx: CallContext, snapshot: TaskSnapshot, operation: OwnerOperation): void {
  const operator = operatorRoleOf(deps);
  if (managedBy(snapshot, ctx, operator)) return;
  const taskId = snapshot.task.id;
  recordRefusal(deps, ctx, 'not-task-owner', { taskId, operation });
  throw A2AError.permissionDenied(
    `Only the owner of task ${taskId}${operator ? ` or a principal with the ${operator} role` : ''} may ${OWNER_OPERATIONS[operation]}; ` +
      'a granted role lets you read the task and answer it while it waits',
    { taskId, reason: 'not-task-owner', operation },
  );
}

/** The role that acts as owner on every task of its tenant (see README "Authorization"); '' for none. */
export const DEFAULT_OPERATOR_ROLE = 'a2a-operator';
export const operatorRoleOf = (deps: Pick<TaskServiceDeps, 'operatorRole'>): string => deps.operatorRole ?? DEFAULT_OPERATOR_ROLE;

const isOperator = (ctx: CallContext, operatorRole: string) => operatorRole !== '' && ctx.principal.roles.includes(operatorRole);

/** Same routing tenant, same agent, and the task belongs to the principal's tenant. */
function inTaskTenant(snapshot: TaskSnapshot, ctx: CallContext): boolean {
  return inOwnTenant(ctx) && snapshot.agentId === ctx.agentId && snapshot.owner.tenant === ctx.principal.tenant;
}

/**
 * Who may see a task: the owner, an operator of the owner's tenant, or a principal of that tenant
 * holding a role the task granted (an approver of a waiting decision). Everyone else is told the
 * task does not exist.
 */
export function ownedBy(snapshot: TaskSnapshot, ctx: CallContext, operatorRole = DEFAULT_OPERATOR_ROLE): boolean {
  if (!inTaskTenant(snapshot, ctx)) return false;
  if (snapshot.owner.subject === ctx.principal.subject || isOperator(ctx, operatorRole)) return true;
  const granted = snapshot.grants?.roles ?? [];
  return granted.some((role) => ctx.principal.roles.includes(role));
}

/** Who may act as the task's owner (push configs, cancel): the owner, or an operator of its tenant. */
export function managedBy(snapshot: TaskSnapshot, ctx: CallContext, operatorRole = DEFAULT_OPERATOR_ROLE): boolean {
  return inTaskTenant(snapshot, ctx) && (snapshot.owner.subject === ctx.principal.subject || isOperator(ctx, operatorRole));
}

export function requireAgent(deps: TaskServiceDeps, ctx: CallContext): AgentRuntimeInfo {
  const agent = deps.resolveAgent(ctx.agentId);
  if (!agent) throw A2AError.invalidRequest(`Unknown agent: ${ctx.agentId}`);
  return agent;
}
