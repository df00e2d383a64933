// WorkflowExecutionInfo as Describe and List return it, built from the run's state.
import { enums, Status } from '../proto/schema';
import { optTime, fromMs } from '../proto/time';
import type { Run } from '../engine/run';
import { dur } from '../engine/durations';

export function executionInfo(run: Run) {
  const st = run.state;
  return {
    execution: { workflowId: st.workflowId, runId: st.runId },
    type: { name: st.workflowType },
    startTime: fromMs(st.startedAt),
    closeTime: optTime(st.closedAt),
    status: st.status,
    historyLength: st.nextEventId - 1,
    historySizeBytes: st.historyBytes,
    parentExecution: st.parent ? { workflowId: st.parent.workflowId, runId: st.parent.runId } : undefined,
    executionTime: fromMs(st.executionTime),
    memo: { fields: st.memo },
    searchAttributes: { indexedFields: st.searchAttributes },
    taskQueue: st.taskQueue,
    stateTransitionCount: st.nextEventId - 1,
    executionDuration: st.closedAt ? dur(st.closedAt - st.startedAt) : undefined,
    rootExecution: { workflowId: st.workflowId, runId: st.runId },
    firstRunId: st.firstRunId,
  };
}

export function describeRun(run: Run) {
  const st = run.state;
  const PA = enums.PendingActivityState;
  const now = Date.now();
  const pendingActivities = run.isOpen
    ? Object.values(st.activities).map((a) => ({
        activityId: a.activityId,
        activityType: { name: a.activityType },
        state: a.cancelRequestedId ? PA.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED : a.startedAt ? PA.PENDING_ACTIVITY_STATE_STARTED : PA.PENDING_ACTIVITY_STATE_SCHEDULED,
        heartbeatDetails: a.heartbeatDetails,
        lastHeartbeatTime: optTime(a.lastHeartbeatAt),
        lastStartedTime: optTime(a.startedAt),
        attempt: a.attempt,
        maximumAttempts: a.retry.maximumAttempts,
        scheduledTime: fromMs(a.attemptScheduledAt),
        expirationTime: a.scheduleToCloseMs ? fromMs(a.firstScheduledAt + a.scheduleToCloseMs) : undefined,
        lastFailure: a.lastFailure,
        lastWorkerIdentity: a.startedIdentity,
        lastAttemptCompleteTime: optTime(a.lastAttemptCompletedAt),
        nextAttemptScheduleTime: a.attemptScheduledAt > now ? fromMs(a.attemptScheduledAt) : undefined,
      }))
    : [];
  const wt = run.isOpen ? st.wt : null;
  return {
    executionConfig: {
      taskQueue: { name: st.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      workflowExecutionTimeout: dur(st.executionTimeoutMs),
      workflowRunTimeout: dur(st.runTimeoutMs),
      defaultWorkflowTaskTimeout: dur(st.taskTimeoutMs),
    },
    workflowExecutionInfo: executionInfo(run),
    pendingActivities,
    pendingChildren: run.isOpen
      ? Object.values(st.children ?? {}).map((c) => ({
          workflowId: c.workflowId,
          runId: c.runId,
          workflowTypeName: c.workflowType,
          initiatedId: c.initiatedId,
          parentClosePolicy: c.parentClosePolicy,
        }))
      : [],
    pendingWorkflowTask: wt
      ? {
          state: wt.startedId ? enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED : enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
          scheduledTime: fromMs(wt.scheduledAt),
          originalScheduledTime: fromMs(wt.scheduledAt),
          startedTime: optTime(wt.startedAt),
          attempt: wt.attempt,
        }
      : undefined,
  };
}

export const STATUS_NAMES: Record<string, number> = {
  Running: Status.WORKFLOW_EXECUTION_STATUS_RUNNING,
  Completed: Status.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  Failed: Status.WORKFLOW_EXECUTION_STATUS_FAILED,
  Canceled: Status.WORKFLOW_EXECUTION_STATUS_CANCELED,
  Terminated: Status.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  ContinuedAsNew: Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
  TimedOut: Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
};
