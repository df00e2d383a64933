// The retention sweep's activity: lists the runs that closed before `now - period` through visibility
// and deletes each task's blobs from the artifact store (its per-task index), when the task's latest run
// is closed too (a reset leaves a closed run behind a running one). Idempotent (a deleted
// blob deletes as nothing) and resumable: it heartbeats its page token, and a retried attempt resumes
// at the page the last one reached, with the same query.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { ArtifactStore } from '../../src/artifact-store';
import type { AuditLog } from '../../src/audit/audit-log';
import type { Logger } from '../../src/logger';
import { closedAfterFor, closedTasksQuery } from '../../src/retention/closed-tasks-query';
import type { RetentionSettings, SweepClosedTasksInput, SweepClosedTasksResult } from '../../src/retention/retention-contract';
import { taskIdOfWorkflowId } from '../../src/task-runtime/task-workflow-id';
import { latestRunClosedBefore } from './latest-run';

export interface RetentionActivityDeps {
  client: Client;
  store: ArtifactStore;
  audit: AuditLog;
  logger: Logger;
  settings: RetentionSettings;
  /** Tests move the clock instead of waiting out a period. */
  now?: () => Date;
  pageSize?: number;
}

/** What a retried attempt needs to go on where the last one stopped. */
interface SweepProgress {
  query: string;
  closedBefore: string;
  nextPageToken?: string;
}

export function createRetentionActivities(deps: RetentionActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const namespace = deps.client.options.namespace;

  async function sweepClosedTasks(input: SweepClosedTasksInput): Promise<SweepClosedTasksResult> {
    const { periodMs, sweepEveryMs } = deps.settings;
    const result: SweepClosedTasksResult = { tasks: 0, tasksWithData: 0, blobs: 0, nextSweepInMs: sweepEveryMs };
    if (!periodMs) return { ...result, ...(input.sweptUntil ? { sweptUntil: input.sweptUntil } : {}) };
    const ctx = Context.current();
    const progress = resumed(ctx.info.heartbeatDetails) ?? start(now(), periodMs, input.sweptUntil);
    // The token of the page in hand is what a retry resumes from: it repeats this page (deleting
    // nothing twice), never skips one.
    let at: SweepProgress = progress;
    for (;;) {
      const page = await deps.client.workflowService.listWorkflowExecutions({
        namespace,
        query: at.query,
        pageSize: deps.pageSize ?? 500,
        ...(at.nextPageToken ? { nextPageToken: Buffer.from(at.nextPageToken, 'base64') } : {}),
      });
      for (const execution of page.executions ?? []) {
        const taskId = taskIdOfWorkflowId(execution.execution?.workflowId ?? '');
        if (taskId === undefined) continue;
        result.tasks++;
        if (!(await latestRunClosedBefore(deps.client, execution.execution!.workflowId!, new Date(at.closedBefore)))) continue;
        const deleted = await deps.store.deleteTaskBlobs(taskId);
        if (deleted.length > 0) {
          result.tasksWithData++;
          result.blobs += deleted.length;
          deps.audit.record('retention-delete', { taskId, blobs: deleted.length, closedBefore: at.closedBefore });
        }
        ctx.heartbeat(at);
      }
      if (!page.nextPageToken?.length) break;
      at = { ...at, nextPageToken: Buffer.from(page.nextPageToken).toString('base64') };
      ctx.heartbeat(at);
    }
    const sweptUntil = later(input.sweptUntil, progress.closedBefore);
    deps.audit.record('retention-sweep', { closedBefore: progress.closedBefore, periodMs, tasks: result.tasks, tasksWithData: result.tasksWithData, blobs: result.blobs });
    if (result.blobs > 0) deps.logger.info({ tasks: result.tasksWithData, blobs: result.blobs, closedBefore: progress.closedBefore }, 'retention sweep deleted task data');
    return { ...result, sweptUntil };
  }

  return { sweepClosedTasks };
}

function start(at: Date, periodMs: number, sweptUntil: string | undefined): SweepProgress {
  const closedBefore = new Date(at.getTime() - periodMs);
  const closedAfter = closedAfterFor(sweptUntil);
  return { query: closedTasksQuery({ closedBefore, ...(closedAfter ? { closedAfter } : {}) }), closedBefore: closedBefore.toISOString() };
}

function resumed(details: unknown): SweepProgress | undefined {
  const d = details as Partial<SweepProgress> | undefined;
  return typeof d?.query === 'string' && typeof d.closedBefore === 'string' ? (d as SweepProgress) : undefined;
}

/** A period made longer moves the cut-off back: what was swept stays swept, so the mark never goes back. */
function later(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}
