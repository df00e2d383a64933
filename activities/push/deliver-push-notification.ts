// Delivers one task event to one webhook. Temporal owns the retries: a retryable outcome throws
// (with the webhook's Retry-After as the next delay), a refused target fails for good. Every
// attempt is logged as an audit record without the credentials.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { StreamEvent } from '../../src/a2a-model/types';
import type { Logger } from '../../src/logger';
import type {
  DeliverPushNotificationArgs,
  DeliverPushNotificationResult,
  TaskRuntimeActivities,
} from '../../src/task-runtime/activity-contract';
import type { AuditLog } from '../../src/audit/audit-log';
import { postWebhook } from '../../src/webhooks/post-webhook';
import { inDeliverySpan } from './delivery-span';
import { describeUrl, WebhookRefusedError, type WebhookPolicy } from '../../src/webhooks/webhook-policy';

export interface PushActivityDeps {
  policy: WebhookPolicy;
  /** The wire payload (an A2A v1.0 StreamResponse) for an internal event of this agent's task. */
  renderPayload(event: StreamEvent, task: { agentId: string; taskId: string }): unknown;
  timeoutMs: number;
  logger: Logger;
  /** Made from the root logger: one made from `logger` (bound to component push) repeated `component`. */
  audit: AuditLog;
}

export function createPushActivities(deps: PushActivityDeps): TaskRuntimeActivities {
  const auditLog = deps.audit;
  return {
    async deliverPushNotification(args: DeliverPushNotificationArgs): Promise<DeliverPushNotificationResult> {
      const context = Context.current();
      const attempt = context.info.attempt;
      const audit = { taskId: args.taskId, configId: args.config.id, target: describeUrl(args.config.url), seq: args.seq, attempt };
      let target;
      try {
        target = await deps.policy.check(args.config.url);
      } catch (err) {
        if (!(err instanceof WebhookRefusedError)) throw err;
        auditLog.record('push-delivery', { ...audit, outcome: 'refused', reason: err.message });
        throw ApplicationFailure.nonRetryable(err.message, 'PushTargetRefused');
      }
      const headers: Record<string, string> = { 'content-type': 'application/a2a+json', 'x-a2a-event-id': `${args.taskId}:${args.seq}` };
      const auth = args.config.authentication;
      if (auth) headers.authorization = auth.credentials ? `${auth.scheme} ${auth.credentials}` : auth.scheme;
      if (args.config.token) headers['x-a2a-notification-token'] = args.config.token;
      const body = JSON.stringify(deps.renderPayload(args.event, { agentId: args.agentId, taskId: args.taskId }));
      const outcome = await inDeliverySpan({ target, taskId: args.taskId, attempt, headers }, () =>
        postWebhook({ target, body, headers, timeoutMs: deps.timeoutMs, signal: context.cancellationSignal }),
      );
      auditLog.record('push-delivery', { ...audit, outcome: outcome.kind, ...('status' in outcome ? { status: outcome.status } : {}) });
      switch (outcome.kind) {
        case 'delivered':
          return { status: outcome.status, attempts: attempt };
        case 'refused':
          throw ApplicationFailure.nonRetryable(outcome.reason, 'PushTargetRefused');
        case 'retryable':
          throw ApplicationFailure.create({
            message: outcome.reason,
            type: 'PushDeliveryFailed',
            ...(outcome.retryAfterMs ? { nextRetryDelay: outcome.retryAfterMs } : {}),
          });
      }
    },
  };
}
