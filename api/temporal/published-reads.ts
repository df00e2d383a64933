// Reads a task from the copy its run published (memo and search attributes, as DescribeWorkflow-
// Execution and visibility return them) when no worker answers a query, and the breaker that stops
// the gateway waiting on queries for a while once one went unanswered. Used by the gateway only.
import { isGrpcServiceError } from '@temporalio/client';
import type { LoadedDataConverter, Payload } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { status as grpcStatus } from '@grpc/grpc-js';
import { taskSearchAttributes, type TaskSnapshot, type TaskSnapshotRequest } from '../../src/task-runtime/contract';
import { isPublishedTask, PUBLISHED_TASK_MEMO, snapshotFromPublished } from '../../src/task-runtime/published-task';

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

/** Errors that mean no worker answered in time: the query waited, was refused as busy, or the run's task keeps failing. */
export function isUnanswered(err: unknown): boolean {
  const grpc = isGrpcServiceError(err) ? err : (err as { cause?: unknown } | null)?.cause;
  if (!isGrpcServiceError(grpc)) return false;
  return [grpcStatus.DEADLINE_EXCEEDED, grpcStatus.RESOURCE_EXHAUSTED, grpcStatus.FAILED_PRECONDITION, grpcStatus.CANCELLED].includes(grpc.code);
}

/**
 * Once a query went unanswered, reads answer from the published copy at once instead of each waiting
 * out the bound (one breaker per gateway, so per task queue). After `openMs` one read at a time
 * probes with a query, the others still answer from the copy; an answered query closes it again.
 */
export class QueryBreaker {
  private tripped = false;
  private openUntil = 0;
  private probing = false;

  constructor(private readonly openMs: number) {}

  /** False when this read should answer from the copy; true when it may query (it may be the probe). */
  admit(): boolean {
    if (!this.tripped) return true;
    if (Date.now() < this.openUntil || this.probing) return false;
    this.probing = true;
    return true;
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
