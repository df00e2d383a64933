// Enforces the history limits on every changed run, as the server does on each mutable-state update:
// past the error limit the run is terminated with the server's reason; past the warn limit it is
// logged once per run (the server logs it, throttled).
import type { Engine } from './engine';
import type { Run } from './run';
import { terminateRun } from './executions';
import { historyLimitBreach, overHistoryWarn } from './limits';

export function enforceHistoryLimits(engine: Engine, run: Run): void {
  if (!run.isOpen) return;
  const reason = historyLimitBreach(engine.limits, run);
  if (reason) {
    engine.logger.warn('history exceeds error limit; terminating the run', { workflowId: run.state.workflowId, runId: run.state.runId, events: run.state.nextEventId - 1, bytes: run.state.historyBytes });
    terminateRun(engine, run, { reason, identity: 'history-service' });
    return;
  }
  if (!run.historyWarned && overHistoryWarn(engine.limits, run)) {
    run.historyWarned = true;
    engine.logger.warn('history exceeds warn limit', { workflowId: run.state.workflowId, runId: run.state.runId, events: run.state.nextEventId - 1, bytes: run.state.historyBytes });
  }
}
