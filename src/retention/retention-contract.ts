// The contract of the retention sweep (README "Retention"): one singleton workflow per namespace,
// started idempotently by every worker process, calling one activity per sweep. Dependency-free, so
// the workflow, the activity and the platform share it.

/** Fixed: a second start finds the running sweep (continue-as-new keeps the id) and leaves it be. */
export const RETENTION_SWEEP_WORKFLOW_ID = 'a2a-retention-sweep';
export const RETENTION_SWEEP_WORKFLOW = 'retentionSweepWorkflow';

/** Sweeps per run before continuing as new: about eight events each, so a run stays far below limits. */
export const DEFAULT_SWEEPS_PER_RUN = 100;

export interface RetentionSweepInput {
  /** The close time up to which earlier sweeps deleted (ISO 8601); carried across continue-as-new. */
  sweptUntil?: string;
  /** Default DEFAULT_SWEEPS_PER_RUN; tests set it low to see the run continue as new. */
  sweepsPerRun?: number;
}

export interface SweepClosedTasksInput {
  /** What earlier sweeps covered (ISO 8601); tasks that closed well before it are not listed again. */
  sweptUntil?: string;
}

export interface SweepClosedTasksResult {
  /** The close time this sweep covered up to (ISO 8601); absent when retention is off. */
  sweptUntil?: string;
  /** Closed tasks looked at, and those of them that had blobs. */
  tasks: number;
  tasksWithData: number;
  blobs: number;
  /** When to sweep next: the activity's setting, so a changed RETENTION_SWEEP_EVERY applies at once. */
  nextSweepInMs: number;
}

/** The settings of process configuration (RETENTION_PERIOD, RETENTION_SWEEP_EVERY). */
export interface RetentionSettings {
  /** How long after its close a task's data is kept; undefined turns retention off. */
  periodMs: number | undefined;
  sweepEveryMs: number;
}
