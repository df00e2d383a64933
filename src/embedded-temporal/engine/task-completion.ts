// RespondWorkflowTaskCompleted / Failed: validates the token against the run's current task, rejects
// closing the workflow while new events wait (UNHANDLED_COMMAND), applies commands, flushes buffered
// events after them and schedules the next task when the workflow has something new to see.
import { EventType, enums, type temporal } from '../proto/schema';
import { invalidArgument, notFound } from '../grpc/errors';
import type { Engine, NamespaceState } from './engine';
import type { Run } from './run';
import { applyCommands, isClosing, validateCommands } from './commands';
import { failWorkflowTask, flushBuffered, scheduleWorkflowTask } from './workflow-tasks';
import { dispatchQueryTask, resolveTaskQueries } from './queries';
import { durMs } from './durations';
import type { TaskToken } from './tokens';
import { checkCommandLimits } from './command-limits';
import { persistTransientEvents } from './transient-tasks';
import { terminateRun } from './executions';

type CompletedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
type FailedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;

/** The run whose *started* task the token names, or NOT_FOUND (stale or unknown task). */
export function runForWorkflowToken(engine: Engine, token: TaskToken): Run {
  if (token.kind !== 'wt') throw invalidArgument('Task token does not name a workflow task.');
  const run = engine.runs.get(token.runId);
  if (!run) throw notFound('workflow execution not found');
  if (!run.isOpen) throw notFound('workflow execution already completed');
  const wt = run.state.wt;
  if (!wt || wt.scheduledId !== token.scheduledId || wt.attempt !== token.attempt || wt.startedId === 0) {
    throw notFound('Workflow task not found.');
  }
  return run;
}

/** Returns the scheduled event ids of activities the worker asked to run eagerly (started by the caller). */
export function completeWorkflowTask(engine: Engine, ns: NamespaceState, run: Run, req: CompletedRequest): number[] {
  const st = run.state;
  const wt = st.wt!;
  const commands = req.commands ?? [];
  const invalid = validateCommands(ns, run, commands);
  if (invalid) {
    failWorkflowTask(engine, run, { cause: invalid.cause, failure: { message: invalid.message }, identity: req.identity ?? '' });
    throw invalidArgument(invalid.message);
  }
  const breach = checkCommandLimits(engine.limits, run, commands);
  if (breach) {
    failWorkflowTask(engine, run, { cause: breach.cause, failure: { message: breach.message }, identity: req.identity ?? '' });
    // The server ends the run over a blob limit (the task would fail the same way forever).
    if (breach.terminate && run.isOpen) terminateRun(engine, run, { reason: breach.message, identity: 'history-service' });
    throw invalidArgument(breach.message);
  }
  if (st.buffered.length > 0 && commands.some(isClosing)) {
    // The workflow tried to close without seeing events that arrived meanwhile: make it look again.
    failWorkflowTask(engine, run, {
      cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      failure: { message: 'UnhandledCommand: new events arrived while the workflow task was running' },
      identity: req.identity ?? '',
    });
    throw invalidArgument('UnhandledCommand');
  }
  persistTransientEvents(run, wt);
  const completedId = run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
    scheduledEventId: wt.scheduledId,
    startedEventId: wt.startedId,
    identity: req.identity,
    binaryChecksum: req.binaryChecksum,
    sdkMetadata: req.sdkMetadata,
    meteringMetadata: req.meteringMetadata,
    workerVersion: req.workerVersionStamp,
  });
  st.lastCompletedStartedId = wt.startedId;
  st.wt = null;
  st.nextWtAttempt = 1;
  const stickyName = req.stickyAttributes?.workerTaskQueue?.name;
  run.sticky = stickyName
    ? { queue: engine.intern(stickyName), scheduleToStartMs: durMs(req.stickyAttributes?.scheduleToStartTimeout) || engine.tuning.defaultStickyTimeoutMs }
    : null;
  const { needsTask, eager } = applyCommands(engine, ns, run, commands, completedId);
  resolveTaskQueries(run, req.queryResults);
  if (run.isOpen) {
    const flushed = flushBuffered(run);
    if (needsTask || flushed > 0 || req.forceCreateNewWorkflowTask) scheduleWorkflowTask(engine, run);
    if (!st.wt && run.queuedQueries.length > 0) {
      const queries = run.queuedQueries;
      run.queuedQueries = [];
      engine.effect(() => queries.forEach((q) => dispatchQueryTask(engine, run, q)));
    }
  }
  engine.touch(run);
  engine.effect(() => run.notifyHistoryWaiters());
  return run.isOpen ? eager : [];
}

export function failWorkflowTaskRequest(engine: Engine, run: Run, req: FailedRequest): void {
  failWorkflowTask(engine, run, {
    cause: req.cause || enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
    failure: req.failure,
    identity: req.identity ?? '',
  });
}
