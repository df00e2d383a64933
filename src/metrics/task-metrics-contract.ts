// What workflows report for metrics through the `taskMetrics` sink: facts only a workflow knows
// (a status change with its times, an approval decision). Workflow code imports this file, so it
// holds types and pure functions only. Sinks issue no commands and are not called on replay, so
// reporting changes no history and a replayed history is not counted again.
import type { Sinks } from '@temporalio/workflow';

export interface TaskStatusReport {
  agentId: string;
  state: string;
  previousState: string;
  /** Epoch ms (workflow time) when the previous state was entered, when the task was created, and now. */
  previousSinceMs: number;
  createdAtMs: number;
  atMs: number;
}

/** approve / reject / request-changes by a person, expired or auto-rejected by the deadline policy, refused answers. */
export type ApprovalOutcome = 'approve' | 'reject' | 'request-changes' | 'expired' | 'auto-rejected' | 'refused';

export interface TaskMetricsSinks extends Sinks {
  taskMetrics: {
    started(report: { agentId: string }): void;
    statusChanged(report: TaskStatusReport): void;
    approval(report: { agentId: string; outcome: ApprovalOutcome }): void;
  };
}

/** The outcome label of an approval effect; undefined for effects that decide nothing (reminders, unreadable answers). */
export function approvalOutcome(
  effect: { kind: string; record?: { decision: string; automatic: boolean } },
  deadline?: 'remind' | 'escalate' | 'expire',
): ApprovalOutcome | undefined {
  if (effect.kind === 'refused') return 'refused';
  if (effect.kind !== 'decided' || !effect.record) return undefined;
  if (effect.record.automatic) return deadline === 'expire' ? 'expired' : 'auto-rejected';
  return effect.record.decision as ApprovalOutcome;
}
