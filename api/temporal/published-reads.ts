// Reads a task from the copy its run published (memo and search attributes, as DescribeWorkflow-
// Execution and visibility return them) when no worker answers a query, and the breaker that stops
// the gateway waiting on queries for a while once one went unanswered. Used by the gateway only.
import { isGrpcServiceError } from '@temporalio/client';
import type { LoadedDataConverter, Payload } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { status as grpcStatus } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import {
  taskSearchAttributes,
  TASK_WORKFLOW_ID_PREFIX,
  type TaskSnapshot,
  type TaskSnapshotRequest,
  type TaskWorkflowInput,
} from '../../src/task-runtime/contract';
import { isPublishedTask, PUBLISHED_TASK_MEMO, publishTask, snapshotFromPublished, type PublishedTask } from '../../src/task-runtime/published-task';
import { createTaskRecord } from '../../src/task-runtime/task-record';
import type { ListedTask } from './task-gateway';

const { WorkflowExecutionStatus } = temporal.api.enums.v1;

/** The memo and search attributes of an execution, as Describe and List return them (still encoded). */
export interface PublishedFields {
  memo?: Record<string, Payload> | null;
  searchAttributes?: Record<string, Payload> | null;
}

/** The task as published, or undefined for a run that published none (started before publishing existed). */
export async function readPublished(
  converter: LoadedDataConverter,
  fields: PublishedFields,
  request: TaskSnapshotRequest,
): Promise<TaskSnapshot | undefined> {
  const payload = fields.memo?.[PUBLISHED_TASK_MEMO];
  if (!payload) return undefined;
  const published = await decodeFromPayloadsAtIndex<unknown>(converter, 0, [payload]);
  if (!isPublishedTask(published)) return undefined;
  // The publisher writes state and copy together: a state the copy does not show was published by a
  // worker that does not publish copies (during a rollout), so the copy is not the task's.
  const state = keyword(fields.searchAttributes?.[taskSearchAttributes.state.name]);
  if (state !== undefined && state !== published.status.state) return undefined;
  const snapshot = snapshotFromPublished(published, request);
  // A direct-message reply is marked in its search attributes only (the memo was written before).
  return keyword(fields.searchAttributes?.[taskSearchAttributes.kind.name]) === 'message' ? { ...snapshot, mode: 'message' } : snapshot;
}

/** The published copy of a task as the API submits it (the workflow publishes its own from then on). */
export function submittedCopy(input: TaskWorkflowInput): PublishedTask {
  const record = createTaskRecord({ taskId: input.taskId, contextId: input.contextId, message: input.message, now: new Date().toISOString() });
  return publishTask({ record, agentId: input.agentId, owner: input.owner, mode: 'pending', grantedRoles: [] });
}

/** One execution of a visibility page as a listed task, with its published copy when it has one. */
export async function listedTask(
  converter: LoadedDataConverter,
  execution: temporal.api.workflow.v1.IWorkflowExecutionInfo,
  view: TaskSnapshotRequest,
): Promise<ListedTask> {
  const fields = { memo: execution.memo?.fields, searchAttributes: execution.searchAttributes?.indexedFields };
  const published = await readPublished(converter, fields, view);
  return {
    taskId: (execution.execution?.workflowId ?? '').slice(TASK_WORKFLOW_ID_PREFIX.length),
    running: execution.status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
    ...(published ? { published } : {}),
  };
}

/** Errors that mean no worker answered in time: the query waited, was refused as busy, or the run's task keeps failing. */
export function isUnanswered(err: unknown): boolean {
  const grpc = isGrpcServiceError(err) ? err : (err as { cause?: unknown } | null)?.cause;
  if (!isGrpcServiceError(grpc)) return false;
  return [grpcStatus.DEADLINE_EXCEEDED, grpcStatus.RESOURCE_EXHAUSTED, grpcStatus.FAILED_PRECONDITION, grpcStatus.CANCELLED].includes(grpc.code);
}

/**
 * Once a query went unanswered, reads answer from the published copy at once instead of each waiting
 * out the bound (one breaker per gateway, so per task queue). After `openMs` one read at a time is
 * the probe (it asks a worker in the background), the others still answer from the copy; an answered
 * query closes the breaker again.
 */
export class QueryBreaker {
  private tripped = false;
  private openUntil = 0;
  private probing = false;

  constructor(private readonly openMs: number) {}

  /** `query` while closed; `copy` while open; `probe` for the one read that asks again once it may. */
  admit(): 'query' | 'copy' | 'probe' {
    if (!this.tripped) return 'query';
    if (Date.now() < this.openUntil || this.probing) return 'copy';
    this.probing = true;
    return 'probe';
  }

  answered(): void {
    this.tripped = false;
    this.probing = false;
  }

  unanswered(): void {
    this.tripped = true;
    this.probing = false;
    this.openUntil = Date.now() + this.openMs;
  }

  /** A query that ended otherwise (the task is gone, a bad request) leaves the breaker as it was. */
  released(): void {
    this.probing = false;
  }
}

function keyword(payload: Payload | undefined): string | undefined {
  if (!payload?.data) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    const text = Array.isArray(value) ? value[0] : value;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
