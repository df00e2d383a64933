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

/** `previous` is the status before the change; times are workflow times (deterministic, from history). */
export function reportStatusChange(options: {
  agentId: string;
  previous: { state: string; timestamp?: string };
  state: string;
  createdAt?: string;
}): void {
  const sink = report();
  if (!sink) return;
  const atMs = Date.now();
  sink.statusChanged({
    agentId: options.agentId,
    state: options.state,
    previousState: options.previous.state,
    previousSinceMs: epochMs(options.previous.timestamp, atMs),
    createdAtMs: epochMs(options.createdAt, atMs),
    atMs,
  });
}

export function reportApproval(agentId: string, effect: Parameters<typeof approvalOutcome>[0], deadline?: Parameters<typeof approvalOutcome>[1]): void {
  const outcome = approvalOutcome(effect, deadline);
  if (outcome) report()?.approval({ agentId, outcome });
}
