// After loading persisted runs, re-creates what is not persisted: timer-heap entries, queued tasks
// and indexes. Stickiness is dropped (the worker's cache is gone or unknown), so scheduled workflow
// tasks go to the normal queue with full history; started tasks and activity attempts keep their
// deadlines and are retried when those pass (or completed if their worker is still alive).
import type { Engine } from './engine';
import type { Run } from './run';
import { armActivityTimers, offerActivity } from './activities';
import { armRunTimers } from './executions';
import { dispatchWorkflowTask } from './workflow-tasks';

export function restoreRuns(engine: Engine, runs: Run[]): void {
  runs.sort((a, b) => a.state.seq - b.state.seq);
  for (const run of runs) {
    engine.addRun(run);
    if (run.state.seq >= engine.runSeq) engine.runSeq = run.state.seq + 1;
  }
  for (const run of runs) rearm(engine, run);
}

function rearm(engine: Engine, run: Run): void {
  const st = run.state;
  armRunTimers(engine, run);
  if (!run.isOpen) return;
  for (const timer of Object.values(st.timers)) {
    engine.timers.schedule(timer.fireAt, 'user-timer', st.runId, `${timer.startedId}:${timer.timerId}`);
  }
  for (const act of Object.values(st.activities)) {
    armActivityTimers(engine, run, act, true);
    if (act.startedAt === 0) offerActivity(engine, run, act);
  }
  const wt = st.wt;
  if (wt && wt.startedId > 0) {
    engine.timers.schedule(wt.startedAt + st.taskTimeoutMs, 'wt-start-to-close', st.runId, `${wt.scheduledId}:${wt.attempt}`);
  } else if (wt) {
    dispatchWorkflowTask(engine, run);
  } else if (st.firstWtAt > 0) {
    engine.timers.schedule(st.firstWtAt, 'first-wt-backoff', st.runId);
  }
}
