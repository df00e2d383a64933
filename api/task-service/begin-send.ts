// The first half of every send: start a new task (or find the one a re-sent message created), or
// deliver input to a task. A messageId already used for other content is refused (message-digest.ts);
// whether a task takes an input (only while input-required or auth-required, never twice) is decided
// by its workflow, atomically with the delivery (deliver-input.ts).
import type { Message, PushNotificationConfig, Task } from '../../src/a2a-model/types';
import type { TaskWorkflowInput } from '../../src/task-runtime/contract';
import { createTaskRecord } from '../../src/task-runtime/task-record';
import { A2AError } from '../a2a-error';
import type { CallContext, SendMessageParams } from '../request-handler';
import { inOwnTenant, loadOwnedSnapshot, recordRefusal, requireAgent, requireManaged } from './task-access';
import { deliverInput, messageIdReused } from './deliver-input';
import { checkDecisionLink, withoutDecisionLink } from './decision-link-input';
import { messageDigest } from './message-digest';
import { newConfigId, newTaskIds } from './task-ids';
import { DEFAULT_TASK_SERVICE_LIMITS, type TaskServiceDeps } from './task-service-deps';

export interface BegunSend {
  taskId: string;
  /** The task as the client should first see it, and the sequence number it reflects. */
  initialTask: Task;
  startSeq: number;
  /** False for a re-sent message: nothing new was triggered, so there may be nothing to wait for. */
  triggered: boolean;
  /** A new task whose agent may still answer with a direct message instead. */
  newTask: boolean;
}

export async function beginSend(deps: TaskServiceDeps, ctx: CallContext, params: SendMessageParams): Promise<BegunSend> {
  if (params.message.role !== 'user') throw A2AError.invalidParams('message.role must be user for messages sent to an agent');
  return params.message.taskId ? continueTask(deps, ctx, params, params.message.taskId) : startTask(deps, ctx, params);
}

async function startTask(deps: TaskServiceDeps, ctx: CallContext, params: SendMessageParams): Promise<BegunSend> {
  const agent = requireAgent(deps, ctx);
  if (!inOwnTenant(ctx)) {
    // Tasks are created in the principal's own tenant only; naming another is refused outright
    // (a new task reveals nothing about that tenant, so there is nothing to hide behind NotFound).
    recordRefusal(deps, ctx, 'foreign-tenant');
    throw A2AError.permissionDenied(`Tasks can only be created in your own tenant; tenant ${ctx.tenant} is not yours`, {
      reason: 'foreign-tenant',
    });
  }
  const { taskId, contextId } = newTaskIds({
    agentId: ctx.agentId,
    principal: ctx.principal,
    messageId: params.message.messageId,
    contextId: params.message.contextId,
  });
  // Of the message as sent, before its files go to the artifact store.
  const digest = messageDigest(params.message);
  const requested = params.configuration?.pushNotificationConfig;
  const pushConfigs = requested ? [await makePushConfig(deps, ctx, taskId, requested)] : [];
  const prepared = deps.prepareMessage ? await deps.prepareMessage(ctx, params.message, taskId) : params.message;
  const message: Message = { ...prepared, taskId, contextId };
  const input: TaskWorkflowInput = {
    taskId,
    contextId,
    agentId: ctx.agentId,
    owner: { tenant: ctx.principal.tenant, subject: ctx.principal.subject },
    message,
    messageDigest: digest,
    pushConfigs,
    ...(params.configuration?.acceptedOutputModes ? { acceptedOutputModes: params.configuration.acceptedOutputModes } : {}),
    ...(params.metadata ? { metadata: params.metadata } : {}),
    ...(agent.settings ? { settings: agent.settings } : {}),
  };
  const { started, messageDigest: recorded } = await deps.gateway.startTask({ workflowType: agent.workflowType, input, messageDigest: digest });
  if (started) {
    deps.audit?.record('task-start', {
      requestId: ctx.requestId,
      tenant: ctx.principal.tenant,
      subject: ctx.principal.subject,
      agentId: ctx.agentId,
      workflowType: agent.workflowType,
      taskId,
      contextId,
      messageId: params.message.messageId,
    });
    const record = createTaskRecord({ taskId, contextId, message, now: new Date().toISOString(), metadata: params.metadata });
    return { taskId, initialTask: record.task, startSeq: 0, triggered: true, newTask: true };
  }
  // The same principal sent this messageId before: answer with the task it created, if it was this
  // message (a task started before digests were recorded has none to compare).
  if (recorded !== undefined && recorded !== digest) throw messageIdReused(params.message.messageId);
  const existing = await deps.gateway.getSnapshot(taskId, { includeArtifacts: true });
  if (!existing) throw A2AError.internal(`Task ${taskId} exists but could not be read`);
  return { taskId, initialTask: existing.task, startSeq: existing.seq, triggered: false, newTask: true };
}

async function continueTask(
  deps: TaskServiceDeps,
  ctx: CallContext,
  params: SendMessageParams,
  taskId: string,
): Promise<BegunSend> {
  // A blocking or streamed send goes on from this task's sequence, so it reads the task itself; a
  // non-blocking one only needs to know the caller may see it (a published copy will do).
  const fresh = !params.configuration?.returnImmediately;
  const snapshot = await loadOwnedSnapshot(deps, ctx, taskId, { includeArtifacts: true }, { fresh });
  const { task } = snapshot;
  if (params.message.contextId && params.message.contextId !== task.contextId) {
    throw A2AError.invalidParams(`message.contextId ${params.message.contextId} does not match the context of task ${taskId}`);
  }
  const requested = params.configuration?.pushNotificationConfig;
  // An approver may answer, but a webhook on the task is the owner's to add: refuse before any input is delivered.
  if (requested) requireManaged(deps, ctx, snapshot, 'push-config');
  // The config travels in the input's signal: the workflow adds it only if it accepts the input.
  const pushConfig = requested ? await makePushConfig(deps, ctx, taskId, requested) : undefined;
  const decisionLink = checkDecisionLink(deps, ctx, params.message, taskId);
  const linkless = withoutDecisionLink(params.message, decisionLink);
  const prepared = deps.prepareMessage ? await deps.prepareMessage(ctx, linkless, taskId) : linkless;
  const sender = { tenant: ctx.principal.tenant, subject: ctx.principal.subject, roles: [...ctx.principal.roles], ...(decisionLink ? { decisionLink } : {}) };
  return deliverInput(deps, {
    snapshot,
    sent: params.message,
    message: { ...prepared, taskId, contextId: task.contextId },
    sender,
    ...(pushConfig ? { pushConfig } : {}),
    ...(params.configuration?.returnImmediately
      ? { decideWithinMs: deps.limits?.nonBlockingInputWaitMs ?? DEFAULT_TASK_SERVICE_LIMITS.nonBlockingInputWaitMs }
      : {}),
  });
}

export async function makePushConfig(
  deps: TaskServiceDeps,
  ctx: CallContext,
  taskId: string,
  requested: Omit<PushNotificationConfig, 'taskId' | 'id'> & { id?: string },
): Promise<PushNotificationConfig> {
  const agent = requireAgent(deps, ctx);
  if (!agent.pushNotifications) throw A2AError.pushNotSupported();
  await deps.validateWebhookUrl(requested.url);
  return { ...requested, id: requested.id || newConfigId(), taskId };
}
