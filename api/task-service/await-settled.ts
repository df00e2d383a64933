// Waits on a task's history for the moment worth reading it: settled, as a blocking send needs (its
// run closed, or in a terminal or interrupted state with no workflow task pending), or past the agent's
// first step, as a new stream needs. An agent that finishes at once is read from its close event and
// never queried; a state history suggests is confirmed with a snapshot before it is returned.
import { isInterruptedState, isTerminalState } from '../../src/a2a-model/types';
import type { TaskSnapshot, TaskSnapshotRequest } from '../../src/task-runtime/contract';
import type { ChangeCursor, TaskGateway } from '../temporal/task-gateway';

/** The longest single wait on Temporal before asking again. */
const MAX_WAIT_MS = 20_000;

/**
 * The settled task (undefined if it does not exist). Rejects when `signal` aborts; the caller then
 * answers with the task as it is.
 */
export async function awaitSettled(
  gateway: TaskGateway,
  taskId: string,
  request: TaskSnapshotRequest,
  signal: AbortSignal,
): Promise<TaskSnapshot | undefined> {
  let cursor: ChangeCursor | undefined;
  for (;;) {
    signal.throwIfAborted();
    const change = await gateway.waitForChange(taskId, cursor, { maxWaitMs: MAX_WAIT_MS, signal });
    cursor = change.cursor;
    // A terminal state counts before the run closes: the run may stay open delivering the last push
    // notifications (to a webhook that is down, for as long as its retries last).
    if (!change.closed && (change.busy || !change.state || !(isInterruptedState(change.state) || isTerminalState(change.state)))) continue;
    const snapshot = await gateway.getSnapshot(taskId, request, { fresh: true });
    if (!snapshot || snapshot.mode === 'message') return snapshot;
    const state = snapshot.task.status.state;
    if (isTerminalState(state) || isInterruptedState(state)) return snapshot;
    // The run continued as new (or history was read mid-way): follow the task from its new start.
    if (change.closed) cursor = undefined;
  }
}

/**
 * The task once the agent's first workflow task is done (or its run closed), with the events after
 * `afterSeq`; undefined if it does not exist. A query before then would wait for that workflow task,
 * or, when it closes the run, have a worker replay the run to answer.
 */
export async function awaitFirstStep(
  gateway: TaskGateway,
  taskId: string,
  afterSeq: number,
  signal: AbortSignal,
): Promise<TaskSnapshot | undefined> {
  let cursor: ChangeCursor | undefined;
  for (;;) {
    signal.throwIfAborted();
    const change = await gateway.waitForChange(taskId, cursor, { maxWaitMs: MAX_WAIT_MS, signal });
    cursor = change.cursor;
    if (!change.busy) return gateway.getSnapshot(taskId, { afterSeq });
  }
}
