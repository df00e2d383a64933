// Speculative workflow tasks, as the server makes them for updates: scheduled without a durable
// event, and dropped with their Scheduled/Started events when the worker only rejects updates, so a
// rejected update leaves no trace in history. Anything else they produce makes them normal tasks.
import type { Engine } from './engine';
import type { Run } from './run';
import { scheduleWorkflowTask } from './workflow-tasks';
import type { WorkflowTaskState } from './types';

/** Schedules a task for updates when none is pending (a started one carries them when it completes). */
export function scheduleSpeculativeTask(engine: Engine, run: Run): void {
  const st = run.state;
  if (!run.isOpen || st.wt || st.firstWtAt > Date.now()) return;
  const spec = { fromEventId: st.nextEventId, historyBytes: st.historyBytes, lastId: 0 };
  scheduleWorkflowTask(engine, run);
  const wt = run.state.wt as WorkflowTaskState | null; // set by scheduleWorkflowTask
  if (!wt) return;
  spec.lastId = wt.scheduledId;
  run.speculative = spec;
}

/** Forgets the speculative task and its events; the history is as it was before it was scheduled. */
export function discardSpeculativeTask(run: Run): void {
  const spec = run.speculative!;
  run.events.truncate(spec.fromEventId - 1);
  run.state.nextEventId = spec.fromEventId;
  run.state.historyBytes = spec.historyBytes;
  run.state.wt = null;
  run.speculative = null;
}

/** True while the run's pending task is speculative and has written nothing but its own events. */
export function isSpeculative(run: Run): boolean {
  return run.durableState().eventCount < run.events.count;
}
