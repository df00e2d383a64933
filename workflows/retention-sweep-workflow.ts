// The retention sweep (README "Retention"): a singleton that calls the sweep activity, sleeps on a
// durable timer for as long as the activity says, and continues as new every `sweepsPerRun` sweeps
// (or sooner when Temporal suggests it), carrying only what earlier sweeps covered.
import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/retention';
import { DEFAULT_SWEEPS_PER_RUN, type RetentionSweepInput } from '../src/retention/retention-contract';

// Temporal owns retries: a failing store or visibility is retried with backoff until it answers, and
// the heartbeat lets a long sweep run while a dead worker's attempt is retried within a minute.
const { sweepClosedTasks } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

export async function retentionSweepWorkflow(input: RetentionSweepInput = {}): Promise<void> {
  let sweptUntil = input.sweptUntil;
  const sweepsPerRun = input.sweepsPerRun ?? DEFAULT_SWEEPS_PER_RUN;
  for (let sweep = 0; sweep < sweepsPerRun && !workflowInfo().continueAsNewSuggested; sweep++) {
    const result = await sweepClosedTasks(sweptUntil ? { sweptUntil } : {});
    sweptUntil = result.sweptUntil ?? sweptUntil;
    await sleep(result.nextSweepInMs);
  }
  await continueAsNew<typeof retentionSweepWorkflow>({ ...input, ...(sweptUntil ? { sweptUntil } : {}) });
}
