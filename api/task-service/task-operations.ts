// GetTask, ListTasks, CancelTask and SubscribeToTask over the gateway and the shared task feeds.
import type { JsonObject, Task } from '../../src/a2a-model/types';
import { isTerminalState } from '../../src/a2a-model/types';
import { A2AError } from '../a2a-error';
import type { CallContext, ListTasksParams, ListTasksResult, SequencedStreamEvent } from '../request-handler';
import { ownerKey } from '../temporal/task-gateway';
import { followTask } from './follow-task';
import { inOwnTenant, loadManagedSnapshot, loadOwnedSnapshot, operatorRoleOf, ownedBy, recordRefusal } from './task-access';
import { DEFAULT_TASK_SERVICE_LIMITS, type TaskServiceDeps } from './task-service-deps';
import { withTimeLimit } from './time-limit';

export async function getTask(deps: TaskServiceDeps, ctx: CallContext, params: { id: string; historyLength?: number }): Promise<Task> {
  return (await loadOwnedSnapshot(deps, ctx, params.id, { historyLength: params.historyLength })).task;
}

export async function listTasks(deps: TaskServiceDeps, ctx: CallContext, params: ListTasksParams): Promise<ListTasksResult> {
  const pageSize = params.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw A2AError.invalidParams('pageSize must be an integer from 1 to 100', { field: 'pageSize' });
  }
  if (!inOwnTenant(ctx)) {
    // Another tenant shows this caller no tasks at all, as if it had none.
    recordRefusal(deps, ctx, 'foreign-tenant');
    return { tasks: [], nextPageToken: '', pageSize, totalSize: 0 };
  }
  const operatorRole = operatorRoleOf(deps);
  const page = await deps.gateway.listTasks(
    {
      tenant: ctx.principal.tenant,
      owner: ownerKey(ctx.principal),
      roles: ctx.principal.roles,
      // An operator acts as the owner of every task of its tenant, so it lists them all.
      ...(operatorRole !== '' && ctx.principal.roles.includes(operatorRole) ? { wholeTenant: true } : {}),
      agentId: ctx.agentId,
      ...(params.contextId !== undefined ? { contextId: params.contextId } : {}),
      ...(params.state ? { state: params.state } : {}),
      ...(params.statusTimestampAfter ? { statusTimestampAfter: params.statusTimestampAfter } : {}),
    },
    { pageSize, pageToken: params.pageToken, view: { historyLength: params.historyLength } },
  );
  const request = { historyLength: params.historyLength, includeArtifacts: params.includeArtifacts ?? false };
  const concurrency = deps.limits?.listConcurrency ?? DEFAULT_TASK_SERVICE_LIMITS.listConcurrency;
  // Each task answers from the copy its run published, which visibility returned with the page: no
  // query per task. Artifacts asked for come from a closed run's result (history, no worker); an open
  // run's are only indexed (see README "Reads without a worker"). Runs that published nothing are read.
  const snapshots = await mapWithConcurrency(page.tasks, concurrency, async (listed) =>
    listed.published && !(request.includeArtifacts && !listed.running) ? listed.published : deps.gateway.getSnapshot(listed.taskId, request),
  );
  const tasks = snapshots.filter((s) => s !== undefined && s.mode !== 'message' && ownedBy(s, ctx, operatorRole)).map((s) => s!.task);
  return { tasks, nextPageToken: page.nextPageToken, pageSize, totalSize: page.totalSize };
}

/** Only the owner or an operator cancels; every cancel that reaches the task is audited (who, why, outcome). */
export async function cancelTask(deps: TaskServiceDeps, ctx: CallContext, params: { id: string; metadata?: JsonObject }): Promise<Task> {
  const snapshot = await loadManagedSnapshot(deps, ctx, params.id, 'cancel');
  const state = snapshot.task.status.state;
  const audit = (outcome: string) => recordCancel(deps, ctx, { taskId: params.id, stateBefore: state, outcome, metadata: params.metadata });
  // Cancel is idempotent (A2A §3.3.1): a canceled task answers as the first cancel did.
  if (state === 'canceled') {
    audit('already-canceled');
    return snapshot.task;
  }
  if (isTerminalState(state)) {
    audit('not-cancelable');
    throw A2AError.taskNotCancelable(params.id, state);
  }
  await deps.gateway.requestCancel(params.id);
  // The workflow logs that its task was canceled but cannot learn by whom; the API can.
  deps.logger.info(
    { lifecycle: 'cancel-requested', taskId: params.id, agentId: ctx.agentId, tenant: ctx.principal.tenant, subject: ctx.principal.subject, requestId: ctx.requestId },
    'task cancel requested',
  );
  // Running activities learn of the cancellation through their heartbeats; wait until the
  // workflow confirms, so the answer shows the task canceled rather than still working.
  const waitMs = deps.limits?.cancelWaitMs ?? DEFAULT_TASK_SERVICE_LIMITS.cancelWaitMs;
  await withTimeLimit(ctx.signal, waitMs, async (stop) => {
    for await (const item of followTask({ feeds: deps.feeds, gateway: deps.gateway, taskId: params.id, afterSeq: snapshot.seq, signal: stop })) {
      if (item.event.kind === 'status-update' && isTerminalState(item.event.status.state)) break;
    }
  });
  const final = await loadOwnedSnapshot(deps, ctx, params.id, {}, { fresh: true });
  const finalState = final.task.status.state;
  if (isTerminalState(finalState) && finalState !== 'canceled') {
    audit(`ended-${finalState}`);
    throw A2AError.taskNotCancelable(params.id, finalState);
  }
  audit(finalState === 'canceled' ? 'canceled' : 'requested');
  return final.task;
}

const MAX_REASON_LENGTH = 500;

/** The reason, when the request's metadata gives one as `reason` (a string, cut to a bounded length). */
function recordCancel(
  deps: TaskServiceDeps,
  ctx: CallContext,
  details: { taskId: string; stateBefore: string; outcome: string; metadata?: JsonObject },
): void {
  const reason = details.metadata?.reason;
  deps.audit?.record('task-cancel', {
    requestId: ctx.requestId,
    tenant: ctx.principal.tenant,
    subject: ctx.principal.subject,
    agentId: ctx.agentId,
    taskId: details.taskId,
    stateBefore: details.stateBefore,
    outcome: details.outcome,
    ...(typeof reason === 'string' && reason !== '' ? { reason: reason.slice(0, MAX_REASON_LENGTH) } : {}),
  });
}

export async function* subscribeToTask(
  deps: TaskServiceDeps,
  ctx: CallContext,
  params: { id: string; lastEventId?: number },
): AsyncGenerator<SequencedStreamEvent> {
  // A stream resumes from the task's true sequence, never a published copy that may lag it (a
  // Last-Event-ID past the copy's is not "ahead"): wait for the worker that will feed the stream anyway.
  const snapshot = await loadOwnedSnapshot(deps, ctx, params.id, { includeArtifacts: true }, { fresh: true });
  const state = snapshot.task.status.state;
  if (params.lastEventId !== undefined) {
    // A resumed stream continues the interrupted one: the events after the last one received,
    // also when the task finished in the meantime; no new Task frame, no duplicate. At the last
    // event of a task that is not terminal it waits for the next one, as any subscription does.
    if (params.lastEventId > snapshot.seq) {
      throw A2AError.invalidParams(`Last-Event-ID ${params.lastEventId} is ahead of task ${params.id} (last event ${snapshot.seq})`);
    }
    if (params.lastEventId === snapshot.seq && isTerminalState(state)) return;
    yield* followTask({ feeds: deps.feeds, gateway: deps.gateway, taskId: params.id, afterSeq: params.lastEventId, kind: 'subscription', signal: ctx.signal });
    return;
  }
  if (isTerminalState(state)) {
    throw A2AError.unsupportedOperation(`Task ${params.id} is ${state}; subscribe to a task that has not finished`, {
      taskId: params.id,
      state,
    });
  }
  // A task waiting for input or authorization keeps its subscription open until it is terminal
  // (§3.1.6): a client waiting days for an approval sees it the moment it is given.
  yield { seq: snapshot.seq, event: { kind: 'task', task: snapshot.task } };
  yield* followTask({ feeds: deps.feeds, gateway: deps.gateway, taskId: params.id, afterSeq: snapshot.seq, kind: 'subscription', signal: ctx.signal });
}

async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}
