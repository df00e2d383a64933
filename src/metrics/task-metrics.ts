// The task series, fed by the workflows' `taskMetrics` sink on the worker that ran the activation:
// tasks started and finished by agent and terminal state, task duration, time spent waiting for
// input (the approval wait), approval decisions. Durations come in as workflow times, so a task
// moved between workers or resumed after a restart still measures from its own history.
import type { InjectedSinks } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import { TASK_BUCKETS } from './buckets';
import { counterFamily, histogramFamily } from './families';
import type { TaskMetricsSinks, TaskStatusReport } from './task-metrics-contract';

// `message`: the agent answered with a message instead of a task; the run ends there too.
const TERMINAL = new Set(['completed', 'failed', 'canceled', 'rejected', 'message']);
const WAITING = new Set(['input-required', 'auth-required']);

export interface TaskMetrics {
  started(agent: string): void;
  statusChanged(report: TaskStatusReport): void;
  approval(agent: string, outcome: string): void;
}

export function createTaskMetrics(registry: Registry): TaskMetrics {
  const started = counterFamily(registry, { name: 'a2a_tasks_started_total', help: 'Tasks started, by agent.', labelNames: ['agent'] });
  const finished = counterFamily(registry, {
    name: 'a2a_tasks_finished_total',
    help: 'Tasks that reached a terminal state, by agent and state (state message: answered with a message, no task).',
    labelNames: ['agent', 'state'],
  });
  const duration = histogramFamily(registry, {
    name: 'a2a_task_duration_seconds',
    help: 'Task time from creation to its terminal state, by agent and state.',
    labelNames: ['agent', 'state'],
    buckets: TASK_BUCKETS,
  });
  const waited = histogramFamily(registry, {
    name: 'a2a_task_input_required_seconds',
    help: 'Time a task spent in input-required or auth-required (for document-verifier: the approval wait), per wait, by agent and state.',
    labelNames: ['agent', 'state'],
    buckets: TASK_BUCKETS,
  });
  const approvals = counterFamily(registry, {
    name: 'a2a_approval_decisions_total',
    help: 'Approval answers by outcome: approve, reject, request-changes, expired, auto-rejected, refused.',
    labelNames: ['agent', 'outcome'],
  });
  const seconds = (fromMs: number, toMs: number) => Math.max(0, toMs - fromMs) / 1000;

  return {
    started: (agent) => started.inc(agent),
    statusChanged(report) {
      if (WAITING.has(report.previousState) && report.state !== report.previousState) {
        waited.observe(seconds(report.previousSinceMs, report.atMs), report.agentId, report.previousState);
      }
      if (TERMINAL.has(report.state) && !TERMINAL.has(report.previousState)) {
        finished.inc(report.agentId, report.state);
        duration.observe(seconds(report.createdAtMs, report.atMs), report.agentId, report.state);
      }
    },
    approval: (agent, outcome) => approvals.inc(agent, outcome),
  };
}

/**
 * The worker's implementation of the sink. Registered on every task worker (a no-op without
 * metrics), since a workflow calling an unregistered sink makes the worker log an error.
 * `callDuringReplay: false`: a replayed activation (cache eviction, another worker taking over)
 * does not count again.
 */
export function taskMetricsSinks(metrics?: TaskMetrics): InjectedSinks<TaskMetricsSinks> {
  return {
    taskMetrics: {
      started: { fn: (_info, report) => metrics?.started(report.agentId), callDuringReplay: false },
      statusChanged: { fn: (_info, report) => metrics?.statusChanged(report), callDuringReplay: false },
      approval: { fn: (_info, report) => metrics?.approval(report.agentId, report.outcome), callDuringReplay: false },
    },
  };
}
