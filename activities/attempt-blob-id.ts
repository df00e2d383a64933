// One artifact-store id per activity attempt series: every attempt of an activity (same workflow
// run, same activity id) derives the same id, so a retry overwrites what an earlier attempt stored
// instead of orphaning it. The run id is random, so the id stays as unguessable as a fresh one.
import type { Info } from '@temporalio/activity';
import { deriveBlobId } from '../src/artifact-store';
import { taskIdOfWorkflowId } from '../src/task-runtime/task-workflow-id';

/**
 * `purpose` separates ids of different writes one activity makes (or passes on, e.g. to a tool
 * server). Undefined outside a workflow (no run to tie attempts together): the store picks an id.
 */
export function attemptSeriesBlobId(info: Info, purpose: string): string | undefined {
  const run = info.workflowExecution;
  return run && deriveBlobId([purpose, info.namespace, run.workflowId, run.runId, info.activityId]);
}

/** The task whose workflow runs this activity (its blobs go in the task's index); undefined outside one. */
export function activityTaskId(info: Info): string | undefined {
  const workflowId = info.workflowExecution?.workflowId;
  return workflowId === undefined ? undefined : taskIdOfWorkflowId(workflowId);
}

/** `{ blobId, taskId }` for a put, each left out when there is no attempt series or task. */
export function attemptSeriesPut(info: Info, purpose: string): { blobId?: string; taskId?: string } {
  const blobId = attemptSeriesBlobId(info, purpose);
  const taskId = activityTaskId(info);
  return { ...(blobId ? { blobId } : {}), ...(taskId ? { taskId } : {}) };
}
