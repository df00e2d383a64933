// The one module of the API that talks to Temporal (see task-gateway.ts for the contract; push
// configs past a run's close are delegated to push-config-keeping.ts, which only it uses). Task
// state comes from workflow queries while a run is open and from its result once closed (taken
// from the close event when a history wait sees it); a snapshot is cached under (run id, history
// length), which changes exactly when workflow state can. A query no worker answers within
// `queryWaitMs` is answered from the published copy in the memo (published-reads.ts), as is a list.
import { isGrpcServiceError, WorkflowFailedError, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, type Payload } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { PushNotificationConfig } from '../../src/a2a-model/types';
import {
  getInputOutcomeQuery,
  getPushConfigsQuery,
  getTaskSnapshotQuery,
  provideInputSignal,
  taskSearchAttributes,
  taskWorkflowId,
  type ProvideInputArgs,
  type TaskSnapshot,
  type TaskSnapshotRequest,
  type TaskWorkflowInput,
  type TaskWorkflowResult,
} from '../../src/task-runtime/contract';
import type { Logger } from '../../src/logger';
import { PushConfigKeeping } from './push-config-keeping';
import { deliverInputSignal } from './input-delivery';
import { CLOSE_EVENTS, endedAbruptly, isNotFound } from './run-endings';
import { isUnanswered, listedTask, QueryBreaker, readPublished, submittedCopy, type PublishedFields } from './published-reads';
import { PUBLISHED_TASK_MEMO } from '../../src/task-runtime/published-task';
import { viewOfFullSnapshot, viewOfResult } from './snapshot-views';
import { buildTaskListQuery, decodePageToken, encodePageToken, TASK_LIST_ORDER, visibilityDigest } from './task-list-query';
import { advance, decodeCursor, encodeCursor, type HistoryProgress } from './history-progress';
import { ownerKey, type ChangeCursor, type InputDelivery, type StartTaskResult, type TaskChange, type TaskGateway, type TaskListFilter, type TaskListPage } from './task-gateway';
import { ignoreTemporalCalls, type TemporalCall, type TemporalCallMetrics } from './temporal-call-metrics';

const { WorkflowExecutionStatus, HistoryEventFilterType } = temporal.api.enums.v1;
/** Memo key of the digest of the message that started a task (see api/task-service/message-digest.ts). */
const MESSAGE_DIGEST_MEMO = 'messageDigest';
/** How long a fresh read (see `getSnapshot`) waits for a worker before it takes the published copy. */
const FRESH_QUERY_WAIT_MS = 30_000;

export interface TemporalTaskGatewayOptions {
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** Snapshots kept for GetTask; one per task, about a few KiB each. */
  snapshotCacheSize?: number;
  /** Told of every call made to Temporal (counters for monitoring and benchmarks). */
  metrics?: TemporalCallMetrics;
  /** How long a finished task's push-config keeper waits for another change before it completes (default 1 hour). */
  pushConfigKeepForMs?: number;
  /** How long a read waits for a worker to answer its query before answering from the published copy (default 1.5 s). */
  queryWaitMs?: number;
  /** How long, after a query went unanswered, reads answer from the published copy without querying (default 5 s). */
  queryBreakerMs?: number;
}

interface Described extends PublishedFields {
  runId: string;
  historyLength: string;
  running: boolean;
}

interface CachedSnapshot {
  runId: string;
  historyLength: string;
  full?: TaskSnapshot;
  result?: TaskWorkflowResult;
}

export class TemporalTaskGateway implements TaskGateway {
  private readonly client: Client;
  private readonly namespace: string;
  private readonly cache = new Map<string, CachedSnapshot>();
  private readonly cacheSize: number;
  private readonly metrics: TemporalCallMetrics;
  private readonly pushConfigs: PushConfigKeeping;
  private readonly breaker: QueryBreaker;
  /** Whether visibility accepts ORDER BY on a custom attribute (SQL visibility does not). */
  private orderBySupported = true;

  constructor(private readonly options: TemporalTaskGatewayOptions) {
    this.client = options.client;
    this.namespace = options.client.options.namespace;
    this.cacheSize = options.snapshotCacheSize ?? 20_000;
    this.metrics = options.metrics ?? ignoreTemporalCalls;
    this.breaker = new QueryBreaker(options.queryBreakerMs ?? 5_000);
    this.pushConfigs = new PushConfigKeeping({
      client: this.client,
      taskQueue: options.taskQueue,
      metrics: this.metrics,
      keepForMs: options.pushConfigKeepForMs,
      describe: (workflowId) => this.describeWorkflow(workflowId),
      taskResult: async (taskId) => this.cache.get(taskId)?.result ?? (await this.loadClosedResult(taskId)),
    });
  }

  async startTask({ workflowType, input, messageDigest }: { workflowType: string; input: TaskWorkflowInput; messageDigest: string }): Promise<StartTaskResult> {
    try {
      this.metrics.record('start');
      await this.client.workflow.start(workflowType, {
        taskQueue: this.options.taskQueue,
        workflowId: taskWorkflowId(input.taskId),
        args: [input],
        // The task as submitted is published from the start, so it is readable before any worker runs it.
        memo: { [MESSAGE_DIGEST_MEMO]: messageDigest, [PUBLISHED_TASK_MEMO]: submittedCopy(input) },
        // A task id is never reused: a re-send of the same message finds the task it created.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: taskSearchAttributes.tenant, value: visibilityDigest(input.owner.tenant) },
          { key: taskSearchAttributes.owner, value: visibilityDigest(ownerKey(input.owner)) },
          { key: taskSearchAttributes.contextId, value: visibilityDigest(input.contextId) },
          { key: taskSearchAttributes.agentId, value: input.agentId },
          { key: taskSearchAttributes.state, value: 'submitted' },
          { key: taskSearchAttributes.kind, value: 'task' },
          { key: taskSearchAttributes.statusTimestamp, value: new Date() },
        ],
      });
      return { started: true };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const { memo } = await this.handle(input.taskId, 'describe').describe();
      const recorded = memo?.[MESSAGE_DIGEST_MEMO];
      return typeof recorded === 'string' ? { started: false, messageDigest: recorded } : { started: false };
    }
  }

  async getSnapshot(taskId: string, request: TaskSnapshotRequest = {}, options: { fresh?: boolean } = {}): Promise<TaskSnapshot | undefined> {
    // A closed run's result is final: a task id never gets another run (REJECT_DUPLICATE), so a
    // result already read answers without asking Temporal again.
    const final = this.cache.get(taskId)?.result;
    if (final) return viewOfResult(final, request);
    const described = await this.describe(taskId);
    if (!described) return undefined;
    const { runId, historyLength, running } = described;
    const cached = this.cache.get(taskId);
    if (!running) {
      const result = await this.loadClosedResult(taskId);
      if (!result) return undefined;
      this.remember(taskId, { runId, historyLength, result });
      return viewOfResult(result, request);
    }
    if (request.afterSeq !== undefined) return this.query(taskId, request);
    if (cached?.full && cached.runId === runId && cached.historyLength === historyLength) {
      return viewOfFullSnapshot(cached.full, request);
    }
    const published = () => readPublished(this.client.options.loadedDataConverter, described, request);
    // A fresh read waits for the worker and leaves the breaker alone (see getSnapshot's contract).
    const admission = options.fresh ? 'query' : this.breaker.admit();
    if (admission !== 'query') {
      const copy = await published();
      if (copy) {
        // The probe asks a worker in the background: this read answers at once either way.
        if (admission === 'probe') this.askWorker(taskId).catch(() => undefined);
        return copy;
      }
    }
    let full: TaskSnapshot | undefined;
    try {
      full = options.fresh ? await this.askWorkerPatiently(taskId) : await this.askWorker(taskId);
    } catch (err) {
      // No worker answered (for a fresh read, not even within its longer wait): the copy is all there is.
      if (!isUnanswered(err)) throw err;
      const copy = await published();
      if (!copy) throw err;
      return copy;
    }
    if (!full) return undefined;
    this.remember(taskId, { runId, historyLength, full });
    return viewOfFullSnapshot(full, request);
  }

  async provideInput(taskId: string, args: ProvideInputArgs, options: { decideWithinMs?: number } = {}): Promise<InputDelivery> {
    const request = { messageId: args.message.messageId, ...(args.digest ? { digest: args.digest } : {}) };
    return deliverInputSignal(
      {
        signal: () => this.handle(taskId, 'signal').signal(provideInputSignal, args),
        waitForChange: (cursor, options) => this.waitForChange(taskId, cursor, options),
        closedResult: () => this.cache.get(taskId)?.result,
        query: (outcomeRequest) => this.handle(taskId, 'query').query(getInputOutcomeQuery, outcomeRequest),
      },
      request,
      options,
    );
  }

  async setPushConfig(taskId: string, config: PushNotificationConfig): Promise<void> {
    await this.pushConfigs.apply(taskId, { set: config });
  }

  async deletePushConfig(taskId: string, configId: string): Promise<void> {
    await this.pushConfigs.apply(taskId, { delete: configId });
  }

  async getPushConfigs(taskId: string): Promise<PushNotificationConfig[] | undefined> {
    const described = await this.describe(taskId);
    if (!described) return undefined;
    if (described.running) {
      try {
        return await this.handle(taskId, 'query').query(getPushConfigsQuery);
      } catch (err) {
        // Closed since the describe: read it as a closed task.
        if (!isNotFound(err)) throw err;
      }
    }
    return this.pushConfigs.ofClosedTask(taskId);
  }

  async requestCancel(taskId: string): Promise<void> {
    await this.handle(taskId, 'cancel').cancel();
  }

  async listTasks(filter: TaskListFilter, page: { pageSize: number; pageToken?: string; view?: TaskSnapshotRequest }): Promise<TaskListPage> {
    const where = buildTaskListQuery(filter);
    const nextPageToken = decodePageToken(where, page.pageToken);
    const list = (query: string) => {
      this.metrics.record('list');
      return this.client.workflowService.listWorkflowExecutions({
        namespace: this.namespace,
        query,
        pageSize: page.pageSize,
        nextPageToken,
      });
    };
    let response;
    if (this.orderBySupported) {
      try {
        response = await list(where + TASK_LIST_ORDER);
      } catch (err) {
        if (!isGrpcServiceError(err) || err.code !== grpcStatus.INVALID_ARGUMENT) throw err;
        this.orderBySupported = false;
        this.options.logger.warn({ err: err.message }, 'visibility rejects ORDER BY on A2AStatusTimestamp; listing in start-time order');
      }
    }
    response ??= await list(where);
    this.metrics.record('count');
    const count = await this.client.workflowService.countWorkflowExecutions({ namespace: this.namespace, query: where });
    const converter = this.client.options.loadedDataConverter;
    return {
      tasks: await Promise.all((response.executions ?? []).map((e) => listedTask(converter, e, page.view ?? {}))),
      nextPageToken: encodePageToken(where, response.nextPageToken),
      totalSize: Number(count.count ?? 0),
    };
  }

  async waitForChange(taskId: string, cursor: ChangeCursor | undefined, options: { maxWaitMs: number; signal: AbortSignal }): Promise<TaskChange> {
    const before = decodeCursor(cursor) ?? { busy: false };
    const unchanged = (closed: boolean): TaskChange => ({ ...changeOf(before, closed), cursor: cursor ?? encodeCursor(before) });
    const connection = this.client.connection;
    const deadline = Date.now() + options.maxWaitMs;
    this.metrics.record('longPoll');
    // The SDK never removes the listener it puts on the signal of a call, and that listener holds
    // the call: give each call a signal of its own, so a long-lived caller signal does not collect
    // one finished call per long poll.
    const call = new AbortController();
    const abortCall = () => call.abort(options.signal.reason);
    options.signal.addEventListener('abort', abortCall, { once: true });
    if (options.signal.aborted) abortCall();
    try {
      const response = await connection.withAbortSignal(call.signal, () =>
        connection.withDeadline(deadline, () =>
          this.client.workflowService.getWorkflowExecutionHistory({
            namespace: this.namespace,
            execution: { workflowId: taskWorkflowId(taskId) },
            waitNewEvent: true,
            historyEventFilterType: HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT,
            nextPageToken: before.token ? Buffer.from(before.token, 'base64') : undefined,
            skipArchival: true,
          }),
        ),
      );
      const events = response.history?.events ?? [];
      const next = response.nextPageToken;
      const progress = advance(before, events);
      if (next && next.length > 0) progress.token = Buffer.from(next).toString('base64');
      const last = events[events.length - 1];
      const closed = (!next || next.length === 0) && (last ? CLOSE_EVENTS.has(Number(last.eventType)) : true);
      const completed = closed ? last?.workflowExecutionCompletedEventAttributes : undefined;
      // The close event carries the final snapshot: keep it, so reading the task needs no result call.
      if (completed && progress.runId) await this.rememberResult(taskId, progress.runId, completed.result?.payloads);
      return changeOf(progress, closed);
    } catch (err) {
      if (options.signal.aborted) throw err;
      if (isGrpcServiceError(err) && err.code === grpcStatus.DEADLINE_EXCEEDED) return unchanged(false);
      if (isNotFound(err)) return unchanged(true);
      throw err;
    } finally {
      options.signal.removeEventListener('abort', abortCall);
    }
  }

  async ping(): Promise<void> {
    await this.client.workflowService.getSystemInfo({});
  }

  /** A handle for one call of the given kind. */
  private handle(taskId: string, call: TemporalCall) {
    this.metrics.record(call);
    return this.client.workflow.getHandle(taskWorkflowId(taskId));
  }

  private describe(taskId: string): Promise<Described | undefined> {
    return this.describeWorkflow(taskWorkflowId(taskId));
  }

  private async describeWorkflow(workflowId: string): Promise<Described | undefined> {
    try {
      this.metrics.record('describe');
      const response = await this.client.workflowService.describeWorkflowExecution({
        namespace: this.namespace,
        execution: { workflowId },
      });
      const info = response.workflowExecutionInfo;
      return {
        runId: info?.execution?.runId ?? '',
        historyLength: String(info?.historyLength ?? '0'),
        running: info?.status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        memo: info?.memo?.fields,
        searchAttributes: info?.searchAttributes?.indexedFields,
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async query(taskId: string, request: TaskSnapshotRequest): Promise<TaskSnapshot | undefined> {
    try {
      return await this.handle(taskId, 'query').query(getTaskSnapshotQuery, request);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * For a caller that has just seen a worker at work: waits up to `freshQueryWaitMs` (30 s) for the
   * answer, and leaves the breaker alone, since a slow answer under load is not a missing worker.
   */
  private async askWorkerPatiently(taskId: string): Promise<TaskSnapshot | undefined> {
    const deadline = Date.now() + Math.max(this.options.queryWaitMs ?? 1_500, FRESH_QUERY_WAIT_MS);
    return this.client.connection.withDeadline(deadline, () => this.query(taskId, { includeArtifacts: true }));
  }

  /** The task's full snapshot if a worker answers within `queryWaitMs`; the breaker learns whether one did. */
  private async askWorker(taskId: string): Promise<TaskSnapshot | undefined> {
    try {
      const full = await this.client.connection.withDeadline(Date.now() + (this.options.queryWaitMs ?? 1_500), () =>
        this.query(taskId, { includeArtifacts: true }),
      );
      this.breaker.answered();
      return full;
    } catch (err) {
      // No worker answered: reads of this task queue answer from the published copy for a while.
      if (isUnanswered(err)) this.breaker.unanswered();
      throw err;
    } finally {
      this.breaker.released();
    }
  }

  /** A run that ended without a result (terminated, timed out) is read by replaying it for a query. */
  private async loadClosedResult(taskId: string): Promise<TaskWorkflowResult | undefined> {
    try {
      return (await this.handle(taskId, 'result').result()) as TaskWorkflowResult;
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
      const snapshot = await this.query(taskId, { afterSeq: 0, includeArtifacts: true });
      if (!snapshot) return undefined;
      return { snapshot: endedAbruptly(snapshot, err), pushConfigs: [] };
    }
  }

  private async rememberResult(taskId: string, runId: string, payloads: Payload[] | null | undefined): Promise<void> {
    const result = await decodeFromPayloadsAtIndex<TaskWorkflowResult>(this.client.options.loadedDataConverter, 0, payloads);
    if (result?.snapshot) this.remember(taskId, { runId, historyLength: '', result });
  }

  private remember(taskId: string, entry: CachedSnapshot): void {
    this.cache.delete(taskId);
    this.cache.set(taskId, entry);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function changeOf(progress: HistoryProgress, closed: boolean): TaskChange {
  return { cursor: encodeCursor(progress), closed, busy: progress.busy && !closed, ...(progress.state ? { state: progress.state } : {}) };
}

