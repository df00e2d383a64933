// What a task's history events say without asking a worker: whether a workflow task is pending (the
// task's state changes only when one completes, so a query meanwhile waits for it or races it), and
// which state the workflow last published through its search attributes. Pure; the gateway keeps
// the progress between long polls inside the opaque change cursor.
import type { temporal } from '@temporalio/proto';
import type { TaskState } from '../../src/a2a-model/types';
import { taskSearchAttributes } from '../../src/task-runtime/contract';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;

export interface HistoryProgress {
  /** The engine's page token after the events read so far (base64); absent before the first read. */
  token?: string;
  /** The run those events belong to, from its started event. */
  runId?: string;
  /** A workflow task is scheduled or running. */
  busy: boolean;
  state?: TaskState;
}

const STATE_KEY = taskSearchAttributes.state.name;

/** The progress after `events`, which continue the history `progress` has read. */
export function advance(progress: HistoryProgress, events: readonly HistoryEvent[]): HistoryProgress {
  let { runId, busy, state } = progress;
  for (const event of events) {
    if (event.workflowExecutionStartedEventAttributes) {
      const started = event.workflowExecutionStartedEventAttributes;
      runId = started.originalExecutionRunId ?? runId;
      state = stateOf(started.searchAttributes?.indexedFields) ?? state;
    } else if (event.workflowTaskScheduledEventAttributes || event.workflowTaskStartedEventAttributes) {
      busy = true;
    } else if (
      event.workflowTaskCompletedEventAttributes ||
      event.workflowTaskFailedEventAttributes ||
      event.workflowTaskTimedOutEventAttributes
    ) {
      // A failed or timed-out task is retried with a new scheduled event, which sets busy again.
      busy = false;
    } else if (event.upsertWorkflowSearchAttributesEventAttributes) {
      state = stateOf(event.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields) ?? state;
    }
  }
  return { ...progress, runId, busy, ...(state ? { state } : {}) };
}

function stateOf(fields: Record<string, Payload> | null | undefined): TaskState | undefined {
  const payload = fields?.[STATE_KEY];
  if (!payload?.data) return undefined;
  try {
    // Keyword attributes are JSON strings; older servers wrap them in a one-element list.
    const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    const text = Array.isArray(value) ? value[0] : value;
    return typeof text === 'string' ? (text as TaskState) : undefined;
  } catch {
    return undefined;
  }
}

/** Fixed field order, so the same progress always gives the same cursor (callers compare them). */
export function encodeCursor({ token, runId, busy, state }: HistoryProgress): string {
  return Buffer.from(JSON.stringify({ token, runId, busy, state })).toString('base64url');
}

/** Undefined (start from the beginning) for no cursor or one this gateway did not issue. */
export function decodeCursor(cursor: string | undefined): HistoryProgress | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as HistoryProgress;
    return typeof value === 'object' && value !== null && typeof value.busy === 'boolean' ? value : undefined;
  } catch {
    return undefined;
  }
}
