// Activity lifecycle. Attempts write no events: ActivityTaskStarted is written together with the final
// outcome. Timeouts are normalised at schedule time (like the server) and enforced by the timer heap;
// attempt number, heartbeat details and last failure travel to the next attempt.
import { EventType, enums, lookupType, type Failure, type Payloads, type temporal } from '../proto/schema';
import { fromMs } from '../proto/time';
import { invalidArgument, notFound } from '../grpc/errors';
import type { Engine } from './engine';
import type { Run } from './run';
import type { StartedTask } from './workflow-tasks';
import { addExternalEvents } from './workflow-tasks';
import { decideRetry, normalizeRetryPolicy, retryPolicyMessage, type RetryDecision } from './retry';
import { dur, durMs } from './durations';
import { encodeToken } from './tokens';
import { detach } from './detach';
import type { ActivityState } from './types';

const PollResponse = lookupType('temporal.api.workflowservice.v1.PollActivityTaskQueueResponse');
type ScheduleAttrs = temporal.api.command.v1.IScheduleActivityTaskCommandAttributes;

/** Fills in and clamps timeouts the way the Temporal server does; throws when none can be deduced. */
export function normalizeTimeouts(a: ScheduleAttrs, runTimeoutMs: number) {
  let s2c = durMs(a.scheduleToCloseTimeout);
  let s2s = durMs(a.scheduleToStartTimeout);
  let stc = durMs(a.startToCloseTimeout);
  let hb = durMs(a.heartbeatTimeout);
  if ([s2c, s2s, stc, hb].some((v) => v < 0)) throw invalidArgument('A valid timeout may not be negative.');
  if (s2c > 0) {
    s2s = s2s > 0 ? Math.min(s2s, s2c) : s2c;
    stc = stc > 0 ? Math.min(stc, s2c) : s2c;
  } else if (stc > 0) {
    s2c = runTimeoutMs;
    if (!(s2s > 0)) s2s = runTimeoutMs;
  } else {
    throw invalidArgument('A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTask.');
  }
  if (runTimeoutMs > 0) {
    const clamp = (v: number) => (v > runTimeoutMs ? runTimeoutMs : v);
    [s2c, s2s, stc, hb] = [clamp(s2c), clamp(s2s), clamp(stc), clamp(hb)];
  }
  if (s2c > 0 && hb > s2c) hb = s2c;
  return { s2c, s2s, stc, hb };
}

/** Writes ActivityTaskScheduled; an eager activity is handed to the completing worker instead of the queue. */
export function scheduleActivity(engine: Engine, run: Run, a: ScheduleAttrs, completedId: number, o: { eager: boolean }): number {
  const st = run.state;
  const t = normalizeTimeouts(a, st.runTimeoutMs);
  const retry = normalizeRetryPolicy(a.retryPolicy);
  const taskQueue = a.taskQueue?.name || st.taskQueue;
  const scheduledId = run.appendEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, {
    activityId: a.activityId,
    activityType: a.activityType,
    taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: a.header,
    input: a.input,
    scheduleToCloseTimeout: dur(t.s2c),
    scheduleToStartTimeout: dur(t.s2s),
    startToCloseTimeout: dur(t.stc),
    heartbeatTimeout: dur(t.hb),
    workflowTaskCompletedEventId: completedId,
    retryPolicy: retryPolicyMessage(retry),
    useWorkflowBuildId: a.useWorkflowBuildId,
    priority: a.priority,
  });
  const now = Date.now();
  const act: ActivityState = {
    scheduledId,
    activityId: a.activityId ?? '',
    activityType: a.activityType?.name ?? '',
    taskQueue,
    input: detach(a.input ?? undefined),
    header: detach(a.header ?? undefined),
    scheduleToCloseMs: t.s2c,
    scheduleToStartMs: t.s2s,
    startToCloseMs: t.stc,
    heartbeatMs: t.hb,
    retry,
    firstScheduledAt: now,
    attempt: 1,
    attemptScheduledAt: now,
    startedAt: 0,
    startedIdentity: '',
    lastHeartbeatAt: 0,
    lastAttemptCompletedAt: 0,
    cancelRequestedId: 0,
  };
  st.activities[scheduledId] = act;
  armActivityTimers(engine, run, act, true);
  if (!o.eager) engine.effect(() => offerActivity(engine, run, act));
  return scheduledId;
}

/** Timers for the current attempt (and schedule-to-close once); re-derived the same way on recovery. */
export function armActivityTimers(engine: Engine, run: Run, act: ActivityState, includeScheduleToClose: boolean): void {
  const key = (kind: string) => `${act.scheduledId}:${act.attempt}:${kind}`;
  const runId = run.state.runId;
  if (includeScheduleToClose && act.scheduleToCloseMs > 0) {
    engine.timers.schedule(act.firstScheduledAt + act.scheduleToCloseMs, 'activity', runId, key('s2c'));
  }
  if (act.startedAt === 0) {
    if (act.attemptScheduledAt > Date.now()) engine.timers.schedule(act.attemptScheduledAt, 'activity', runId, key('retry'));
    if (act.scheduleToStartMs > 0) engine.timers.schedule(act.attemptScheduledAt + act.scheduleToStartMs, 'activity', runId, key('s2s'));
  } else {
    if (act.startToCloseMs > 0) engine.timers.schedule(act.startedAt + act.startToCloseMs, 'activity', runId, key('stc'));
    if (act.heartbeatMs > 0) {
      engine.timers.schedule(Math.max(act.startedAt, act.lastHeartbeatAt) + act.heartbeatMs, 'activity', runId, key('hb'));
    }
  }
}

export function offerActivity(engine: Engine, run: Run, act: ActivityState): void {
  if (!run.isOpen || run.state.activities[act.scheduledId] !== act || act.startedAt !== 0) return;
  if (act.attemptScheduledAt > Date.now()) return; // the 'retry' timer offers it when due
  engine.activityQueues.get(run.state.namespace, act.taskQueue).offer({ runId: run.state.runId, scheduledId: act.scheduledId, attempt: act.attempt });
}

export function startActivity(engine: Engine, run: Run, scheduledId: number, attempt: number, identity: string): StartedTask | null {
  const st = run.state;
  const act = st.activities[scheduledId];
  if (!run.isOpen || !act || act.attempt !== attempt || act.startedAt !== 0) return null;
  const response = engine.transact(() => {
    const now = Date.now();
    act.startedAt = now;
    act.startedIdentity = identity;
    act.lastHeartbeatAt = 0;
    engine.touch(run);
    armActivityTimers(engine, run, act, false);
    return Buffer.concat([
      PollResponse.encode({
        taskToken: encodeToken({ kind: 'act', runId: st.runId, scheduledId, attempt }),
        workflowNamespace: st.namespace,
        workflowType: { name: st.workflowType },
        workflowExecution: { workflowId: st.workflowId, runId: st.runId },
        activityType: { name: act.activityType },
        activityId: act.activityId,
        header: act.header,
        input: act.input,
        heartbeatDetails: act.heartbeatDetails,
        scheduledTime: fromMs(act.firstScheduledAt),
        currentAttemptScheduledTime: fromMs(act.attemptScheduledAt),
        startedTime: fromMs(now),
        attempt,
        scheduleToCloseTimeout: dur(act.scheduleToCloseMs),
        startToCloseTimeout: dur(act.startToCloseMs),
        heartbeatTimeout: dur(act.heartbeatMs),
        retryPolicy: retryPolicyMessage(act.retry),
      }).finish(),
    ]);
  });
  return {
    response,
    // Nothing was written for the start, so an undelivered attempt simply goes back to the queue.
    requeue: () =>
      engine.transact(() => {
        if (st.activities[scheduledId] !== act || act.attempt !== attempt || act.startedAt === 0) return;
        act.startedAt = 0;
        engine.touch(run);
        engine.effect(() => offerActivity(engine, run, act));
      }),
  };
}

/** The started attempt a task token names, or NOT_FOUND like the server for stale tokens. */
export function activityForToken(engine: Engine, runId: string, scheduledId: number, attempt: number): { run: Run; act: ActivityState } {
  const run = engine.runs.get(runId);
  if (!run) throw notFound('workflow execution not found');
  if (!run.isOpen) throw notFound('workflow execution already completed');
  const act = run.state.activities[scheduledId];
  if (!act || act.attempt !== attempt || act.startedAt === 0) throw notFound('activity task not found');
  return { run, act };
}

function startedEvent(act: ActivityState) {
  return {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
    attrs: { scheduledEventId: act.scheduledId, identity: act.startedIdentity, requestId: '', attempt: act.attempt, lastFailure: act.lastFailure } as Record<string, unknown>,
  };
}

function finish(engine: Engine, run: Run, act: ActivityState, closing: { eventType: number; attrs: Record<string, unknown> }): void {
  delete run.state.activities[act.scheduledId];
  const events = act.startedAt > 0 ? [startedEvent(act), { ...closing, linkStarted: true }] : [closing];
  addExternalEvents(engine, run, events);
}

export function recordHeartbeat(engine: Engine, run: Run, act: ActivityState, details: Payloads | null | undefined): boolean {
  act.lastHeartbeatAt = Date.now();
  if (details) act.heartbeatDetails = detach(details);
  engine.touch(run);
  return act.cancelRequestedId > 0;
}

export function completeActivity(engine: Engine, run: Run, act: ActivityState, o: { result?: Payloads | null; identity?: string | null }): void {
  finish(engine, run, act, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    attrs: { result: o.result, scheduledEventId: act.scheduledId, identity: o.identity ?? '' },
  });
}

export function cancelActivity(engine: Engine, run: Run, act: ActivityState, o: { details?: Payloads | null; identity?: string | null }): void {
  finish(engine, run, act, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
    attrs: { details: o.details, latestCancelRequestedEventId: act.cancelRequestedId, scheduledEventId: act.scheduledId, identity: o.identity ?? '' },
  });
}

/** A failed or timed-out attempt: retry per policy, or write the final outcome. */
export function failActivityAttempt(
  engine: Engine,
  run: Run,
  act: ActivityState,
  o: { failure: Failure; heartbeatDetails?: Payloads | null; identity?: string | null; timeoutType?: number },
): void {
  if (o.heartbeatDetails) act.heartbeatDetails = detach(o.heartbeatDetails);
  const now = Date.now();
  const expiresAt = act.scheduleToCloseMs > 0 ? act.firstScheduledAt + act.scheduleToCloseMs : 0;
  // The server retries no attempt once a cancel was requested (NewRetryableActivity): an activity
  // that fails or times out instead of acknowledging the cancel ends there, so a canceled task's
  // work never starts again.
  const decision: RetryDecision =
    act.cancelRequestedId > 0
      ? { retry: false, retryState: enums.RetryState.RETRY_STATE_CANCEL_REQUESTED }
      : decideRetry({ policy: act.retry, attempt: act.attempt, failure: o.failure, now, expiresAt });
  if (decision.retry) {
    act.attempt++;
    act.lastFailure = detach(o.failure);
    act.startedAt = 0;
    act.attemptScheduledAt = now + decision.delayMs;
    act.lastAttemptCompletedAt = now;
    engine.touch(run);
    armActivityTimers(engine, run, act, false);
    engine.effect(() => offerActivity(engine, run, act));
    return;
  }
  if (o.timeoutType !== undefined) {
    finish(engine, run, act, {
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
      attrs: { failure: o.failure, scheduledEventId: act.scheduledId, retryState: decision.retryState },
    });
    return;
  }
  finish(engine, run, act, {
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
    attrs: { failure: o.failure, scheduledEventId: act.scheduledId, identity: o.identity ?? '', retryState: decision.retryState },
  });
}

function timeoutFailure(act: ActivityState, timeoutType: number, label: string): Failure {
  return {
    message: `activity ${label} timeout`,
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: act.heartbeatDetails },
    cause: act.lastFailure,
  };
}

export function onActivityTimer(engine: Engine, run: Run, key: string): void {
  const [idText, attemptText, kind] = key.split(':');
  const act = run.state.activities[idText];
  if (!run.isOpen || !act) return;
  const T = enums.TimeoutType;
  const sameAttempt = act.attempt === Number(attemptText);
  const now = Date.now();
  if (kind === 's2c') {
    // Not retried: the whole activity ran out of time.
    const failure = timeoutFailure(act, T.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, 'ScheduleToClose');
    const retryState = enums.RetryState.RETRY_STATE_TIMEOUT;
    finish(engine, run, act, { eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, attrs: { failure, scheduledEventId: act.scheduledId, retryState } });
  } else if (!sameAttempt) {
    return;
  } else if (kind === 'retry') {
    engine.effect(() => offerActivity(engine, run, act));
  } else if (kind === 's2s' && act.startedAt === 0) {
    if (act.attemptScheduledAt + act.scheduleToStartMs > now) return;
    const failure = timeoutFailure(act, T.TIMEOUT_TYPE_SCHEDULE_TO_START, 'ScheduleToStart');
    const retryState = enums.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE;
    finish(engine, run, act, { eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, attrs: { failure, scheduledEventId: act.scheduledId, retryState } });
  } else if (kind === 'stc' && act.startedAt > 0) {
    failActivityAttempt(engine, run, act, { failure: timeoutFailure(act, T.TIMEOUT_TYPE_START_TO_CLOSE, 'StartToClose'), timeoutType: T.TIMEOUT_TYPE_START_TO_CLOSE });
  } else if (kind === 'hb' && act.startedAt > 0) {
    const due = Math.max(act.startedAt, act.lastHeartbeatAt) + act.heartbeatMs;
    if (due > now) {
      engine.timers.schedule(due, 'activity', run.state.runId, key);
      return;
    }
    failActivityAttempt(engine, run, act, { failure: timeoutFailure(act, T.TIMEOUT_TYPE_HEARTBEAT, 'Heartbeat'), timeoutType: T.TIMEOUT_TYPE_HEARTBEAT });
  }
}

/** REQUEST_CANCEL_ACTIVITY_TASK: a started attempt learns it through its heartbeat; an unstarted one is canceled now. */
export function requestCancelActivity(run: Run, scheduledId: number, completedId: number): { canceledNow: boolean } {
  const act = run.state.activities[scheduledId];
  if (!act) throw invalidArgument(`RequestCancelActivityTask: no pending activity with scheduled event id ${scheduledId}`);
  const requestedId = run.appendEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, { scheduledEventId: scheduledId, workflowTaskCompletedEventId: completedId });
  act.cancelRequestedId = requestedId;
  if (act.startedAt > 0) return { canceledNow: false };
  delete run.state.activities[scheduledId];
  run.appendEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, { latestCancelRequestedEventId: requestedId, scheduledEventId: scheduledId, startedEventId: 0 });
  return { canceledNow: true };
}
