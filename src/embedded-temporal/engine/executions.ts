// Creating and closing runs: start (with start delay / retry backoff), continue-as-new and retry
// chains, signals, cancel requests, terminate, run/execution timeouts and retention of closed runs.
import { randomUUID } from 'node:crypto';
import { EventType, enums, Status, type Failure, type Payload, type Payloads } from '../proto/schema';
import { fromMs } from '../proto/time';
import { notFound } from '../grpc/errors';
import type { Engine } from './engine';
import { Run } from './run';
import { addExternalEvents, flushBuffered, scheduleWorkflowTask } from './workflow-tasks';
import { decideRetry, retryPolicyMessage } from './retry';
import { dur } from './durations';
import { detach } from './detach';
import { dispatchQueryTask } from './queries';
import { applyParentClosePolicies, notifyParent } from './children';
import { abortUpdatesOnClose } from './updates';
import type { Header, ParentInfo, RetryPolicyState, RunState } from './types';

export interface NewRunInput {
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input?: Payloads | null;
  header?: Header | null;
  memo?: Record<string, Payload>;
  searchAttributes?: Record<string, Payload>;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  taskTimeoutMs: number;
  retryPolicy?: RetryPolicyState;
  attempt?: number;
  requestId: string;
  identity: string;
  runId?: string;
  firstRunId?: string;
  executionExpiresAt?: number;
  firstWtDelayMs?: number;
  parent?: ParentInfo;
  cronSchedule?: string;
  continuedFrom?: { runId: string; initiator: number; failure?: Failure | null; lastCompletionResult?: Payloads | null };
  signal?: { name: string; input?: Payloads | null; header?: Header | null; identity: string };
}

const MAX_TASK_TIMEOUT_MS = 120_000;

export function createRun(engine: Engine, o: NewRunInput): Run {
  const now = Date.now();
  const runId = o.runId ?? randomUUID();
  const taskTimeoutMs = Math.min(o.taskTimeoutMs || 10_000, MAX_TASK_TIMEOUT_MS);
  const executionExpiresAt = o.executionExpiresAt ?? (o.executionTimeoutMs > 0 ? now + o.executionTimeoutMs : 0);
  const runTimeoutMs = o.runTimeoutMs || o.executionTimeoutMs;
  let runExpiresAt = runTimeoutMs > 0 ? now + runTimeoutMs : 0;
  if (executionExpiresAt && (!runExpiresAt || executionExpiresAt < runExpiresAt)) runExpiresAt = executionExpiresAt;
  const firstWtDelayMs = o.firstWtDelayMs ?? 0;
  const state: RunState = {
    seq: engine.nextRunSeq(),
    namespace: engine.intern(o.namespace),
    workflowId: o.workflowId,
    runId,
    firstRunId: o.firstRunId ?? runId,
    workflowType: engine.intern(o.workflowType),
    taskQueue: engine.intern(o.taskQueue),
    status: Status.WORKFLOW_EXECUTION_STATUS_RUNNING,
    startedAt: now,
    executionTime: now + firstWtDelayMs,
    closedAt: 0,
    startRequestId: o.requestId,
    requestIds: [],
    memo: detach(o.memo ?? {}),
    searchAttributes: detach(o.searchAttributes ?? {}),
    runTimeoutMs,
    executionTimeoutMs: o.executionTimeoutMs,
    taskTimeoutMs,
    executionExpiresAt,
    runExpiresAt,
    retryPolicy: o.retryPolicy,
    attempt: o.attempt ?? 1,
    input: o.retryPolicy ? detach(o.input ?? undefined) : undefined,
    header: o.retryPolicy ? detach(o.header ?? undefined) : undefined,
    parent: o.parent,
    nextEventId: 1,
    lastCompletedStartedId: 0,
    historyBytes: 0,
    wt: null,
    nextWtAttempt: 1,
    buffered: [],
    activities: {},
    timers: {},
    children: {},
    cancelRequested: false,
    newRunId: '',
    firstWtAt: firstWtDelayMs > 0 ? now + firstWtDelayMs : 0,
  };
  const run = new Run(state);
  run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {
    workflowType: { name: o.workflowType },
    parentWorkflowNamespace: o.parent?.namespace,
    parentWorkflowExecution: o.parent ? { workflowId: o.parent.workflowId, runId: o.parent.runId } : undefined,
    parentInitiatedEventId: o.parent?.initiatedId,
    taskQueue: { name: o.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    input: o.input,
    workflowExecutionTimeout: dur(o.executionTimeoutMs),
    workflowRunTimeout: dur(runTimeoutMs),
    workflowTaskTimeout: dur(taskTimeoutMs),
    continuedExecutionRunId: o.continuedFrom?.runId,
    initiator: o.continuedFrom?.initiator,
    continuedFailure: o.continuedFrom?.failure,
    lastCompletionResult: o.continuedFrom?.lastCompletionResult,
    originalExecutionRunId: runId,
    identity: o.identity,
    firstExecutionRunId: state.firstRunId,
    retryPolicy: o.retryPolicy ? retryPolicyMessage(o.retryPolicy) : undefined,
    attempt: state.attempt,
    workflowExecutionExpirationTime: executionExpiresAt ? fromMs(executionExpiresAt) : undefined,
    cronSchedule: o.cronSchedule,
    firstWorkflowTaskBackoff: firstWtDelayMs > 0 ? dur(firstWtDelayMs) : undefined,
    memo: { fields: state.memo },
    searchAttributes: { indexedFields: state.searchAttributes },
    header: o.header,
    workflowId: o.workflowId,
  }, now);
  if (o.signal) {
    run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
      signalName: o.signal.name,
      input: o.signal.input,
      identity: o.signal.identity,
      header: o.signal.header,
    }, now);
  }
  engine.addRun(run);
  engine.touch(run);
  armRunTimers(engine, run);
  scheduleWorkflowTask(engine, run);
  return run;
}

export function armRunTimers(engine: Engine, run: Run): void {
  if (run.isOpen && run.state.runExpiresAt > 0) engine.timers.schedule(run.state.runExpiresAt, 'run-timeout', run.state.runId);
  if (!run.isOpen) engine.timers.schedule(run.state.closedAt + engine.tuning.retentionMs, 'retention', run.state.runId);
}

/** Writes the closing event and drops everything pending; queries still waiting are replayed on a worker. */
export function closeRun(engine: Engine, run: Run, status: number, eventType: number, attrs: Record<string, unknown>): number {
  const st = run.state;
  const eventId = run.appendEvent(eventType, attrs);
  st.status = status;
  st.closedAt = Date.now();
  st.wt = null;
  st.activities = {};
  st.timers = {};
  st.buffered = [];
  run.sticky = null;
  run.speculative = null;
  abortUpdatesOnClose(engine, run, status === Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW || st.newRunId !== '');
  run.events.trim();
  const waiting = [...run.inflightQueries, ...run.queuedQueries];
  run.inflightQueries = [];
  run.queuedQueries = [];
  engine.touch(run);
  armRunTimers(engine, run);
  applyParentClosePolicies(engine, run);
  notifyParent(engine, run, status, attrs);
  engine.effect(() => {
    run.notifyHistoryWaiters();
    for (const q of waiting) dispatchQueryTask(engine, run, q);
  });
  return eventId;
}

export function signalRun(engine: Engine, run: Run, o: { name: string; input?: Payloads | null; header?: Header | null; identity: string; requestId?: string | null }): void {
  if (!run.isOpen) throw notFound('workflow execution already completed');
  if (o.requestId && run.state.requestIds.includes(o.requestId)) return;
  if (o.requestId) rememberRequest(run, o.requestId);
  addExternalEvents(engine, run, [
    { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, attrs: { signalName: o.name, input: o.input, identity: o.identity, header: o.header } },
  ]);
}

export function requestCancelRun(engine: Engine, run: Run, o: { identity: string; requestId?: string | null; reason?: string | null }): void {
  if (!run.isOpen) throw notFound('workflow execution already completed');
  if (run.state.cancelRequested) return;
  if (o.requestId) rememberRequest(run, o.requestId);
  run.state.cancelRequested = true;
  addExternalEvents(engine, run, [
    { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, attrs: { cause: o.reason ?? '', identity: o.identity } },
  ]);
}

function rememberRequest(run: Run, requestId: string): void {
  const ids = run.state.requestIds;
  ids.push(requestId);
  if (ids.length > 200) ids.splice(0, ids.length - 200);
}

export function terminateRun(engine: Engine, run: Run, o: { reason?: string | null; details?: Payloads | null; identity: string }): void {
  if (!run.isOpen) throw notFound('workflow execution already completed');
  const wt = run.state.wt;
  if (wt && wt.startedId > 0 && !wt.transient) {
    // Like the server: the in-flight task is failed so its late completion is rejected.
    run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
      scheduledEventId: wt.scheduledId,
      startedEventId: wt.startedId,
      cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
      identity: o.identity,
    });
  }
  flushBuffered(run);
  closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_TERMINATED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, {
    reason: o.reason ?? '',
    details: o.details,
    identity: o.identity,
  });
}

export function onRunTimeout(engine: Engine, run: Run): void {
  const st = run.state;
  if (!run.isOpen || st.runExpiresAt === 0 || st.runExpiresAt > Date.now()) return;
  flushBuffered(run);
  closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, {
    retryState: enums.RetryState.RETRY_STATE_TIMEOUT,
  });
}

/** FAIL_WORKFLOW_EXECUTION: with a workflow retry policy the failure may start the next attempt as a new run. */
export function failRun(engine: Engine, run: Run, failure: Failure | null | undefined, completedId: number): void {
  const st = run.state;
  const attrs: Record<string, unknown> = { failure, workflowTaskCompletedEventId: completedId, retryState: enums.RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
  if (!st.retryPolicy) {
    closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, attrs);
    return;
  }
  const decision = decideRetry({ policy: st.retryPolicy, attempt: st.attempt, failure, now: Date.now(), expiresAt: st.executionExpiresAt });
  if (!decision.retry) {
    attrs.retryState = decision.retryState;
    closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, attrs);
    return;
  }
  const newRunId = randomUUID();
  attrs.retryState = enums.RetryState.RETRY_STATE_IN_PROGRESS;
  attrs.newExecutionRunId = newRunId;
  st.newRunId = newRunId;
  closeRun(engine, run, Status.WORKFLOW_EXECUTION_STATUS_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, attrs);
  createRun(engine, {
    ...inherit(run),
    input: st.input,
    header: st.header,
    runId: newRunId,
    attempt: st.attempt + 1,
    firstWtDelayMs: decision.delayMs,
    requestId: randomUUID(),
    continuedFrom: { runId: st.runId, initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY, failure },
  });
}

/** The settings a follow-up run (continue-as-new, retry) keeps from its predecessor. */
export function inherit(run: Run): Omit<NewRunInput, 'requestId'> {
  const st = run.state;
  return {
    namespace: st.namespace,
    workflowId: st.workflowId,
    workflowType: st.workflowType,
    taskQueue: st.taskQueue,
    memo: st.memo,
    searchAttributes: st.searchAttributes,
    runTimeoutMs: st.runTimeoutMs === st.executionTimeoutMs ? 0 : st.runTimeoutMs,
    executionTimeoutMs: st.executionTimeoutMs,
    taskTimeoutMs: st.taskTimeoutMs,
    retryPolicy: st.retryPolicy,
    identity: 'embedded-temporal',
    firstRunId: st.firstRunId,
    executionExpiresAt: st.executionExpiresAt,
    parent: st.parent,
  };
}

export function onRetention(engine: Engine, run: Run): void {
  if (run.isOpen || run.state.closedAt + engine.tuning.retentionMs > Date.now()) return;
  engine.dropRun(run);
}
