// Queries. With no workflow task scheduled or running (or on a closed run) a query becomes a
// query-only task replayed on a worker; otherwise it rides on the next workflow task in `queries`
// and is answered in that task's `queryResults`. A run's query tasks are offered one at a time.
import { lookupType, historyFieldId, enums, Status, type temporal } from '../proto/schema';
import { encodeWithHistory } from '../proto/wire';
import { EngineError, Code, invalidArgument, notFound } from '../grpc/errors';
import type { Engine } from './engine';
import type { PendingQuery, Run } from './run';
import { encodeToken } from './tokens';
import type { StartedTask } from './workflow-tasks';
import { checkQueryAdmission } from './query-limits';

const PollResponse = lookupType('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse');
const POLL_HISTORY_FIELD = historyFieldId('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse');
const QueryFailedFailure = lookupType('temporal.api.errordetails.v1.QueryFailedFailure');

export interface QueryOutcome {
  answer?: temporal.api.common.v1.IPayloads | null;
  error?: string;
  failure?: temporal.api.failure.v1.IFailure | null;
}

export function dispatchQueryTask(engine: Engine, run: Run, query: PendingQuery): void {
  const st = run.state;
  engine.queryTasks.set(query.id, { runId: st.runId, query });
  if (run.queryTaskOffered !== null && run.queryTaskOffered !== query.id) {
    if (!run.queryTasksWaiting.includes(query)) run.queryTasksWaiting.push(query);
    return;
  }
  run.queryTaskOffered = query.id;
  const sticky = run.isOpen ? run.sticky : null;
  const stickyQueue = sticky ? engine.workflowQueues.peek(st.namespace, sticky.queue) : undefined;
  // Only a sticky queue with a poll waiting right now: a query must not sit behind a dead worker.
  const queue = stickyQueue && stickyQueue.waiters.length > 0 ? stickyQueue : engine.workflowQueues.get(st.namespace, st.taskQueue);
  queue.offer({ kind: 'query', runId: st.runId, queryId: query.id });
}

/** Query-only task: full history, startedEventId 0, like the server's legacy query tasks. */
export function startQueryTask(engine: Engine, queryId: string): StartedTask | null {
  const task = engine.queryTasks.get(queryId);
  const run = task && engine.runs.get(task.runId);
  if (!task || !run || (task as { taken?: boolean }).taken) return null;
  (task as { taken?: boolean }).taken = true;
  const st = run.state;
  const message = {
    taskToken: encodeToken({ kind: 'query', queryId }),
    workflowExecution: { workflowId: st.workflowId, runId: st.runId },
    workflowType: { name: st.workflowType },
    previousStartedEventId: st.lastCompletedStartedId,
    startedEventId: 0,
    attempt: 1,
    query: { queryType: task.query.queryType, queryArgs: task.query.queryArgs, header: task.query.header },
    workflowExecutionTaskQueue: { name: st.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
  };
  return {
    response: encodeWithHistory(PollResponse, message, POLL_HISTORY_FIELD, run.historyBytes()),
    requeue: () => {
      (task as { taken?: boolean }).taken = false;
      if (engine.queryTasks.get(queryId) === task) dispatchQueryTask(engine, run, task.query);
    },
  };
}

export function queryWorkflow(
  engine: Engine,
  run: Run,
  req: temporal.api.workflowservice.v1.IQueryWorkflowRequest,
  deadline: number,
): Promise<unknown> {
  const st = run.state;
  const queryType = req.query?.queryType;
  if (!queryType) throw invalidArgument('Query type is not set on request.');
  const reject = req.queryRejectCondition ?? 0;
  const C = enums.QueryRejectCondition;
  if (st.status !== Status.WORKFLOW_EXECUTION_STATUS_RUNNING) {
    if (reject === C.QUERY_REJECT_CONDITION_NOT_OPEN || (reject === C.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY && st.status !== Status.WORKFLOW_EXECUTION_STATUS_COMPLETED)) {
      return Promise.resolve({ queryRejected: { status: st.status } });
    }
  }
  checkQueryAdmission(engine, run);
  return new Promise((resolve, reject) => {
    const query: PendingQuery = {
      id: engine.newId(),
      queryType,
      queryArgs: req.query?.queryArgs,
      header: req.query?.header,
      resolve: (outcome: QueryOutcome) => {
        clearTimeout(timer);
        forget();
        if (outcome.error !== undefined || outcome.failure) {
          const message = outcome.error || outcome.failure?.message || 'query failed';
          const detail = QueryFailedFailure.encode({ failure: outcome.failure ?? undefined }).finish();
          reject(new EngineError(Code.INVALID_ARGUMENT, message, ['temporal.api.errordetails.v1.QueryFailedFailure', detail]));
        } else {
          resolve({ queryResult: outcome.answer ?? { payloads: [] } });
        }
      },
    };
    const forget = () => {
      engine.queryTasks.delete(query.id);
      run.queuedQueries = run.queuedQueries.filter((q) => q !== query);
      run.inflightQueries = run.inflightQueries.filter((q) => q !== query);
      releaseQueryTask(engine, run, query);
    };
    const waitMs = Math.max(1000, Math.min(60_000, (Number.isFinite(deadline) ? deadline : Infinity) - Date.now() - 500));
    const timer = setTimeout(() => {
      forget();
      reject(new EngineError(Code.DEADLINE_EXCEEDED, `query ${queryType} was not answered by a worker within ${waitMs} ms`));
    }, waitMs);
    timer.unref();
    if (run.isOpen && st.wt) run.queuedQueries.push(query);
    else dispatchQueryTask(engine, run, query);
  });
}

/** The run's next query task, if any, is offered once this one is answered or given up. */
function releaseQueryTask(engine: Engine, run: Run, query: PendingQuery): void {
  run.queryTasksWaiting = run.queryTasksWaiting.filter((q) => q !== query);
  if (run.queryTaskOffered !== query.id) return;
  run.queryTaskOffered = null;
  const next = run.queryTasksWaiting.shift();
  if (next) dispatchQueryTask(engine, run, next);
}

export function completeQueryTask(engine: Engine, queryId: string, req: temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest): void {
  const task = engine.queryTasks.get(queryId);
  if (!task) throw notFound('query task not found (already answered or timed out)');
  engine.queryTasks.delete(queryId);
  const answered = req.completedType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED;
  task.query.resolve(answered ? { answer: req.queryResult } : { error: req.errorMessage || 'query failed', failure: req.failure });
}

/** Answers queries that rode on a completed workflow task; unanswered ones wait for the next task. */
export function resolveTaskQueries(run: Run, results: Record<string, temporal.api.query.v1.IWorkflowQueryResult> | null | undefined): void {
  const pending = run.inflightQueries;
  run.inflightQueries = [];
  for (const q of pending) {
    const r = results?.[q.id];
    if (!r) {
      run.queuedQueries.push(q);
      continue;
    }
    if (r.resultType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) q.resolve({ answer: r.answer });
    else q.resolve({ error: r.errorMessage || 'query failed', failure: r.failure });
  }
}
