// Times every activity execution on the worker (the benchmark wraps the registered activities), named
// by step: the MCP tool it calls, the model, or the document activity. Intervals are kept per task
// so the time outside the tools and the model can be computed with overlapping steps merged.
import { Context } from '@temporalio/activity';
import { TASK_WORKFLOW_ID_PREFIX } from '../../src/task-runtime/contract';

export interface StepInterval {
  step: string;
  kind: 'tool' | 'model' | 'document';
  start: number;
  end: number;
}

export interface ActivityTimer {
  instrument(activities: object): object;
  intervals(taskId: string): StepInterval[];
  clear(): void;
}

function stepOf(activityType: string, input: unknown): { step: string; kind: StepInterval['kind'] } {
  if (activityType === 'callMcpTool') return { step: String((input as { tool?: string })?.tool ?? 'tool'), kind: 'tool' };
  if (activityType === 'listMcpTools') return { step: 'list tools', kind: 'tool' };
  if (activityType === 'callModel') return { step: 'model', kind: 'model' };
  return { step: activityType, kind: 'document' };
}

export function createActivityTimer(): ActivityTimer {
  const byTask = new Map<string, StepInterval[]>();
  return {
    instrument(activities) {
      const wrapped: Record<string, unknown> = {};
      for (const [name, fn] of Object.entries(activities as Record<string, (input: unknown) => Promise<unknown>>)) {
        wrapped[name] = async (input: unknown) => {
          const start = performance.now();
          try {
            return await fn(input);
          } finally {
            const end = performance.now();
            const workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
            const taskId = workflowId.startsWith(TASK_WORKFLOW_ID_PREFIX) ? workflowId.slice(TASK_WORKFLOW_ID_PREFIX.length) : workflowId;
            const list = byTask.get(taskId) ?? [];
            list.push({ ...stepOf(name, input), start, end });
            byTask.set(taskId, list);
          }
        };
      }
      return wrapped;
    },
    intervals: (taskId) => byTask.get(taskId) ?? [],
    clear: () => byTask.clear(),
  };
}

/** Total length of the union of intervals: parallel steps count once. */
export function coveredTime(intervals: ReadonlyArray<{ start: number; end: number }>): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const { start, end } of sorted) {
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else if (end > to) {
      to = end;
    }
  }
  if (to > from) total += to - from;
  return total;
}
