// Workflow interceptors (bundled into the workflow sandbox after Temporal's OpenTelemetry ones): a
// signal or update that arrives in another trace (an approval days later, sent by its own request)
// gets a span link to the context that started the task, so the two traces stay connected.
// Deterministic: reads headers and the sandbox's active span only; issues no commands.
import * as otel from '@opentelemetry/api';
import { extractContextFromHeaders } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type { WorkflowInboundCallsInterceptor, WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const TASK_ORIGIN_LINK = { 'a2a.link': 'task-origin' } as const;

function linkToOrigin(origin: otel.SpanContext | undefined): void {
  const span = otel.trace.getActiveSpan();
  if (!origin || !span) return;
  if (span.spanContext().traceId !== origin.traceId) span.addLink({ context: origin, attributes: TASK_ORIGIN_LINK });
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  // Per workflow instance: the client span that started this run (or the run it continued from).
  let origin: otel.SpanContext | undefined;
  const inbound: WorkflowInboundCallsInterceptor = {
    execute(input, next) {
      const started = extractContextFromHeaders(input.headers);
      origin = started ? otel.trace.getSpanContext(started) : undefined;
      return next(input);
    },
    handleSignal(input, next) {
      linkToOrigin(origin);
      return next(input);
    },
    handleUpdate(input, next) {
      linkToOrigin(origin);
      return next(input);
    },
  };
  return { inbound: [inbound] };
};
