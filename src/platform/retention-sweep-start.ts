// Starts the retention sweep's singleton workflow if it is not already running: every worker process
// asks at start, the first start wins, and the others find it running (continue-as-new keeps its id).
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from '../logger';
import { RETENTION_SWEEP_WORKFLOW, RETENTION_SWEEP_WORKFLOW_ID, type RetentionSweepInput, type RetentionSettings } from '../retention/retention-contract';

export async function startRetentionSweep(args: {
  client: Client;
  taskQueue: string;
  settings: RetentionSettings;
  logger: Logger;
  input?: RetentionSweepInput;
  workflowId?: string;
}): Promise<void> {
  // Off: a sweep already running from an earlier configuration deletes nothing (its activity reads
  // the setting), so nothing needs stopping.
  if (!args.settings.periodMs) return;
  try {
    await args.client.workflow.start(RETENTION_SWEEP_WORKFLOW, {
      workflowId: args.workflowId ?? RETENTION_SWEEP_WORKFLOW_ID,
      taskQueue: args.taskQueue,
      args: [args.input ?? {}],
    });
    args.logger.info({ periodMs: args.settings.periodMs, sweepEveryMs: args.settings.sweepEveryMs }, 'retention sweep started');
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
