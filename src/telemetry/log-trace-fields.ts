// Log lines written while a span is active carry its ids, so a log search jumps to the trace and
// back. Without tracing there is never an active span and lines stay as they were.
import { isSpanContextValid, trace } from '@opentelemetry/api';

export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
