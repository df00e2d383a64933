// Child workflows and signals/cancels to other workflows. The target is acted on inside the same
// transaction as the command, and the outcome event for the parent (child started, signaled,
// cancel requested, or failed) is buffered so it is written after the task's command events.
import { EventType, enums, Status, type temporal } from '../proto/schema';
import type { Engine } from './engine';
import type { Run } from './run';
import { createRun, requestCancelRun, signalRun, terminateRun } from './executions';
import { durMs } from './durations';
import { normalizeRetryPolicy } from './retry';
import { addExternalEvents } from './workflow-tasks';
import type { ChildState } from './types';

type StartChildAttrs = temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes;

function buffer(run: Run, eventType: number, attrs: Record<string, unknown>, childInitiatedId?: number): void {
  run.state.buffered.push({ eventType, attrs, time: Date.now(), childInitiatedId });
}

export function startChild(engine: Engine, run: Run, a: StartChildAttrs, completedId: number): void {
  const st = run.state;
  const namespace = a.namespace || st.namespace;
  const workflowType = a.workflowType?.name ?? '';
  const initiatedId = run.appendEvent(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, {
    namespace,
    workflowId: a.workflowId,
    workflowType: a.workflowType,
    taskQueue: a.taskQueue,
    input: a.input,
    workflowExecutionTimeout: a.workflowExecutionTimeout,
    workflowRunTimeout: a.workflowRunTimeout,
    workflowTaskTimeout: a.workflowTaskTimeout,
    parentClosePolicy: a.parentClosePolicy,
    control: a.control,
    workflowTaskCompletedEventId: completedId,
    workflowIdReusePolicy: a.workflowIdReusePolicy,
    retryPolicy: a.retryPolicy,
    cronSchedule: a.cronSchedule,
    header: a.header,
    memo: a.memo,
    searchAttributes: a.searchAttributes,
  });
  const existing = engine.latestRun(namespace, a.workflowId ?? '');
  const R = enums.WorkflowIdReusePolicy;
  const reuse = a.workflowIdReusePolicy ?? 0;
  const refused =
    existing &&
    (existing.isOpen ||
      reuse === R.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE ||
      (reuse === R.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY && existing.state.status === Status.WORKFLOW_EXECUTION_STATUS_COMPLETED));
  if (refused) {
    buffer(run, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED, {
      namespace,
      workflowId: a.workflowId,
      workflowType: a.workflowType,
      cause: enums.StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
      control: a.control,
      initiatedEventId: initiatedId,
      workflowTaskCompletedEventId: completedId,
    });
    return;
  }
  const child = createRun(engine, {
    namespace,
    workflowId: a.workflowId ?? '',
    workflowType,
    taskQueue: a.taskQueue?.name || st.taskQueue,
    input: a.input,
    header: a.header,
    memo: a.memo?.fields ?? {},
    searchAttributes: a.searchAttributes?.indexedFields ?? {},
    runTimeoutMs: durMs(a.workflowRunTimeout),
    executionTimeoutMs: durMs(a.workflowExecutionTimeout),
    taskTimeoutMs: durMs(a.workflowTaskTimeout),
    retryPolicy: a.retryPolicy ? normalizeRetryPolicy(a.retryPolicy) : undefined,
    requestId: engine.newId(),
    identity: `parent ${st.workflowId}`,
    parent: { namespace: st.namespace, workflowId: st.workflowId, runId: st.runId, initiatedId },
  });
  (st.children ??= {})[initiatedId] = {
    initiatedId,
    startedId: 0,
    namespace,
    workflowId: child.state.workflowId,
    runId: child.state.runId,
    workflowType,
    parentClosePolicy: a.parentClosePolicy ?? 0,
  };
  buffer(
    run,
    EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
    { namespace, initiatedEventId: initiatedId, workflowExecution: { workflowId: child.state.workflowId, runId: child.state.runId }, workflowType: a.workflowType, header: a.header },
    initiatedId,
  );
}

function findTarget(engine: Engine, namespace: string, workflowId: string, runId: string | null | undefined): Run | undefined {
  const run = runId ? engine.runs.get(runId) : engine.latestRun(namespace, workflowId);
  return run && run.isOpen && run.state.workflowId === workflowId && run.state.namespace === namespace ? run : undefined;
}

export function signalExternal(engine: Engine, run: Run, a: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes, completedId: number): void {
  const namespace = a.namespace || run.state.namespace;
  const execution = { workflowId: a.execution?.workflowId ?? '', runId: a.execution?.runId ?? '' };
  const initiatedId = run.appendEvent(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
    workflowTaskCompletedEventId: completedId,
    namespace,
    workflowExecution: execution,
    signalName: a.signalName,
    input: a.input,
    control: a.control,
    childWorkflowOnly: a.childWorkflowOnly,
    header: a.header,
  });
  const target = findTarget(engine, namespace, execution.workflowId, execution.runId);
  if (!target || (a.childWorkflowOnly && target.state.parent?.runId !== run.state.runId)) {
    buffer(run, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, {
      cause: enums.SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
      workflowTaskCompletedEventId: completedId,
      namespace,
      workflowExecution: execution,
      initiatedEventId: initiatedId,
      control: a.control,
    });
    return;
  }
  signalRun(engine, target, { name: a.signalName ?? '', input: a.input, header: a.header, identity: `workflow ${run.state.workflowId}` });
  buffer(run, EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED, {
    initiatedEventId: initiatedId,
    namespace,
    workflowExecution: { workflowId: execution.workflowId, runId: target.state.runId },
    control: a.control,
  });
}

export function cancelExternal(engine: Engine, run: Run, a: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes, completedId: number): void {
  const namespace = a.namespace || run.state.namespace;
  const execution = { workflowId: a.workflowId ?? '', runId: a.runId ?? '' };
  const initiatedId = run.appendEvent(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
    workflowTaskCompletedEventId: completedId,
    namespace,
    workflowExecution: execution,
    control: a.control,
    childWorkflowOnly: a.childWorkflowOnly,
    reason: a.reason,
  });
  const target = findTarget(engine, namespace, execution.workflowId, execution.runId);
  if (!target || (a.childWorkflowOnly && target.state.parent?.runId !== run.state.runId)) {
    buffer(run, EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, {
      cause: enums.CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
      workflowTaskCompletedEventId: completedId,
      namespace,
      workflowExecution: execution,
      initiatedEventId: initiatedId,
      control: a.control,
    });
    return;
  }
  requestCancelRun(engine, target, { identity: `workflow ${run.state.workflowId}`, reason: a.reason });
  buffer(run, EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED, {
    initiatedEventId: initiatedId,
    namespace,
    workflowExecution: { workflowId: execution.workflowId, runId: target.state.runId },
  });
}

const CHILD_CLOSED: Record<number, number> = {
  [Status.WORKFLOW_EXECUTION_STATUS_COMPLETED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
  [Status.WORKFLOW_EXECUTION_STATUS_FAILED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  [Status.WORKFLOW_EXECUTION_STATUS_CANCELED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
  [Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
  [Status.WORKFLOW_EXECUTION_STATUS_TERMINATED]: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
};

/** A child's run closed for good (not continued): tell its parent. */
export function notifyParent(engine: Engine, child: Run, status: number, closing: Record<string, unknown>): void {
  const p = child.state.parent;
  const eventType = CHILD_CLOSED[status];
  if (!p || eventType === undefined || child.state.newRunId) return;
  const parent = engine.runs.get(p.runId);
  const entry: ChildState | undefined = parent?.state.children?.[p.initiatedId];
  if (!parent || !parent.isOpen || !entry) return;
  delete parent.state.children[p.initiatedId];
  addExternalEvents(engine, parent, [
    {
      eventType,
      attrs: {
        result: closing.result,
        failure: closing.failure,
        details: closing.details,
        retryState: closing.retryState,
        namespace: entry.namespace,
        workflowExecution: { workflowId: child.state.workflowId, runId: child.state.runId },
        workflowType: { name: entry.workflowType },
        initiatedEventId: entry.initiatedId,
        startedEventId: entry.startedId,
      },
    },
  ]);
}

/** The parent closed: apply each open child's parent close policy (default TERMINATE). */
export function applyParentClosePolicies(engine: Engine, parent: Run): void {
  const P = enums.ParentClosePolicy;
  for (const entry of Object.values(parent.state.children ?? {})) {
    const child = engine.latestRun(entry.namespace, entry.workflowId);
    if (!child || !child.isOpen || child.state.parent?.workflowId !== parent.state.workflowId) continue;
    if (entry.parentClosePolicy === P.PARENT_CLOSE_POLICY_ABANDON) continue;
    if (entry.parentClosePolicy === P.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
      if (!child.state.cancelRequested) requestCancelRun(engine, child, { identity: 'parent close policy', reason: 'parent closed' });
    } else {
      terminateRun(engine, child, { reason: 'parent workflow closed (parent close policy TERMINATE)', identity: 'parent close policy' });
    }
  }
  parent.state.children = {};
}
