// The API's only view of Temporal. Everything else in api/ depends on this interface, so handler
// tests can use a fake and a change of mechanism (queries, history long-polls) stays in one module.
import type { PushNotificationConfig, TaskState } from '../../src/a2a-model/types';
import type { ProvideInputArgs, TaskSnapshot, TaskSnapshotRequest, TaskWorkflowInput } from '../../src/task-runtime/contract';
import type { InputOutcome } from '../../src/task-runtime/input-outcome';

/** A task owner as one key (tenant and subject, NUL-separated): how TaskListFilter.owner names one. */
export const ownerKey = (owner: { tenant: string; subject: string }): string => `${owner.tenant}\u0000${owner.subject}`;

export interface StartTaskResult {
  /** False when a workflow with this task id already existed (an idempotent re-send). */
  started: boolean;
  /** For an existing task: the digest its first message was started with (absent on older tasks). */
  messageDigest?: string;
}

/** What became of an input sent to a task (see `TaskGateway.provideInput`). */
export type InputDelivery =
  /** The workflow decided, in its own state, and recorded it. */
  | { kind: 'decided'; outcome: InputOutcome }
  /** The run had closed: the signal found no open run, so nothing was delivered. */
  | { kind: 'closed' }
  /** The workflow keeps no outcomes (a worker older than them): it took the input as before. */
  | { kind: 'undecided' }
  /**
   * Not decided within the wait the caller allowed (no worker has run the signal's workflow task):
   * the input is durable in the run's history and is decided when a worker runs it; a refusal then
   * shows in the task's stream.
   */
  | { kind: 'pending' };

/** A position in a task's history; `waitForChange` resolves once history moves past it. */
export type ChangeCursor = string;

/** What a wait on a task's history found. */
export interface TaskChange {
  cursor: ChangeCursor;
  /** The run has closed (completed, failed, continued as new …). */
  closed: boolean;
  /** A workflow task is pending: the task's state is about to change, so read it once that is done. */
  busy: boolean;
  /** The state the workflow last published, when the history read so far shows one. */
  state?: TaskState;
}

export interface TaskListFilter {
  tenant: string;
  /** Omitted: only the tasks granted to `roles`, whoever owns them (the same list for every holder of those roles). */
  owner?: string;
  /** Also list tasks that grant one of these roles access (see TaskGrants). */
  roles?: readonly string[];
  /** Every task of the tenant, whoever owns it (an operator's view); `owner` and `roles` are then moot. */
  wholeTenant?: boolean;
  agentId?: string;
  contextId?: string;
  state?: TaskState;
  /** ISO 8601 */
  statusTimestampAfter?: string;
}

/** One task of a list page: its id, whether its run is open, and its published copy if it has one. */
export interface ListedTask {
  taskId: string;
  running: boolean;
  /** Built from the memo visibility returned (see src/task-runtime/published-task.ts); no call per task. */
  published?: TaskSnapshot;
}

export interface TaskListPage {
  tasks: ListedTask[];
  nextPageToken: string;
  totalSize: number;
}

export interface TaskGateway {
  /**
   * Starts the task's workflow, recording `messageDigest` with it (in its memo, read back by describe:
   * consistent at once and needing no worker, unlike a query or visibility).
   */
  startTask(args: { workflowType: string; input: TaskWorkflowInput; messageDigest: string }): Promise<StartTaskResult>;
  /** The task's state, from a query while it runs and from its result once closed; undefined if unknown. */
  /**
   * `fresh`: the caller has just seen a worker finish a workflow task (a blocking send that settled,
   * a stream resyncing), so it waits for the worker's answer rather than taking the published copy
   * after the short read wait, and does not trip the breaker that a slow answer would.
   */
  getSnapshot(taskId: string, request?: TaskSnapshotRequest, options?: { fresh?: boolean }): Promise<TaskSnapshot | undefined>;
  /**
   * Signals the input (the one delivery; no state is read first) and reads what the workflow decided
   * about it. A query after a signal is answered after the workflow task that handles the signal.
   */
  provideInput(taskId: string, args: ProvideInputArgs, options?: { decideWithinMs?: number }): Promise<InputDelivery>;
  setPushConfig(taskId: string, config: PushNotificationConfig): Promise<void>;
  deletePushConfig(taskId: string, configId: string): Promise<void>;
  getPushConfigs(taskId: string): Promise<PushNotificationConfig[] | undefined>;
  requestCancel(taskId: string): Promise<void>;
  /** A page of tasks; `view` shapes the published copies (historyLength). */
  listTasks(filter: TaskListFilter, page: { pageSize: number; pageToken?: string; view?: TaskSnapshotRequest }): Promise<TaskListPage>;
  /**
   * Resolves when the task's history has moved past `cursor` (or at once without one), or after
   * `maxWaitMs`, with the new cursor and what history shows of the task. Rejects if `signal` aborts.
   */
  waitForChange(
    taskId: string,
    cursor: ChangeCursor | undefined,
    options: { maxWaitMs: number; signal: AbortSignal },
  ): Promise<TaskChange>;
  /** Readiness: resolves when Temporal answers. */
  ping(): Promise<void>;
}
