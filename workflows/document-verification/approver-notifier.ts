// Tells approvers, over the channels configured for their role, that an approval was requested,
// reminded, escalated (the escalation group, with links for that group) or decided. Each send is an
// activity retried like push notifications and never awaited by the approval: a failure is recorded
// in the audit log and the approval goes on. Runs before notifications replay without them (patch).
import { CancellationScope, condition, log, patched, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { NotificationChannels } from '../../src/approval-notifications/notification-channels';
import { approverNotification, type ApprovalEvent } from '../../src/approval-notifications/notification-payload';
import { NotificationFailure, type ApproverNotificationActivities, type NotifyApproverArgs } from '../../src/approval-notifications/notify-contract';
import { approvalIdOf, DECISION_LINK_MAX_TTL_MS } from '../../src/decision-links/decision-link-claims';
import type { ApprovalState } from '../../src/document-verification/approval-process';
import type { ApprovalContext } from '../../src/document-verification/approval-request';
import { webhookRetryPolicy, type PushRetrySettings } from '../task-runtime/push-dispatcher';

/** Set on runs that notify approvers: sending adds activities to the approval's command sequence. */
export const APPROVER_NOTIFICATIONS_PATCH = 'approver-notifications';

export class ApproverNotifier {
  private inFlight = 0;
  private enabled: boolean | undefined;
  private readonly activities: ApproverNotificationActivities;

  constructor(
    private readonly target: { agentId: string; context: ApprovalContext; channels: NotificationChannels },
    retry: PushRetrySettings,
  ) {
    this.activities = proxyActivities<ApproverNotificationActivities>({
      startToCloseTimeout: '30s',
      retry: webhookRetryPolicy(retry, [NotificationFailure.Refused, NotificationFailure.NotConfigured]),
    });
  }

  /** Notifies each of `roles` that has channels; one decision link per group and event. */
  send(event: ApprovalEvent, state: ApprovalState, roles: readonly string[]): void {
    const { agentId, context, channels } = this.target;
    const groups = roles.filter((role) => (channels[role]?.length ?? 0) > 0);
    if (groups.length === 0) return;
    // Asked only when there is something to send, so agents without channels keep their history.
    this.enabled ??= patched(APPROVER_NOTIFICATIONS_PATCH);
    if (!this.enabled) return;
    const approvalId = approvalIdOf(state.requestedAt);
    const { settings } = context;
    const approvalExpiry = settings.escalation === 'reassign' && settings.expireAfterMs !== undefined ? state.requestedAt + settings.expireAfterMs : Infinity;
    const expiresAt = Math.min(Date.now() + DECISION_LINK_MAX_TTL_MS, approvalExpiry);
    for (const role of groups) {
      const link = { linkId: uuid4(), agentId, taskId: context.taskId, approvalId, expiresAt, roles: [role] };
      channels[role].forEach((channel, index) => {
        const deliveryId = `${link.linkId}.${index}`;
        const notification = approverNotification({ event, deliveryId, agentId, approvalId, roles: [role], state, context });
        this.deliver({ channel, notification, link });
      });
    }
  }

  /** No notification is in flight (a continue-as-new waits for that). */
  get idle(): boolean {
    return this.inFlight === 0;
  }

  /** Resolves once every notification was delivered or given up on (before the run ends). */
  async drained(): Promise<void> {
    await CancellationScope.nonCancellable(() => condition(() => this.inFlight === 0));
  }

  private deliver(args: NotifyApproverArgs): void {
    this.inFlight += 1;
    // Outside the task's cancellation, so a cancel does not abort a delivery in flight. The cancel path
    // does not wait for drained(), though: a run canceled meanwhile closes and the delivery is dropped
    // (README, Limits).
    void CancellationScope.nonCancellable(async () => {
      try {
        await this.activities.notifyApprover(args);
      } catch (err) {
        const { notification } = args;
        // Workflow logging is replay-safe: the failure is recorded once.
        log.info('audit', {
          audit: 'approver-notification',
          taskId: notification.taskId,
          agentId: notification.agentId,
          event: notification.event,
          deliveryId: notification.deliveryId,
          decisionLink: args.link.linkId,
          outcome: 'failed',
          reason: String((err as Error).cause ?? err),
        });
      } finally {
        this.inFlight -= 1;
      }
    });
  }
}
