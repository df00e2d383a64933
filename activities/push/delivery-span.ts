// The client span of one push delivery attempt; the webhook receives its `traceparent`, so a
// receiver that traces joins the task's trace.
import { context, propagation } from '@opentelemetry/api';
import type { WebhookOutcome } from '../../src/webhooks/post-webhook';
import type { ResolvedWebhook } from '../../src/webhooks/webhook-policy';
import { inSpan, SpanKind, TASK_ID_ATTRIBUTE } from '../../src/telemetry/spans';

export interface DeliverySpanOptions {
  target: ResolvedWebhook;
  taskId: string;
  attempt: number;
  /** The request's headers; the span's context is added to them. */
  headers: Record<string, string>;
}

export function inDeliverySpan(options: DeliverySpanOptions, post: () => Promise<WebhookOutcome>): Promise<WebhookOutcome> {
  const { url } = options.target;
  return inSpan(
    {
      name: 'POST',
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': 'POST',
        // Origin and path only: a query string may hold a receiver's secret.
        'url.full': `${url.origin}${url.pathname}`,
        'server.address': url.hostname,
        'http.request.resend_count': options.attempt - 1,
        'a2a.push.attempt': options.attempt,
        [TASK_ID_ATTRIBUTE]: options.taskId,
      },
    },
    async (span) => {
      if (span.isRecording()) propagation.inject(context.active(), options.headers);
      const outcome = await post();
      if ('status' in outcome && outcome.status !== undefined) span.setAttribute('http.response.status_code', outcome.status);
      span.setAttribute('a2a.push.outcome', outcome.kind);
      if (outcome.kind !== 'delivered') span.setAttribute('error.type', outcome.kind);
      return outcome;
    },
  );
}
