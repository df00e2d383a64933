// What a recording scenario gets: the whole stack (engine, worker, API, tool server, fake model), a
// webhook receiver on loopback, and a way to wait for a run to close before its history is taken.
import type { Client } from '@temporalio/client';
import { taskWorkflowId } from '../../../src/task-runtime/contract';
import type { Stack } from '../support/document-stack';

export interface RecordingContext {
  stack: Stack;
  client: Client;
  taskQueue: string;
  /** A webhook receiver on 127.0.0.1 that answers 200 to every push. */
  hookUrl: string;
  /** The same receiver's path that answers 503 to every push (retried, then given up on). */
  failingHookUrl: string;
}

/** One history to keep: the run of `workflowId` (its latest run) saved as `<name>.json`. */
export interface Recorded {
  name: string;
  workflowId: string;
}

export interface Scenario {
  /** The file name (without `.json`) of its one history, e.g. `echo-agent-completed`. */
  name: string;
  /**
   * Drives one workflow through a path and returns the workflow id once its run has closed (its
   * latest run is recorded), or the id and the run to record (a run that continued as new).
   */
  run(ctx: RecordingContext): Promise<string | { workflowId: string; runId: string }>;
}

/** Waits for the task's run to close (push deliveries drained), whatever its result. */
export async function taskRunClosed(ctx: RecordingContext, taskId: string): Promise<string> {
  const workflowId = taskWorkflowId(taskId);
  await ctx.client.workflow.getHandle(workflowId).result().catch(() => undefined);
  return workflowId;
}

export const messageId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
