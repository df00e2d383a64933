// Splits each task's time outside the tools and the model by what the platform was doing, from the
// task's history and the activity intervals: which part of the overhead to attack first.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import type { StepInterval } from './activity-timer';

const E = temporal.api.enums.v1.EventType;
type Span = { from: number; to: number; what: string };

// Highest priority first: an instant counts for the first kind that covers it.
export const OVERHEAD_KINDS = [
  'document activities',
  'workflow task running',
  'workflow task queued',
  'activity scheduled, not yet running',
  'activity finished, completion not yet recorded',
  'before the workflow started (API, start)',
  'after the workflow closed (result to client)',
  'other',
] as const;

export async function overheadBreakdown(
  client: Client,
  run: { taskId: string; startedAt: number; endedAt: number },
  intervals: StepInterval[],
): Promise<Record<string, number>> {
  const history = await client.workflow.getHandle(taskWorkflowId(run.taskId)).fetchHistory();
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  const offset = Date.now() - performance.now();
  const spans: Span[] = [];
  const open = new Map<string, number>();
  let firstEvent = Infinity;
  let closed = Infinity;
  const scheduled: number[] = [];
  const completed: number[] = [];
  for (const e of history.events ?? []) {
    const at = ms(e.eventTime) - offset;
    firstEvent = Math.min(firstEvent, at);
    switch (e.eventType) {
      case E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: open.set('queued', at); break;
      case E.EVENT_TYPE_WORKFLOW_TASK_STARTED: spans.push({ from: open.get('queued') ?? at, to: at, what: 'workflow task queued' }); open.set('running', at); break;
      case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED: case E.EVENT_TYPE_WORKFLOW_TASK_FAILED: case E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        spans.push({ from: open.get('running') ?? at, to: at, what: 'workflow task running' }); break;
      case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: scheduled.push(at); break;
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: case E.EVENT_TYPE_ACTIVITY_TASK_FAILED: completed.push(at); break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: case E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: closed = at; break;
    }
  }
  // Activities are matched to their events by order: good enough for a breakdown.
  const byStart = [...intervals].sort((a, b) => a.start - b.start);
  const byEnd = [...intervals].sort((a, b) => a.end - b.end);
  scheduled.forEach((at, i) => byStart[i] && spans.push({ from: at, to: byStart[i].start, what: 'activity scheduled, not yet running' }));
  completed.forEach((at, i) => byEnd[i] && spans.push({ from: byEnd[i].end, to: at, what: 'activity finished, completion not yet recorded' }));
  for (const it of intervals) spans.push({ from: it.start, to: it.end, what: it.kind === 'document' ? 'document activities' : 'covered' });
  spans.push({ from: run.startedAt, to: firstEvent, what: 'before the workflow started (API, start)' });
  spans.push({ from: closed, to: run.endedAt, what: 'after the workflow closed (result to client)' });

  const out: Record<string, number> = {};
  const rank = (w: string) => (w === 'covered' ? -1 : OVERHEAD_KINDS.indexOf(w as (typeof OVERHEAD_KINDS)[number]));
  const step = 0.1;
  for (let t = run.startedAt; t < run.endedAt; t += step) {
    let best = 'other';
    for (const s of spans) if (s.from <= t && t < s.to && rank(s.what) < rank(best)) best = s.what;
    if (best !== 'covered') out[best] = (out[best] ?? 0) + step;
  }
  return out;
}
