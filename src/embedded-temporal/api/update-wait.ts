// Waiting for an update's lifecycle stage, as the server's WaitLifecycleStage: bounded by the long-poll
// interval, after which the stage reached so far is answered (ADMITTED or ACCEPTED, no outcome) and the
// client polls again. Also the frontend's validation and defaults of an UpdateWorkflowExecution request.
import { randomUUID } from 'node:crypto';
import { enums, type temporal } from '../proto/schema';
import { EngineError, Code, invalidArgument } from '../grpc/errors';
import type { RpcContext } from '../grpc/server';
import type { Engine } from '../engine/engine';
import type { Run } from '../engine/run';
import type { Outcome, UpdateEntry } from '../engine/updates';

const Stage = enums.UpdateWorkflowExecutionLifecycleStage;
type UpdateRequest = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest;

export interface StageReached {
  stage: number;
  outcome?: Outcome;
}

/** Validation and defaults of the server's frontend (prepareUpdateWorkflowRequest). Returns the wait stage. */
export function prepareUpdateRequest(req: UpdateRequest): number {
  if (!req.workflowExecution?.workflowId) throw invalidArgument('WorkflowId is not set on request.');
  const meta = req.request?.meta;
  if (!meta) throw invalidArgument('Update meta is not set on request.');
  if ((meta.updateId ?? '').length > 1000) throw invalidArgument('UpdateId length exceeds limit.');
  if (!meta.updateId) meta.updateId = randomUUID();
  if (!req.request?.input) throw invalidArgument('Update input is not set on request.');
  if (!req.request.input.name) throw invalidArgument('Update name is not set on request.');
  const stage = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
  if (stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
    throw new EngineError(Code.PERMISSION_DENIED, 'UpdateWorkflowExecution issued asynchronously and waiting on update admitted is not supported.');
  }
  return stage;
}

function reached(entry: UpdateEntry, stage: number, final: boolean): StageReached | null {
  if (entry.error) throw entry.error;
  if (entry.phase === 'completed') return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, outcome: entry.outcome };
  const accepted = entry.phase === 'accepted';
  if (accepted && stage !== Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED) return { stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED };
  // ADMITTED/UNSPECIFIED (a poll) answer at once with whatever stage the update is in.
  if (final || stage < Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED) {
    return { stage: accepted ? Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED : Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED };
  }
  return null;
}

export function waitForStage(engine: Engine, o: { entry: UpdateEntry; stage: number; ctx: RpcContext }): Promise<StageReached> {
  const { entry, stage, ctx } = o;
  return new Promise((resolve, reject) => {
    const done = () => {
      entry.listeners.delete(listener);
      clearTimeout(timer);
    };
    const check = (final: boolean) => {
      let r: StageReached | null;
      try {
        r = reached(entry, stage, final);
      } catch (err) {
        done();
        reject(err as Error);
        return;
      }
      if (r) {
        done();
        resolve(r);
      }
    };
    const listener = () => check(false);
    entry.listeners.add(listener);
    const deadlineWait = Number.isFinite(ctx.deadline) ? ctx.deadline - Date.now() - 1000 : Infinity;
    const timer = setTimeout(() => check(true), Math.max(0, Math.min(engine.tuning.longPollMs, deadlineWait))).unref();
    ctx.tracker.onEnd(() => {
      done();
      resolve({ stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED });
    });
    check(false);
  });
}

export function updateResponse(run: Run, updateId: string, r: StageReached): Record<string, unknown> {
  return {
    updateRef: { workflowExecution: { workflowId: run.state.workflowId, runId: run.state.runId }, updateId },
    outcome: r.outcome,
    stage: r.stage,
  };
}
