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
import { applyMessage, parseMessages, rejectUnprocessed, type ParsedMessage } from './update-messages';
import { abortSentUpdates, hasUnsentUpdates } from './updates';
import { discardSpeculativeTask, isSpeculative, scheduleSpeculativeTask } from './speculative';
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
  const stale = token.startedAt !== undefined && token.startedAt !== wt?.startedAt;
  if (!wt || wt.scheduledId !== token.scheduledId || wt.attempt !== token.attempt || wt.startedId === 0 || stale) {
    throw notFound('Workflow task not found.');
  }
  return run;
}

export interface CompletionResult {
  /** Scheduled event ids of activities the worker asked to run eagerly (started by the caller). */
  eager: number[];
  /** Set when a speculative task was discarded: the worker rolls its history back to this event. */
  resetHistoryEventId?: number;
}

export function completeWorkflowTask(engine: Engine, ns: NamespaceState, run: Run, req: CompletedRequest): CompletionResult {
  const st = run.state;
  const wt = st.wt!;
  const commands = req.commands ?? [];
  const parsed = parseMessages(run, req.messages ?? []);
  const invalid = Array.isArray(parsed) ? validateCommands(ns, run, commands, new Set(parsed.map((m) => m.id))) : parsed;
  if (invalid || !Array.isArray(parsed)) {
    abortSentUpdates(engine, run);
    failWorkflowTask(engine, run, { cause: invalid!.cause, failure: { message: invalid!.message }, identity: req.identity ?? '' });
    throw invalidArgument(invalid!.message);
  }
  const breach = checkCommandLimits(engine.limits, run, commands);
  if (breach) {
    abortSentUpdates(engine, run);
    failWorkflowTask(engine, run, { cause: breach.cause, failure: { message: breach.message }, identity: req.identity ?? '' });
    // The server ends the run over a blob limit (the task would fail the same way forever).
    if (breach.terminate && run.isOpen) terminateRun(engine, run, { reason: breach.message, identity: 'history-service' });
    throw invalidArgument(breach.message);
  }
  if (st.buffered.length > 0 && commands.some(isClosing)) {
    // The workflow tried to close without seeing events that arrived meanwhile: make it look again.
    abortSentUpdates(engine, run);
    failWorkflowTask(engine, run, {
      cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      failure: { message: 'UnhandledCommand: new events arrived while the workflow task was running' },
      identity: req.identity ?? '',
    });
    throw invalidArgument('UnhandledCommand');
  }
  if (discardable(run, req, parsed)) {
    discardOnlyRejections(engine, run, req, parsed);
    return { eager: [], resetHistoryEventId: st.lastCompletedStartedId };
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
  bindSticky(engine, run, req);
  const byId = new Map(parsed.map((m) => [m.id, m]));
  const applyById = (id: string) => {
    const m = byId.get(id);
    byId.delete(id);
    if (m) applyMessage(engine, run, m);
  };
  run.applyingTask = true;
  let applied: { needsTask: boolean; eager: number[] };
  try {
    applied = applyCommands({ engine, ns, run, commands, completedId, applyMessage: applyById });
    for (const id of [...byId.keys()]) applyById(id);
  } finally {
    run.applyingTask = false;
  }
  const { needsTask, eager } = applied;
  rejectUnprocessed(engine, run);
  resolveTaskQueries(run, req.queryResults);
  if (run.isOpen) {
    const flushed = flushBuffered(run);
    if (needsTask || flushed > 0 || req.forceCreateNewWorkflowTask) scheduleWorkflowTask(engine, run);
    afterTask(engine, run);
  }
  engine.touch(run);
  engine.effect(() => run.notifyHistoryWaiters());
  return { eager: run.isOpen ? eager : [] };
}

function bindSticky(engine: Engine, run: Run, req: CompletedRequest): void {
  const stickyName = req.stickyAttributes?.workerTaskQueue?.name;
  run.sticky = stickyName
    ? { queue: engine.intern(stickyName), scheduleToStartMs: durMs(req.stickyAttributes?.scheduleToStartTimeout) || engine.tuning.defaultStickyTimeoutMs }
    : null;
}

/** Updates admitted while the task ran get a (speculative) task of their own; waiting queries go out. */
function afterTask(engine: Engine, run: Run): void {
  if (!run.state.wt && hasUnsentUpdates(run)) scheduleSpeculativeTask(engine, run);
  if (!run.state.wt && run.queuedQueries.length > 0) {
    const queries = run.queuedQueries;
    run.queuedQueries = [];
    engine.effect(() => queries.forEach((q) => dispatchQueryTask(engine, run, q)));
  }
}

/** The server's skipWorkflowTaskCompletedEvent: a speculative task that only rejected updates leaves no events. */
function discardable(run: Run, req: CompletedRequest, parsed: ParsedMessage[]): boolean {
  if (!isSpeculative(run) || (req.commands ?? []).length > 0 || req.forceCreateNewWorkflowTask) return false;
  return run.state.buffered.length === 0 && parsed.every((m) => m.kind === 'rejection');
}

function discardOnlyRejections(engine: Engine, run: Run, req: CompletedRequest, parsed: ParsedMessage[]): void {
  discardSpeculativeTask(run);
  bindSticky(engine, run, req);
  for (const m of parsed) applyMessage(engine, run, m);
  rejectUnprocessed(engine, run);
  resolveTaskQueries(run, req.queryResults);
  afterTask(engine, run);
  engine.touch(run);
}

export function failWorkflowTaskRequest(engine: Engine, run: Run, req: FailedRequest): void {
  failWorkflowTask(engine, run, {
    cause: req.cause || enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
    failure: req.failure,
    identity: req.identity ?? '',
  });
}
