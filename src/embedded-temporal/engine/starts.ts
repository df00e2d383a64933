// StartWorkflowExecution and SignalWithStart: request-id dedupe (the client retries), workflow-id
// conflict policy for a running run and reuse policy against the latest closed one.
import { enums, Status, lookupType, type temporal } from '../proto/schema';
import { Code, EngineError, invalidArgument, requireField } from '../grpc/errors';
import type { Engine, NamespaceState } from './engine';
import type { Run } from './run';
import { createRun, signalRun, terminateRun } from './executions';
import { normalizeRetryPolicy } from './retry';
import { durMs } from './durations';
import { checkSearchAttributes } from '../visibility/search-attributes';

type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;
type SignalWithStartRequest = temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest;
const AlreadyStarted = lookupType('temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure');
const Conflict = enums.WorkflowIdConflictPolicy;
const Reuse = enums.WorkflowIdReusePolicy;

const FAILED_LIKE = new Set<number>([
  Status.WORKFLOW_EXECUTION_STATUS_FAILED,
  Status.WORKFLOW_EXECUTION_STATUS_CANCELED,
  Status.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
]);

export interface StartOutcome {
  run: Run;
  started: boolean;
}

function alreadyStarted(run: Run, message: string): EngineError {
  const detail = AlreadyStarted.encode({ startRequestId: run.state.startRequestId, runId: run.state.runId }).finish();
  return new EngineError(Code.ALREADY_EXISTS, message, ['temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', detail]);
}

function validate(req: StartRequest | SignalWithStartRequest): void {
  requireField(req.workflowId, 'WorkflowId');
  requireField(req.workflowType?.name, 'WorkflowType');
  requireField(req.taskQueue?.name, 'TaskQueue');
  for (const [name, d] of [['WorkflowExecutionTimeout', req.workflowExecutionTimeout], ['WorkflowRunTimeout', req.workflowRunTimeout], ['WorkflowTaskTimeout', req.workflowTaskTimeout]] as const) {
    if (durMs(d) < 0) throw invalidArgument(`${name} may not be negative.`);
  }
  if (req.workflowId && req.workflowId.length > 1000) throw invalidArgument('WorkflowId is too long.');
}

/** Applies conflict/reuse policies; returns the run to answer with when no new run is needed. */
function resolveExisting(engine: Engine, ns: NamespaceState, req: StartRequest | SignalWithStartRequest, identity: string): StartOutcome | null {
  const existing = engine.latestRun(ns.name, req.workflowId!);
  if (!existing) return null;
  if (req.requestId && existing.state.startRequestId === req.requestId) return { run: existing, started: true };
  const conflict = req.workflowIdConflictPolicy ?? 0;
  const reuse = req.workflowIdReusePolicy ?? 0;
  if (existing.isOpen) {
    if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) return { run: existing, started: false };
    if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING || reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING) {
      terminateRun(engine, existing, { reason: 'terminated by a new start of the same workflow id', identity });
      return null;
    }
    throw alreadyStarted(existing, `Workflow execution is already running. WorkflowId: ${existing.state.workflowId}, RunId: ${existing.state.runId}.`);
  }
  if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
    throw alreadyStarted(existing, `Workflow execution already finished and the id reuse policy is REJECT_DUPLICATE. WorkflowId: ${existing.state.workflowId}.`);
  }
  if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY && !FAILED_LIKE.has(existing.state.status)) {
    throw alreadyStarted(existing, `Workflow execution already finished successfully and the id reuse policy is ALLOW_DUPLICATE_FAILED_ONLY. WorkflowId: ${existing.state.workflowId}.`);
  }
  return null;
}

function newRunFrom(engine: Engine, ns: NamespaceState, req: StartRequest | SignalWithStartRequest, signal?: { name: string; input?: temporal.api.common.v1.IPayloads | null; header?: temporal.api.common.v1.IHeader | null }): Run {
  if (checkSearchAttributes(ns, req.searchAttributes?.indexedFields)) engine.touchNamespace(ns);
  const identity = req.identity ?? '';
  return createRun(engine, {
    namespace: ns.name,
    workflowId: req.workflowId!,
    workflowType: req.workflowType!.name!,
    taskQueue: req.taskQueue!.name!,
    input: req.input,
    header: req.header,
    memo: req.memo?.fields ?? {},
    searchAttributes: req.searchAttributes?.indexedFields ?? {},
    runTimeoutMs: durMs(req.workflowRunTimeout),
    executionTimeoutMs: durMs(req.workflowExecutionTimeout),
    taskTimeoutMs: durMs(req.workflowTaskTimeout),
    retryPolicy: req.retryPolicy ? normalizeRetryPolicy(req.retryPolicy) : undefined,
    requestId: req.requestId || engine.newId(),
    identity,
    firstWtDelayMs: durMs(req.workflowStartDelay),
    cronSchedule: req.cronSchedule ?? undefined,
    signal: signal ? { ...signal, identity } : undefined,
  });
}

export function startWorkflow(engine: Engine, ns: NamespaceState, req: StartRequest): StartOutcome {
  validate(req);
  if (req.cronSchedule) throw invalidArgument('Cron schedules are not supported by the embedded Temporal engine.');
  return resolveExisting(engine, ns, req, req.identity ?? '') ?? { run: newRunFrom(engine, ns, req), started: true };
}

export function signalWithStart(engine: Engine, ns: NamespaceState, req: SignalWithStartRequest): StartOutcome {
  validate(req);
  const signalName = requireField(req.signalName, 'SignalName');
  const identity = req.identity ?? '';
  const existing = engine.latestRun(ns.name, req.workflowId!);
  const conflict = req.workflowIdConflictPolicy ?? 0;
  if (existing?.isOpen && conflict !== Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING) {
    signalRun(engine, existing, { name: signalName, input: req.signalInput, header: req.header, identity, requestId: req.requestId });
    return { run: existing, started: false };
  }
  const resolved = resolveExisting(engine, ns, { ...req, requestId: '' }, identity);
  if (resolved) return resolved;
  return { run: newRunFrom(engine, ns, req, { name: signalName, input: req.signalInput, header: req.header }), started: true };
}
