// Recording scenario of the retention sweep: one whole run (two sweeps, each an activity and a timer,
// then continue-as-new), taken once the run after it has started.
import type { RecordingContext, Scenario } from './recording-context';

export const RETENTION_SWEEP_RECORDING_ID = 'recording-retention-sweep';

/** The stack's retention settings: quick sweeps that delete nothing (nothing closed an hour ago). */
export const RECORDING_RETENTION = { periodMs: 3_600_000, sweepEveryMs: 200, sweepsPerRun: 2, workflowId: RETENTION_SWEEP_RECORDING_ID };

export const retentionScenarios: Scenario[] = [
  {
    name: 'retention-sweep-two-sweeps-then-continued',
    run: async (ctx: RecordingContext) => {
      const handle = ctx.client.workflow.getHandle(RETENTION_SWEEP_RECORDING_ID);
      const { runId } = await handle.describe();
      for (let i = 0; i < 200 && (await handle.describe()).runId === runId; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      await handle.terminate('recorded');
      return { workflowId: RETENTION_SWEEP_RECORDING_ID, runId };
    },
  },
];
