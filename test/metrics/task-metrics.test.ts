// The task series from what workflows report (no Temporal here): which status changes finish a task
// or end a wait, and which approval effects count under which outcome.
import { Registry } from 'prom-client';
import { approvalOutcome } from '../../src/metrics/task-metrics-contract';
import { createTaskMetrics } from '../../src/metrics/task-metrics';
import { StatusMetrics } from '../../workflows/task-runtime/task-metrics';
import { parsePrometheusText, select, valueOf } from '../support/prometheus-text';

const change = (previousState: string, state: string, times: { since: number; at: number; created?: number }) => ({
  agentId: 'document-verifier',
  previousState,
  state,
  previousSinceMs: times.since,
  createdAtMs: times.created ?? 0,
  atMs: times.at,
});

async function scrape(registry: Registry) {
  return parsePrometheusText(await registry.metrics());
}

describe('task status reports', () => {
  it('a wait re-announced (a reminder) is not a wait ended; leaving it observes the whole wait once', async () => {
    const registry = new Registry();
    const tasks = createTaskMetrics(registry);
    tasks.statusChanged(change('working', 'input-required', { since: 1_000, at: 2_000 }));
    tasks.statusChanged(change('input-required', 'input-required', { since: 2_000, at: 3_602_000 }));
    tasks.statusChanged(change('input-required', 'working', { since: 2_000, at: 7_202_000 }));
    const samples = await scrape(registry);
    expect(valueOf(samples, 'a2a_task_input_required_seconds_count', { agent: 'document-verifier', state: 'input-required' })).toBe(1);
    expect(valueOf(samples, 'a2a_task_input_required_seconds_sum', { agent: 'document-verifier', state: 'input-required' })).toBe(7_200);
    expect(select(samples, 'a2a_tasks_finished_total')).toEqual([]);
  });

  it('a terminal state finishes the task once, measured from its creation; a direct message reply counts as state message', async () => {
    const registry = new Registry();
    const tasks = createTaskMetrics(registry);
    tasks.statusChanged(change('working', 'rejected', { since: 5_000, at: 65_000, created: 5_000 }));
    tasks.statusChanged(change('rejected', 'rejected', { since: 65_000, at: 66_000, created: 5_000 }));
    tasks.statusChanged({ ...change('submitted', 'message', { since: 0, at: 10 }), agentId: 'echo' });
    const samples = await scrape(registry);
    expect(valueOf(samples, 'a2a_tasks_finished_total', { agent: 'document-verifier', state: 'rejected' })).toBe(1);
    expect(valueOf(samples, 'a2a_task_duration_seconds_sum', { agent: 'document-verifier', state: 'rejected' })).toBe(60);
    expect(valueOf(samples, 'a2a_tasks_finished_total', { agent: 'echo', state: 'message' })).toBe(1);
  });
});

describe('the status a workflow reports leaving', () => {
  it('is the wait since it began, however often a reminder announced it again', () => {
    const status = new StatusMetrics('document-verifier');
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
    expect(status.leaving({ state: 'working', timestamp: at(0) }, 'input-required')).toEqual({ state: 'working', since: at(0) });
    expect(status.leaving({ state: 'input-required', timestamp: at(1) }, 'input-required')).toEqual({ state: 'input-required', since: at(1) });
    expect(status.leaving({ state: 'input-required', timestamp: at(60) }, 'input-required')).toEqual({ state: 'input-required', since: at(1) });
    expect(status.leaving({ state: 'input-required', timestamp: at(120) }, 'working')).toEqual({ state: 'input-required', since: at(1) });
    expect(status.leaving({ state: 'working', timestamp: at(121) }, 'completed')).toEqual({ state: 'working', since: at(121) });
  });
});

describe('approval outcomes', () => {
  const decided = (decision: string, automatic: boolean) => ({ kind: 'decided', record: { decision, automatic } });

  it('names a person’s decision, the policy’s automatic rejection by the deadline that took it, and refusals', () => {
    expect(approvalOutcome(decided('approve', false))).toBe('approve');
    expect(approvalOutcome(decided('request-changes', false))).toBe('request-changes');
    expect(approvalOutcome(decided('reject', true), 'expire')).toBe('expired');
    expect(approvalOutcome(decided('reject', true), 'escalate')).toBe('auto-rejected');
    expect(approvalOutcome({ kind: 'refused' })).toBe('refused');
  });

  it('counts nothing for effects that decide nothing', () => {
    expect([approvalOutcome({ kind: 'reminded' }, 'remind'), approvalOutcome({ kind: 'reassigned' }, 'escalate'), approvalOutcome({ kind: 'unreadable' })]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
