// Reports task facts to the worker's `taskMetrics` sink (src/metrics/task-metrics.ts). A sink call
// is no command: the history stays as it was, and the SDK does not call the sink while replaying,
// so each fact is counted by the worker that first ran it. Calls are not even made while replaying:
// a replay worker (tests, tools) that registers no such sink would log each call as an error.
import { proxySinks, workflowInfo } from '@temporalio/workflow';
import { approvalOutcome, type TaskMetricsSinks } from '../../src/metrics/task-metrics-contract';

const sinks = proxySinks<TaskMetricsSinks>();
const report = (): TaskMetricsSinks['taskMetrics'] | undefined => (workflowInfo().unsafe.isReplaying ? undefined : sinks.taskMetrics);

const epochMs = (iso: string | undefined, fallback: number) => {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
};

export function reportTaskStarted(agentId: string): void {
  report()?.started({ agentId });
}

/** A task's status changes as the sink hears them; times are workflow times (deterministic, from history). */
export class StatusMetrics {
  /** When the current state was first entered, once it has been set again (a reminder sets input-required again). */
  private stateSince: string | undefined;

  constructor(private readonly agentId: string) {}

  /**
   * The status a change to `next` leaves, and since when: a state set again counts from when it was
   * first entered. Memory only, rebuilt alike on replay; a task continued as new while waiting
   * counts from its last announcement.
   */
  leaving(current: { state: string; timestamp: string }, next: string): { state: string; since: string } {
    const since = this.stateSince ?? current.timestamp;
    this.stateSince = current.state === next ? since : undefined;
    return { state: current.state, since };
  }

  report(previous: { state: string; since: string }, state: string, createdAt: string | undefined): void {
    const sink = report();
    if (!sink) return;
    const atMs = Date.now();
    sink.statusChanged({
      agentId: this.agentId,
      state,
      previousState: previous.state,
      previousSinceMs: epochMs(previous.since, atMs),
      createdAtMs: epochMs(createdAt, atMs),
      atMs,
    });
  }
}

export function reportApproval(agentId: string, effect: Parameters<typeof approvalOutcome>[0], deadline?: Parameters<typeof approvalOutcome>[1]): void {
  const outcome = approvalOutcome(effect, deadline);
  if (outcome) report()?.approval({ agentId, outcome });
}
