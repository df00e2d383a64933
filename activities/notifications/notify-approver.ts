// Sends one approver notification over one channel: signs the decision link into it, then posts the
// signed JSON to a webhook (SSRF policy, pinned addresses, no redirects) or mails it. Temporal owns the
// retries: a transient failure throws, a refused target or missing configuration fails for good.
// Each attempt is an audit record (`approver-notification`) without secrets or the link's token.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { AuditLog } from '../../src/audit/audit-log';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  NotificationFailure,
  SIGNATURE_HEADER,
  type ApproverNotificationActivities,
  type NotifyApproverArgs,
} from '../../src/approval-notifications/notify-contract';
import { withLinks } from '../../src/approval-notifications/notification-payload';
import { signNotification } from '../../src/approval-notifications/webhook-signature';
import { decisionLinkUrl, inboxTaskPath, type DecisionLinks } from '../../src/decision-links/decision-link-token';
import { postWebhook } from '../../src/webhooks/post-webhook';
import { describeUrl, WebhookRefusedError, type WebhookPolicy } from '../../src/webhooks/webhook-policy';
import { notificationMail, type Mailer } from './notification-mail';

export interface NotificationActivityDeps {
  policy: WebhookPolicy;
  links: DecisionLinks;
  /** Where approvers reach the inbox (known once the API listens). */
  publicBaseUrl: () => string;
  /** Webhook signing secrets by the name channels give (APPROVAL_NOTIFY_SECRETS). */
  secrets: Readonly<Record<string, string>>;
  /** Sends e-mail; e-mail channels fail (not retried) without it. */
  mailer?: Mailer;
  timeoutMs: number;
  audit: AuditLog;
}

export function createNotificationActivities(deps: NotificationActivityDeps): ApproverNotificationActivities {
  return {
    async notifyApprover(args: NotifyApproverArgs) {
      const context = Context.current();
      const attempt = context.info.attempt;
      const { notification, channel } = args;
      const base = deps.publicBaseUrl();
      const body = withLinks(notification, {
        task: `${base}${inboxTaskPath(notification.agentId, notification.taskId)}`,
        decision: decisionLinkUrl(base, deps.links.sign(args.link)),
        // As the token carries it: whole seconds.
        decisionExpiresAt: new Date(Math.ceil(args.link.expiresAt / 1000) * 1000).toISOString(),
      });
      const audit = {
        taskId: notification.taskId,
        agentId: notification.agentId,
        event: notification.event,
        deliveryId: notification.deliveryId,
        decisionLink: args.link.linkId,
        channel: channel.type === 'webhook' ? describeUrl(channel.url) : `email:${channel.to.length}`,
        attempt,
      };
      const fail = (type: string, message: string, outcome: string): never => {
        deps.audit.record('approver-notification', { ...audit, outcome, reason: message });
        throw type === NotificationFailure.Failed ? ApplicationFailure.create({ message, type }) : ApplicationFailure.nonRetryable(message, type);
      };

      if (channel.type === 'email') {
        if (!deps.mailer) return fail(NotificationFailure.NotConfigured, 'no SMTP server is configured (SMTP_URL)', 'refused');
        try {
          const reply = await deps.mailer.send(notificationMail(body, channel.to));
          deps.audit.record('approver-notification', { ...audit, outcome: 'delivered' });
          return { status: reply.code, attempts: attempt };
        } catch (err) {
          return fail(NotificationFailure.Failed, `mail not accepted: ${(err as Error).message}`, 'retryable');
        }
      }

      const secret = deps.secrets[channel.secret];
      if (!secret) return fail(NotificationFailure.NotConfigured, `no secret named ${channel.secret} in APPROVAL_NOTIFY_SECRETS`, 'refused');
      let target;
      try {
        target = await deps.policy.check(channel.url);
      } catch (err) {
        if (!(err instanceof WebhookRefusedError)) throw err;
        return fail(NotificationFailure.Refused, err.message, 'refused');
      }
      const text = JSON.stringify(body);
      const outcome = await postWebhook({
        target,
        body: text,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signNotification(secret, text, Math.floor(Date.now() / 1000)),
          [DELIVERY_HEADER]: notification.deliveryId,
          [EVENT_HEADER]: notification.event,
        },
        timeoutMs: deps.timeoutMs,
        signal: context.cancellationSignal,
      });
      switch (outcome.kind) {
        case 'delivered':
          deps.audit.record('approver-notification', { ...audit, outcome: 'delivered', status: outcome.status });
          return { status: outcome.status, attempts: attempt };
        case 'refused':
          return fail(NotificationFailure.Refused, outcome.reason, 'refused');
        case 'retryable':
          return fail(NotificationFailure.Failed, outcome.reason, 'retryable');
      }
    },
  };
}
