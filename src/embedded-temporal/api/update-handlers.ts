// Update RPCs: UpdateWorkflowExecution, PollWorkflowExecutionUpdate and update-with-start through
// ExecuteMultiOperation (start + update in one call), with the server's admission rules and its
// multi-operation error shape (one status per operation, the other one marked aborted).
import { enums, lookupType, type temporal } from '../proto/schema';
import { Code, EngineError, invalidArgument, notFound } from '../grpc/errors';
import type { RpcContext, ServiceHandlers } from '../grpc/server';
import type { Engine, NamespaceState } from '../engine/engine';
import type { Run } from '../engine/run';
import { admitUpdate, findUpdate, type UpdateEntry } from '../engine/updates';
import { scheduleSpeculativeTask } from '../engine/speculative';
import { startWorkflow } from '../engine/starts';
import { prepareUpdateRequest, updateResponse, waitForStage } from './update-wait';

type UpdateRequest = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest;
type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;
type MultiOpRequest = temporal.api.workflowservice.v1.IExecuteMultiOperationRequest;
type PollRequest = temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateRequest;
const MultiOpFailure = lookupType('temporal.api.errordetails.v1.MultiOperationExecutionFailure');
const ABORTED = 'aborted' as const;

/** Admits the update on `run` (ApplyRequest); a new update with no task pending gets a speculative one. */
function admitOn(engine: Engine, run: Run, req: UpdateRequest): UpdateEntry {
  if (req.firstExecutionRunId && run.state.firstRunId !== req.firstExecutionRunId) throw notFound('workflow execution not found');
  const { entry, created } = admitUpdate(engine, run, req.request!);
  if (created && !run.state.wt) scheduleSpeculativeTask(engine, run);
  return entry;
}

function operationStatus(err: EngineError | typeof ABORTED | null): Record<string, unknown> {
  if (err === null) return { code: Code.OK };
  if (err === ABORTED) {
    return { code: Code.ABORTED, message: 'Operation was aborted.', details: [{ type_url: 'type.googleapis.com/temporal.api.failure.v1.MultiOperationExecutionAborted', value: Buffer.alloc(0) }] };
  }
  const details = err.detail ? [{ type_url: `type.googleapis.com/${err.detail[0]}`, value: err.detail[1] }] : [];
  return { code: err.code, message: err.message, details };
}

/** The server's MultiOperationExecution error: its code is the first failed operation's. */
function multiOpError(start: unknown, update: unknown): EngineError {
  const asEngine = (e: unknown): EngineError | typeof ABORTED | null =>
    e === null || e === ABORTED ? e : e instanceof EngineError ? e : new EngineError(Code.INTERNAL, (e as Error)?.message ?? String(e));
  const s = asEngine(start);
  const u = asEngine(update);
  const failed = [s, u].find((e): e is EngineError => e instanceof EngineError);
  const message = `MultiOperation could not be executed: ${s instanceof EngineError ? `Start failed: ${s.message}` : u instanceof EngineError ? `Update failed: ${u.message}` : 'Reason unknown'}`;
  const detail = MultiOpFailure.encode({ statuses: [operationStatus(s), operationStatus(u)] }).finish();
  return new EngineError(failed?.code ?? Code.ABORTED, message, ['temporal.api.errordetails.v1.MultiOperationExecutionFailure', detail]);
}

interface UpdateWithStartPlan {
  run: Run;
  entry: UpdateEntry;
  started: boolean;
}

/** The server's updateWithStart.Invoke: update the running workflow when the request allows it, else start and update. */
function planUpdateWithStart(engine: Engine, ns: NamespaceState, start: StartRequest, update: UpdateRequest): UpdateWithStartPlan {
  const updateId = update.request!.meta!.updateId!;
  const existing = engine.latestRun(ns.name, start.workflowId!);
  if (existing) {
    const known = findUpdate(existing, updateId);
    if (known?.phase === 'completed') return { run: existing, entry: known, started: false };
    const sameStart = !!start.requestId && start.requestId === existing.state.startRequestId;
    const useExisting = start.workflowIdConflictPolicy === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING;
    if (existing.isOpen && (sameStart || known || useExisting)) {
      try {
        return { run: existing, entry: admitOn(engine, existing, update), started: false };
      } catch (err) {
        throw multiOpError(ABORTED, err);
      }
    }
  }
  let run: Run;
  try {
    const outcome = startWorkflow(engine, ns, start);
    if (!outcome.started) throw new EngineError(Code.UNAVAILABLE, 'Workflow was not started');
    run = outcome.run;
  } catch (err) {
    throw multiOpError(err, ABORTED);
  }
  try {
    return { run, entry: admitOn(engine, run, update), started: true };
  } catch (err) {
    throw multiOpError(null, err);
  }
}

function validateMultiOp(req: MultiOpRequest): { start: StartRequest; update: UpdateRequest; stage: number } {
  const ops = req.operations ?? [];
  if (ops.length !== 2) throw invalidArgument('expected exactly 2 operations');
  const start = ops[0].startWorkflow;
  const update = ops[1].updateWorkflow;
  if (!start) throw invalidArgument('expected first operation to be Start Workflow');
  if (!update) throw invalidArgument('expected second operation to be Update Workflow');
  let stage: number;
  try {
    if (start.namespace && start.namespace !== req.namespace) throw invalidArgument('Namespace does not match the request.');
    if (update.workflowExecution?.runId) throw invalidArgument('RunId is not allowed.');
    if (update.workflowExecution?.workflowId !== start.workflowId) throw invalidArgument('WorkflowId is not consistent with previous operation(s).');
    stage = prepareUpdateRequest(update);
  } catch (err) {
    throw multiOpError(ABORTED, err);
  }
  return { start, update, stage };
}

export function updateHandlers(engine: Engine): ServiceHandlers {
  return {
    UpdateWorkflowExecution: async (req: UpdateRequest, ctx: RpcContext) => {
      const ns = engine.namespace(req.namespace);
      const stage = prepareUpdateRequest(req);
      const run = engine.findRun(ns.name, req.workflowExecution!.workflowId, req.workflowExecution!.runId);
      const entry = engine.transact(() => admitOn(engine, run, req));
      return updateResponse(run, entry.id, await waitForStage(engine, { entry, stage, ctx }));
    },

    PollWorkflowExecutionUpdate: async (req: PollRequest, ctx: RpcContext) => {
      const ns = engine.namespace(req.namespace);
      const ref = req.updateRef;
      if (!ref) throw invalidArgument('UpdateRef is not set on request.');
      const run = engine.findRun(ns.name, ref.workflowExecution?.workflowId, ref.workflowExecution?.runId);
      const entry = findUpdate(run, ref.updateId ?? '');
      if (!entry) throw notFound(`update "${ref.updateId ?? ''}" not found`);
      const stage = req.waitPolicy?.lifecycleStage ?? 0;
      return updateResponse(run, entry.id, await waitForStage(engine, { entry, stage, ctx }));
    },

    ExecuteMultiOperation: async (req: MultiOpRequest, ctx: RpcContext) => {
      const ns = engine.namespace(req.namespace);
      const { start, update, stage } = validateMultiOp(req);
      const plan = engine.transact(() => planUpdateWithStart(engine, ns, start, update));
      let reachedStage;
      try {
        reachedStage = await waitForStage(engine, { entry: plan.entry, stage, ctx });
      } catch (err) {
        throw multiOpError(plan.started ? null : ABORTED, err);
      }
      const startResponse = { runId: plan.run.state.runId, started: plan.started, status: plan.run.state.status };
      return { responses: [{ startWorkflow: startResponse }, { updateWorkflow: updateResponse(plan.run, plan.entry.id, reachedStage) }] };
    },
  };
}
