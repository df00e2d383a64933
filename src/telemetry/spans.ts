// The one way this code makes its own spans: through the global API's tracer (a no-op unless a
// provider is registered), with the task id on each, failures recorded, and the span always ended.
import { SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';
import { TASK_WORKFLOW_ID_PREFIX } from '../task-runtime/contract';

export const INSTRUMENTATION_NAME = 'a2a-temporal';

/** Every span of a task carries its id, so one query finds the whole story across traces. */
export const TASK_ID_ATTRIBUTE = 'a2a.task.id';

/** A task workflow's id is `a2a-task-<task id>`; other workflows (the push-config keeper) keep theirs. */
export function taskIdOfWorkflowId(workflowId: string): string {
  return workflowId.startsWith(TASK_WORKFLOW_ID_PREFIX) ? workflowId.slice(TASK_WORKFLOW_ID_PREFIX.length) : workflowId;
}

/** Puts the task id of a workflow on the active span (Temporal's interceptors make the span). */
export function tagActiveSpan(workflowId: string | undefined): void {
  if (workflowId) trace.getActiveSpan()?.setAttribute(TASK_ID_ATTRIBUTE, taskIdOfWorkflowId(workflowId));
}

export interface SpanOptions {
  name: string;
  kind: SpanKind;
  attributes?: Attributes;
  links?: Link[];
}

/** Runs `work` inside a new active span (a child of the active context) and ends it however `work` ends. */
export async function inSpan<T>(options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(INSTRUMENTATION_NAME);
  return tracer.startActiveSpan(options.name, { kind: options.kind, attributes: options.attributes, links: options.links }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

export { SpanKind };
