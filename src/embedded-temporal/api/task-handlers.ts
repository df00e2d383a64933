// Worker-facing RPCs: workflow/activity task polls and their responses, heartbeats, query task
// answers and ShutdownWorker (which releases the worker's sticky queue at once).
import { enums, lookupType, type temporal } from '../proto/schema';
import { fromMs } from '../proto/time';
import { frameField } from '../proto/wire';
import { invalidArgument, notFound, requireField } from '../grpc/errors';
import type { RpcContext, ServiceHandlers } from '../grpc/server';
import type { Engine } from '../engine/engine';
import { decodeToken } from '../engine/tokens';
import { dispatchWorkflowTask, startWorkflowTask } from '../engine/workflow-tasks';
import { completeQueryTask, dispatchQueryTask, startQueryTask } from '../engine/queries';
import { completeWorkflowTask, failWorkflowTaskRequest, runForWorkflowToken } from '../engine/task-completion';
import {
  activityForToken,
  cancelActivity,
  completeActivity,
  failActivityAttempt,
  offerActivity,
  recordHeartbeat,
  startActivity,
} from '../engine/activities';
import type { Run } from '../engine/run';
import type { ActivityState } from '../engine/types';
import { longPoll } from './long-poll';
import { overBlobLimit, payloadsSize, resultTooLargeFailure } from '../engine/limits';

type WS = typeof temporal.api.workflowservice.v1;
const ACTIVITY_TASKS_FIELD = lookupType('temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse').fields.activityTasks.id;
type Req<K extends keyof WS> = WS[K] extends { prototype: infer P } ? P : never;

export function taskHandlers(engine: Engine): ServiceHandlers {
  const activityByToken = (token: Uint8Array | null | undefined) => {
    const t = decodeToken(token);
    if (t.kind !== 'act') throw invalidArgument('Task token does not name an activity task.');
    return activityForToken(engine, t.runId, t.scheduledId, t.attempt);
  };
  const activityById = (req: { namespace?: string | null; workflowId?: string | null; runId?: string | null; activityId?: string | null }) => {
    const ns = engine.namespace(req.namespace);
    const run = engine.findOpenRun(ns.name, req.workflowId, req.runId);
    const act = Object.values(run.state.activities).find((a) => a.activityId === req.activityId);
    if (!act || act.startedAt === 0) throw notFound(`activity ${req.activityId} is not running`);
    return { run, act };
  };
  const txn = <R>(fn: () => R) => engine.transact(fn);
  const onActivity = (ref: { run: Run; act: ActivityState }, fn: (run: Run, act: ActivityState) => void) => txn(() => fn(ref.run, ref.act));
  // A result over the blob limit is recorded as a non-retryable server failure, as the frontend does.
  const completeOrFail = (run: Run, act: ActivityState, req: { result?: temporal.api.common.v1.IPayloads | null; identity?: string | null }) => {
    if (overBlobLimit(engine.limits, payloadsSize(req.result))) failActivityAttempt(engine, run, act, { failure: resultTooLargeFailure(), identity: req.identity });
    else completeActivity(engine, run, act, req);
  };

  return {
    PollWorkflowTaskQueue: (req: Req<'PollWorkflowTaskQueueRequest'>, ctx: RpcContext) => {
      const ns = engine.namespace(req.namespace);
      const queueName = requireField(req.taskQueue?.name, 'TaskQueue');
      const identity = req.identity ?? '';
      return longPoll({
        queue: engine.workflowQueues.get(ns.name, queueName),
        ctx,
        maxWaitMs: engine.tuning.longPollMs,
        identity,
        empty: () => ({}),
        start: (task) => {
          if (task.kind === 'query') return startQueryTask(engine, task.queryId);
          const run = engine.runs.get(task.runId);
          return run ? startWorkflowTask(engine, run, task.scheduledId, { identity, queueName }) : null;
        },
      });
    },

    RespondWorkflowTaskCompleted: (req: Req<'RespondWorkflowTaskCompletedRequest'>) => {
      const run = runForWorkflowToken(engine, decodeToken(req.taskToken));
      const ns = engine.namespace(run.state.namespace);
      const { eager, resetHistoryEventId } = txn(() => completeWorkflowTask(engine, ns, run, req));
      if (resetHistoryEventId !== undefined) return { resetHistoryEventId };
      if (eager.length === 0) return {};
      // Eager activities: the worker reserved slots for them, so they start now and ride on this
      // response instead of costing a poll round trip.
      const started = eager.map((id) => ({ id, task: startActivity(engine, run, id, 1, req.identity ?? '') }));
      for (const s of started) {
        const act = run.state.activities[s.id];
        if (!s.task && act) offerActivity(engine, run, act);
      }
      const tasks = started.flatMap((s) => (s.task ? [frameField(ACTIVITY_TASKS_FIELD, s.task.response)] : []));
      return Buffer.concat(tasks);
    },

    RespondWorkflowTaskFailed: (req: Req<'RespondWorkflowTaskFailedRequest'>) => {
      const run = runForWorkflowToken(engine, decodeToken(req.taskToken));
      txn(() => failWorkflowTaskRequest(engine, run, req));
      return {};
    },

    RespondQueryTaskCompleted: (req: Req<'RespondQueryTaskCompletedRequest'>) => {
      const token = decodeToken(req.taskToken);
      if (token.kind !== 'query') throw invalidArgument('Task token does not name a query task.');
      completeQueryTask(engine, token.queryId, req);
      return {};
    },

    PollActivityTaskQueue: (req: Req<'PollActivityTaskQueueRequest'>, ctx: RpcContext) => {
      const ns = engine.namespace(req.namespace);
      const queueName = requireField(req.taskQueue?.name, 'TaskQueue');
      const identity = req.identity ?? '';
      return longPoll({
        queue: engine.activityQueues.get(ns.name, queueName),
        ctx,
        maxWaitMs: engine.tuning.longPollMs,
        identity,
        empty: () => ({}),
        start: (task) => {
          const run = engine.runs.get(task.runId);
          return run ? startActivity(engine, run, task.scheduledId, task.attempt, identity) : null;
        },
      });
    },

    RecordActivityTaskHeartbeat: (req: Req<'RecordActivityTaskHeartbeatRequest'>) => {
      const { run, act } = activityByToken(req.taskToken);
      return { cancelRequested: txn(() => recordHeartbeat(engine, run, act, req.details)) };
    },
    RecordActivityTaskHeartbeatById: (req: Req<'RecordActivityTaskHeartbeatByIdRequest'>) => {
      const { run, act } = activityById(req);
      return { cancelRequested: txn(() => recordHeartbeat(engine, run, act, req.details)) };
    },

    RespondActivityTaskCompleted: (req: Req<'RespondActivityTaskCompletedRequest'>) => {
      onActivity(activityByToken(req.taskToken), (run, act) => completeOrFail(run, act, req));
      return {};
    },
    RespondActivityTaskCompletedById: (req: Req<'RespondActivityTaskCompletedByIdRequest'>) => {
      onActivity(activityById(req), (run, act) => completeOrFail(run, act, req));
      return {};
    },

    RespondActivityTaskFailed: (req: Req<'RespondActivityTaskFailedRequest'>) => {
      const failure = requireField(req.failure, 'Failure');
      onActivity(activityByToken(req.taskToken), (run, act) =>
        failActivityAttempt(engine, run, act, { failure, heartbeatDetails: req.lastHeartbeatDetails, identity: req.identity }),
      );
      return {};
    },
    RespondActivityTaskFailedById: (req: Req<'RespondActivityTaskFailedByIdRequest'>) => {
      const failure = requireField(req.failure, 'Failure');
      onActivity(activityById(req), (run, act) =>
        failActivityAttempt(engine, run, act, { failure, heartbeatDetails: req.lastHeartbeatDetails, identity: req.identity }),
      );
      return {};
    },

    RespondActivityTaskCanceled: (req: Req<'RespondActivityTaskCanceledRequest'>) => {
      onActivity(activityByToken(req.taskToken), (run, act) => cancelActivity(engine, run, act, req));
      return {};
    },
    RespondActivityTaskCanceledById: (req: Req<'RespondActivityTaskCanceledByIdRequest'>) => {
      onActivity(activityById(req), (run, act) => cancelActivity(engine, run, act, req));
      return {};
    },

    DescribeTaskQueue: (req: Req<'DescribeTaskQueueRequest'>) => {
      const ns = engine.namespace(req.namespace);
      const name = requireField(req.taskQueue?.name, 'TaskQueue');
      const isActivity = req.taskQueueType === enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
      const queue = isActivity ? engine.activityQueues.peek(ns.name, name) : engine.workflowQueues.peek(ns.name, name);
      const pollers = [...(queue?.pollers ?? new Map<string, number>())].map(([identity, at]) => ({ identity, lastAccessTime: fromMs(at), ratePerSecond: 0 }));
      return { pollers };
    },

    ShutdownWorker: (req: Req<'ShutdownWorkerRequest'>) => {
      const ns = engine.namespace(req.namespace);
      if (req.stickyTaskQueue) releaseStickyQueue(engine, ns.name, req.stickyTaskQueue);
      return {};
    },
    ResetStickyTaskQueue: (req: Req<'ResetStickyTaskQueueRequest'>) => {
      const ns = engine.namespace(req.namespace);
      const run = engine.findRun(ns.name, req.execution?.workflowId, req.execution?.runId);
      run.sticky = null;
      return {};
    },
  };
}

/** The worker is gone: tasks waiting on its sticky queue move to the normal queue with full history. */
function releaseStickyQueue(engine: Engine, namespace: string, name: string): void {
  const queue = engine.workflowQueues.peek(namespace, name);
  if (!queue) return;
  engine.workflowQueues.delete(namespace, name);
  for (const task of queue.drain()) {
    const run = engine.runs.get(task.runId);
    if (!run) continue;
    if (run.sticky?.queue === name) run.sticky = null;
    if (task.kind === 'wt') dispatchWorkflowTask(engine, run);
    else {
      const pending = engine.queryTasks.get(task.queryId);
      if (pending) dispatchQueryTask(engine, run, pending.query);
    }
  }
}
