// How runs end, as the API sees them: which history events close a run, which errors mean "no such
// task", and the snapshot of a run that ended without settling its task (terminated, timed out).
import { isGrpcServiceError, QueryNotRegisteredError, WorkflowNotFoundError, type WorkflowFailedError } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import type { TaskSnapshot } from '../../src/task-runtime/contract';

const { EventType } = temporal.api.enums.v1;

export const CLOSE_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

export function isNotFound(err: unknown): boolean {
  return (
    err instanceof WorkflowNotFoundError ||
    err instanceof QueryNotRegisteredError ||
    (isGrpcServiceError(err) && err.code === grpcStatus.NOT_FOUND)
  );
}

/** A terminated or timed-out run never settled its task; the client sees it as failed. */
export function endedAbruptly(snapshot: TaskSnapshot, err: WorkflowFailedError): TaskSnapshot {
  const state = snapshot.task.status.state;
  if (['completed', 'failed', 'canceled', 'rejected'].includes(state)) return snapshot;
  const reason = err.cause?.message ?? err.message;
  return {
    ...snapshot,
    task: {
      ...snapshot.task,
      status: {
        state: 'failed',
        timestamp: new Date().toISOString(),
        message: {
          messageId: `${snapshot.task.id}-ended`,
          role: 'agent',
          parts: [{ kind: 'text', text: `The task ended abruptly: ${reason}` }],
          taskId: snapshot.task.id,
          contextId: snapshot.task.contextId,
        },
      },
    },
  };
}
