// Routes a due timer-heap entry to the state machine that owns it; every handler re-checks the run's
// state first, so entries made stale by later events are ignored.
import { EventType } from '../proto/schema';
import type { Engine } from './engine';
import type { TimerEntry } from './timer-heap';
import { onActivityTimer } from './activities';
import { onRetention, onRunTimeout } from './executions';
import { addExternalEvents, onStickyTimeout, scheduleWorkflowTask, timeoutWorkflowTask } from './workflow-tasks';

export function createTimerDispatch(engine: Engine): (entry: TimerEntry) => void {
  return (entry) => {
    const run = engine.runs.get(entry.runId);
    if (!run) return;
    switch (entry.kind) {
      case 'user-timer': {
        const sep = entry.key.indexOf(':');
        const startedId = Number(entry.key.slice(0, sep));
        const timerId = entry.key.slice(sep + 1);
        const timer = run.state.timers[timerId];
        if (!run.isOpen || !timer || timer.startedId !== startedId) return;
        delete run.state.timers[timerId];
        addExternalEvents(engine, run, [{ eventType: EventType.EVENT_TYPE_TIMER_FIRED, attrs: { timerId, startedEventId: startedId } }]);
        return;
      }
      case 'wt-start-to-close': {
        const [scheduledId, attempt] = entry.key.split(':').map(Number);
        // A dropped speculative task frees its event ids for the next task: not this entry's task then.
        const wt = run.state.wt;
        if (wt && Date.now() < wt.startedAt + run.state.taskTimeoutMs) return;
        timeoutWorkflowTask(engine, run, scheduledId, attempt);
        return;
      }
      case 'wt-sticky':
        onStickyTimeout(engine, run, Number(entry.key));
        return;
      case 'activity':
        onActivityTimer(engine, run, entry.key);
        return;
      case 'run-timeout':
        onRunTimeout(engine, run);
        return;
      case 'first-wt-backoff':
        if (run.state.firstWtAt <= Date.now()) {
          run.state.firstWtAt = 0;
          engine.touch(run);
          scheduleWorkflowTask(engine, run);
        }
        return;
      case 'retention':
        onRetention(engine, run);
        return;
    }
  };
}
