// Persistent state of one workflow run. Everything here is plain data (no classes, no Longs) so a run
// can be written to the write-ahead log with v8.serialize and restored as is after a crash.
import type { Failure, Payload, Payloads, temporal } from '../proto/schema';

export type Header = temporal.api.common.v1.IHeader;

export interface RetryPolicyState {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export interface WorkflowTaskState {
  scheduledId: number;
  /** 0 until a poller takes the task. */
  startedId: number;
  attempt: number;
  scheduledAt: number;
  startedAt: number;
  startedIdentity: string;
  /**
   * A retry after a failed attempt (the server's transient task): its Scheduled and Started events are
   * not in history; they are sent to the worker and written only when this attempt completes.
   */
  transient?: boolean;
  /** Attributes of the transient Started event as sent, to write the same event on completion. */
  transientStarted?: Record<string, unknown>;
}

export interface ActivityState {
  scheduledId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  input?: Payloads;
  header?: Header;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  retry: RetryPolicyState;
  firstScheduledAt: number;
  attempt: number;
  /** When the current attempt becomes dispatchable (later than now while backing off). */
  attemptScheduledAt: number;
  /** 0 while not started. */
  startedAt: number;
  startedIdentity: string;
  lastHeartbeatAt: number;
  heartbeatDetails?: Payloads;
  lastFailure?: Failure;
  lastAttemptCompletedAt: number;
  cancelRequestedId: number;
}

export interface TimerState {
  timerId: string;
  startedId: number;
  fireAt: number;
}

/** An event that arrived while a workflow task was running; written after that task's commands. */
export interface BufferedEvent {
  eventType: number;
  attrs: Record<string, unknown>;
  time: number;
  /** Set `attrs.startedEventId` to the id of the event flushed just before (activity Started+Closed pairs). */
  linkStarted?: boolean;
  /** ChildWorkflowExecutionStarted: remember its event id on the child entry with this initiated id. */
  childInitiatedId?: number;
}

export interface ChildState {
  initiatedId: number;
  /** Id of ChildWorkflowExecutionStarted once written. */
  startedId: number;
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  parentClosePolicy: number;
}

export interface ParentInfo {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedId: number;
}

/** An update the workflow accepted: its events' ids (completedId 0 while it is still in flight). */
export interface UpdateRecord {
  acceptedId: number;
  completedId: number;
}

export interface RunState {
  /** Creation order across the engine: decides the latest run of a workflow id after recovery. */
  seq: number;
  namespace: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: number;
  startedAt: number;
  executionTime: number;
  closedAt: number;
  startRequestId: string;
  /** Request ids of signals / cancel requests already applied (the client retries). */
  requestIds: string[];
  memo: Record<string, Payload>;
  searchAttributes: Record<string, Payload>;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  taskTimeoutMs: number;
  executionExpiresAt: number;
  runExpiresAt: number;
  retryPolicy?: RetryPolicyState;
  attempt: number;
  /** Kept only when a retry policy may start another run with the same input. */
  input?: Payloads;
  header?: Header;
  parent?: ParentInfo;
  nextEventId: number;
  lastCompletedStartedId: number;
  historyBytes: number;
  wt: WorkflowTaskState | null;
  /** Attempt number the next scheduled workflow task gets (grows on failures and timeouts). */
  nextWtAttempt: number;
  buffered: BufferedEvent[];
  activities: Record<string, ActivityState>;
  timers: Record<string, TimerState>;
  /** Child workflows started by this run and not closed yet, by initiated event id. */
  children: Record<string, ChildState>;
  cancelRequested: boolean;
  /** Run that continues this one (continue-as-new or retry), once closed that way. */
  newRunId: string;
  /** First workflow task is held back until this time (start delay, retry backoff). */
  firstWtAt: number;
  /** Accepted updates by id (absent in runs written before updates existed). Admitted ones are not durable, as on the server. */
  updates?: Record<string, UpdateRecord>;
}
