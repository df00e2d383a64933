// Turns a stored full snapshot (a cached query answer or a closed run's result) into the view a
// request asked for. Pure; the same rules as the workflow's own query, so both paths agree.
import type { TaskSnapshot, TaskSnapshotRequest, TaskWorkflowResult } from '../../src/task-runtime/contract';
import { viewTask } from '../../src/task-runtime/task-view';

export function viewOfFullSnapshot(full: TaskSnapshot, request: TaskSnapshotRequest): TaskSnapshot {
  return { ...full, task: viewTask(full.task, request), events: [], gap: false };
}

/** A closed run's result holds the retained event log from sequence 0, so resume still works. */
export function viewOfResult(result: TaskWorkflowResult, request: TaskSnapshotRequest): TaskSnapshot {
  const full = result.snapshot;
  const view: TaskSnapshot = { ...full, task: viewTask(full.task, request), events: [], gap: false };
  if (request.afterSeq === undefined) return view;
  const afterSeq = request.afterSeq;
  const events = full.events.filter((e) => e.seq > afterSeq);
  const oldest = full.events.length > 0 ? full.events[0].seq : full.seq + 1;
  return { ...view, events, gap: afterSeq < full.seq && afterSeq + 1 < oldest };
}
