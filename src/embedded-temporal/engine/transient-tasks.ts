// The server's transient workflow tasks: after a task's first failed attempt, later attempts write no
// Scheduled/Started/Failed/TimedOut events. The worker still sees Scheduled and Started at the end of
// its poll response; they are written (with the ids sent) only when an attempt completes. New events
// arriving before the retry starts turn it back into a normal task at attempt 1.
import { EventType, enums } from '../proto/schema';
import { EventLog } from './event-log';
import { encodeEvent, type Run } from './run';
import type { WorkflowTaskState } from './types';
import { dur } from './durations';

function scheduledAttrs(run: Run, attempt: number): Record<string, unknown> {
  return {
    taskQueue: { name: run.state.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    startToCloseTimeout: dur(run.state.taskTimeoutMs),
    attempt,
  };
}

export function writeScheduledEvent(run: Run, attempt: number, time?: number): number {
  return run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, scheduledAttrs(run, attempt), time);
}

/** Called as a transient task starts: events written since it was scheduled make it a normal task. */
export function normalizeIfStale(run: Run, wt: WorkflowTaskState): void {
  if (!wt.transient || wt.scheduledId === run.state.nextEventId) return;
  wt.transient = false;
  wt.attempt = 1;
  run.state.nextWtAttempt = 1;
  wt.scheduledId = writeScheduledEvent(run, 1);
}

/** The transient Scheduled and Started events, framed to follow the history in a poll response. */
export function transientEvents(run: Run, wt: WorkflowTaskState): Buffer {
  const log = new EventLog();
  log.append(encodeEvent(wt.scheduledId, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, scheduledAttrs(run, wt.attempt), wt.scheduledAt));
  log.append(encodeEvent(wt.startedId, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, wt.transientStarted ?? {}, wt.startedAt));
  return log.range(0);
}

/** The attempt completed: its Scheduled and Started events become history, with the ids the worker saw. */
export function persistTransientEvents(run: Run, wt: WorkflowTaskState): void {
  if (!wt.transient) return;
  if (run.state.nextEventId !== wt.scheduledId) throw new Error(`transient workflow task ${wt.scheduledId} no longer follows the history (next event ${run.state.nextEventId})`);
  writeScheduledEvent(run, wt.attempt, wt.scheduledAt);
  run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, wt.transientStarted ?? {}, wt.startedAt);
  wt.transient = false;
  wt.transientStarted = undefined;
}
