// Workflow task lifecycle: schedule -> (sticky or normal queue) -> start on poll -> complete / fail /
// time out. Events arriving while a task runs are buffered and written after its commands. Sticky
// dispatch sends only the events after the last completed task; the normal queue gets full history.
import { EventType, enums, HistoryEventType, lookupType, historyFieldId } from '../proto/schema';
import { encodeWithHistory } from '../proto/wire';
import { fromMs } from '../proto/time';
import type { Engine, WorkflowQueueTask } from './engine';
import type { Run } from './run';
import { encodeToken } from './tokens';
import { outgoingMessages } from './updates';
import { suggestContinueAsNew } from './limits';
import { normalizeIfStale, transientEvents, writeScheduledEvent } from './transient-tasks';

const PollResponse = lookupType('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse');
const POLL_HISTORY_FIELD = historyFieldId('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse');
void HistoryEventType;

export function scheduleWorkflowTask(engine: Engine, run: Run): void {
  const st = run.state;
  if (!run.isOpen || st.wt) return;
  const now = Date.now();
  if (st.firstWtAt > now) {
    engine.timers.schedule(st.firstWtAt, 'first-wt-backoff', st.runId);
    return;
  }
  const attempt = st.nextWtAttempt;
  if (attempt > 1 && engine.limits.transientWorkflowTasks) {
    st.wt = { scheduledId: st.nextEventId, startedId: 0, attempt, scheduledAt: now, startedAt: 0, startedIdentity: '', transient: true };
  } else {
    const scheduledId = writeScheduledEvent(run, attempt, now);
    st.wt = { scheduledId, startedId: 0, attempt, scheduledAt: now, startedAt: 0, startedIdentity: '' };
  }
  engine.touch(run);
  engine.effect(() => dispatchWorkflowTask(engine, run));
}

/** Puts the scheduled task on the run's sticky queue when its worker is still polling, else the normal one. */
export function dispatchWorkflowTask(engine: Engine, run: Run): void {
  const st = run.state;
  const wt = st.wt;
  if (!wt || wt.startedId !== 0 || !run.isOpen) return;
  const task: WorkflowQueueTask = { kind: 'wt', runId: st.runId, scheduledId: wt.scheduledId };
  const now = Date.now();
  const sticky = run.sticky;
  if (sticky) {
    const queue = engine.workflowQueues.peek(st.namespace, sticky.queue);
    if (queue && queue.hasRecentPoller(now, engine.tuning.stickyAliveWindowMs)) {
      run.wtOnSticky = true;
      engine.timers.schedule(now + sticky.scheduleToStartMs, 'wt-sticky', st.runId, String(wt.scheduledId));
      queue.offer(task);
      return;
    }
    run.sticky = null;
  }
  run.wtOnSticky = false;
  engine.workflowQueues.get(st.namespace, st.taskQueue).offer(task);
}

/** Sticky schedule-to-start expired: the sticky worker is gone or busy, fall back to the normal queue. */
export function onStickyTimeout(engine: Engine, run: Run, scheduledId: number): void {
  const wt = run.state.wt;
  if (!wt || wt.scheduledId !== scheduledId || wt.startedId !== 0 || !run.wtOnSticky) return;
  run.sticky = null;
  engine.effect(() => dispatchWorkflowTask(engine, run));
}

export interface StartedTask {
  response: Buffer;
  requeue(): void;
}

/** Starts a scheduled workflow task for a poll on `queueName`; null when the task is stale. */
export function startWorkflowTask(engine: Engine, run: Run, scheduledId: number, poll: { identity: string; queueName: string }): StartedTask | null {
  const st = run.state;
  const wt = st.wt;
  if (!run.isOpen || !wt || wt.scheduledId !== scheduledId || wt.startedId !== 0) return null;
  const onSticky = poll.queueName !== st.taskQueue;
  const response = engine.transact(() => {
    const now = Date.now();
    normalizeIfStale(run, wt);
    const suggested = suggestContinueAsNew(engine.limits, run);
    const startedAttrs = {
      scheduledEventId: wt.scheduledId,
      identity: poll.identity,
      requestId: engine.newId(),
      historySizeBytes: st.historyBytes,
      suggestContinueAsNew: suggested.length > 0,
      suggestContinueAsNewReasons: suggested,
    };
    if (wt.transient) {
      wt.startedId = wt.scheduledId + 1;
      wt.transientStarted = startedAttrs;
    } else {
      wt.startedId = run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, startedAttrs, now);
    }
    if (run.speculative) run.speculative.lastId = wt.startedId;
    wt.startedAt = now;
    wt.startedIdentity = poll.identity;
    engine.touch(run);
    engine.timers.schedule(now + st.taskTimeoutMs, 'wt-start-to-close', st.runId, `${wt.scheduledId}:${wt.attempt}`);
    run.inflightQueries.push(...run.queuedQueries);
    run.queuedQueries = [];
    const queries: Record<string, unknown> = {};
    for (const q of run.inflightQueries) queries[q.id] = { queryType: q.queryType, queryArgs: q.queryArgs, header: q.header };
    const message = {
      taskToken: encodeToken({ kind: 'wt', runId: st.runId, scheduledId: wt.scheduledId, attempt: wt.attempt, startedAt: now }),
      workflowExecution: { workflowId: st.workflowId, runId: st.runId },
      workflowType: { name: st.workflowType },
      previousStartedEventId: st.lastCompletedStartedId,
      startedEventId: wt.startedId,
      attempt: wt.attempt,
      workflowExecutionTaskQueue: { name: st.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      scheduledTime: fromMs(wt.scheduledAt),
      startedTime: fromMs(now),
      queries,
      messages: outgoingMessages(run, wt.startedId),
    };
    const fromId = onSticky && st.lastCompletedStartedId > 0 ? st.lastCompletedStartedId + 1 : 1;
    const history = run.historyBytes(fromId);
    return encodeWithHistory(PollResponse, message, POLL_HISTORY_FIELD, wt.transient ? Buffer.concat([history, transientEvents(run, wt)]) : history);
  });
  const startedId = wt.startedId;
  const startedScheduledId = wt.scheduledId;
  return {
    response,
    // The response never left: time the task out now rather than after the full task timeout.
    requeue: () => engine.transact(() => timeoutWorkflowTask(engine, run, startedScheduledId, wt.attempt, startedId)),
  };
}

/** Writes buffered events in arrival order; returns how many were written. */
export function flushBuffered(run: Run): number {
  const buffered = run.state.buffered;
  if (buffered.length === 0) return 0;
  let lastId = 0;
  for (const b of buffered) {
    if (b.linkStarted) b.attrs.startedEventId = lastId;
    lastId = run.appendEvent(b.eventType, b.attrs, b.time);
    const child = b.childInitiatedId !== undefined ? run.state.children?.[b.childInitiatedId] : undefined;
    if (child) child.startedId = lastId;
  }
  run.state.buffered = [];
  return buffered.length;
}

/**
 * Records events caused from outside the workflow (signal, activity result, timer...). While a task
 * runs they are buffered; otherwise written, and a workflow task is scheduled if none is pending.
 */
export function addExternalEvents(engine: Engine, run: Run, events: Array<{ eventType: number; attrs: Record<string, unknown>; linkStarted?: boolean }>): void {
  const st = run.state;
  const now = Date.now();
  if (st.wt && st.wt.startedId !== 0) {
    for (const e of events) st.buffered.push({ eventType: e.eventType, attrs: e.attrs, time: now, linkStarted: e.linkStarted });
  } else {
    let lastId = 0;
    for (const e of events) {
      if (e.linkStarted) e.attrs.startedEventId = lastId;
      lastId = run.appendEvent(e.eventType, e.attrs, now);
    }
    scheduleWorkflowTask(engine, run);
  }
  engine.touch(run);
  engine.effect(() => run.notifyHistoryWaiters());
}

/** Shared tail of a failed or timed-out task: next attempt goes to the normal queue with full history. */
function retryWorkflowTask(engine: Engine, run: Run): void {
  const st = run.state;
  st.wt = null;
  st.nextWtAttempt++;
  run.sticky = null;
  run.queuedQueries.unshift(...run.inflightQueries);
  run.inflightQueries = [];
  // Like the server: new events make the next task a normal one again, at attempt 1.
  if (flushBuffered(run) > 0 && engine.limits.transientWorkflowTasks) st.nextWtAttempt = 1;
  scheduleWorkflowTask(engine, run);
  engine.touch(run);
  engine.effect(() => run.notifyHistoryWaiters());
}

export function failWorkflowTask(engine: Engine, run: Run, o: { cause: number; failure?: unknown; identity?: string }): void {
  const wt = run.state.wt;
  if (!wt) return;
  if (!wt.transient) run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
    scheduledEventId: wt.scheduledId,
    startedEventId: wt.startedId,
    cause: o.cause,
    failure: o.failure,
    identity: o.identity ?? '',
  });
  retryWorkflowTask(engine, run);
}

export function timeoutWorkflowTask(engine: Engine, run: Run, scheduledId: number, attempt: number, startedId?: number): void {
  const wt = run.state.wt;
  if (!run.isOpen || !wt || wt.scheduledId !== scheduledId || wt.attempt !== attempt || wt.startedId === 0) return;
  if (startedId !== undefined && wt.startedId !== startedId) return;
  if (!wt.transient) run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
    scheduledEventId: wt.scheduledId,
    startedEventId: wt.startedId,
    timeoutType: enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
  });
  retryWorkflowTask(engine, run);
}
