// The one way this code makes its own spans: through the global API's tracer (a no-op unless a
// provider is registered), with the task id on each, failures recorded, and the span always ended.
import { context, createContextKey, SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';
import { taskIdOfAnyWorkflowId } from '../task-runtime/task-workflow-id';

export const INSTRUMENTATION_NAME = 'a2a-temporal';

/** Every span of a task carries its id, so one query finds the whole story across traces. */
export const TASK_ID_ATTRIBUTE = 'a2a.task.id';

/** Where an API request keeps its server span, so the task a call below it reaches can be named on it. */
export const REQUEST_SPAN_KEY = createContextKey('a2a-temporal request span');

/**
 * Puts the task id of a workflow on the active span (Temporal's interceptors make the span) and on
 * the request's span above it: a new task's id is first known where its workflow is started.
 */
export function tagActiveSpan(workflowId: string | undefined): void {
  // Workflows that are not tasks (the retention sweep) name no task.
  const taskId = workflowId ? taskIdOfAnyWorkflowId(workflowId) : undefined;
  if (!taskId) return;
  const active = context.active();
  trace.getSpan(active)?.setAttribute(TASK_ID_ATTRIBUTE, taskId);
  (active.getValue(REQUEST_SPAN_KEY) as Span | undefined)?.setAttribute(TASK_ID_ATTRIBUTE, taskId);
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
