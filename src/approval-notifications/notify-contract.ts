// The contract of the approver notification activity: plain types and failure names, so the workflow
// imports them without the activity's Node code. The arguments hold no secret: the channel names its
// secret, and the link's claims are signed by the activity.
import type { DecisionLinkClaims } from '../decision-links/decision-link-claims';
import type { NotificationChannel } from './notification-channels';
import type { ApproverNotification } from './notification-payload';

export interface NotifyApproverArgs {
  channel: NotificationChannel;
  notification: ApproverNotification;
  /** The decision link to sign into the notification. */
  link: DecisionLinkClaims;
}

export interface NotifyApproverResult {
  /** HTTP status of the webhook, or the SMTP server's reply code. */
  status: number;
  attempts: number;
}

export interface ApproverNotificationActivities {
  notifyApprover(args: NotifyApproverArgs): Promise<NotifyApproverResult>;
}

/** ApplicationFailure types; refused targets and missing configuration are not retried. */
export const NotificationFailure = {
  Refused: 'NotificationTargetRefused',
  NotConfigured: 'NotificationNotConfigured',
  Failed: 'NotificationDeliveryFailed',
} as const;

/** `X-A2A-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export const SIGNATURE_HEADER = 'x-a2a-signature';
export const DELIVERY_HEADER = 'x-a2a-delivery';
export const EVENT_HEADER = 'x-a2a-event';
