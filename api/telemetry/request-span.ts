// One server span per API request, in the caller's trace when it sent a W3C `traceparent`. A2A
// requests are named by their method and described by the bindings (recordA2ACall); the span is
// made outside the error boundary, so its status code is the one the client received. The path is
// recorded redacted (no decision link tokens).
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type Koa from 'koa';
import { INSTRUMENTATION_NAME, REQUEST_SPAN_KEY } from '../../src/telemetry/spans';
import type { ApiContext, ApiState } from '../app-types';
import { redactPath } from '../http/redact-path';

export function requestSpan(): Koa.Middleware<ApiState> {
  return async (ctx: ApiContext, next) => {
    const parent = propagation.extract(context.active(), ctx.headers);
    const span = trace.getTracer(INSTRUMENTATION_NAME).startSpan(
      ctx.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': ctx.method, 'url.path': redactPath(ctx.path) } },
      parent,
    );
    // Not recording (tracing off): no context to enter, no attributes to gather.
    if (!span.isRecording()) return next();
    try {
      await context.with(trace.setSpan(parent, span).setValue(REQUEST_SPAN_KEY, span), next);
    } finally {
      // The route pattern the A2A router labelled (api/routes/a2a.ts, also the metrics' label), else the router's.
      const route = ctx.state.route ?? (ctx as { _matchedRoute?: string })._matchedRoute;
      if (route) span.setAttribute('http.route', route);
      if (!ctx.state.a2aMethod) span.updateName(route ? `${ctx.method} ${route}` : ctx.method);
      span.setAttribute('http.response.status_code', ctx.status);
      if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
