// Recording scenario of approver notifications (patch `approver-notifications`): the request, the
// reminder and the escalation sent to webhooks (the escalation group's one always failing, so retries
// end in a recorded failure), then the senior approver decides with a signed decision link.
import { approvalIdOf } from '../../../src/decision-links/decision-link-claims';
import { createDecisionLinks } from '../../../src/decision-links/decision-link-token';
import { step } from '../../support/fake-openai';
import { SENIOR, filePart, statusData } from '../support/document-stack';
import { taskRunClosed, messageId, type Scenario } from './recording-context';

export const NOTIFY_AGENT = 'verifier-notify';
export const RECORDING_PLATFORM = {
  decisionLinks: { secret: 'a-decision-link-secret-for-recording' },
  notifications: { secrets: { hooks: 'a-webhook-secret-for-recording' } },
};

export const notifyAgents = (hookUrl: string, failingHookUrl: string) => ({
  [NOTIFY_AGENT]: {
    extends: 'document-verifier',
    settings: {
      approvalReminderAfter: '300ms',
      approvalEscalateAfter: '1s',
      escalationAction: 'reassign',
      approvalExpireAfter: '1h',
      pushRetry: { initialIntervalMs: 100, maximumIntervalMs: 200, maximumAttempts: 2 },
      approvalNotifications: {
        approver: [{ type: 'webhook', url: hookUrl, secret: 'hooks' }],
        'senior-approver': [{ type: 'webhook', url: failingHookUrl, secret: 'hooks' }],
      },
    },
  },
});

const inconsistent = () =>
  filePart(new TextEncoder().encode('INVOICE\nInvoice number: INV-1\nSubtotal: EUR 10.00\nVAT 19%: EUR 1.90\nTotal due: EUR 99.00\nIBAN: DE89 3704 0044 0532 0130 01\n'), 'text/plain', 'invoice-1.txt');

export const notificationScenarios: Scenario[] = [
  {
    name: 'document-verifier-notified-escalated-decided-by-link',
    async run(ctx) {
      ctx.stack.model!.respondWith(() => step.text('Looks wrong.'));
      const task = await ctx.stack.start(NOTIFY_AGENT, [inconsistent()]);
      const escalated = await ctx.stack.waitForTask(NOTIFY_AGENT, task.id, (t) => t.status.state === 'TASK_STATE_INPUT_REQUIRED' && statusData(t)?.turn === 'escalated');
      const requestedAt = Date.parse(statusData(escalated).schedule.requestedAt);
      const token = createDecisionLinks({ secret: RECORDING_PLATFORM.decisionLinks.secret }).sign({
        linkId: 'recorded-link',
        agentId: NOTIFY_AGENT,
        taskId: task.id,
        approvalId: approvalIdOf(requestedAt),
        expiresAt: Date.now() + 3_600_000,
        roles: ['senior-approver'],
      });
      const reply = await ctx.stack.rpc(
        NOTIFY_AGENT,
        'SendMessage',
        {
          message: { messageId: messageId('decide'), taskId: task.id, role: 'ROLE_USER', parts: [{ data: { decision: 'approve', reason: 'checked' } }], metadata: { decisionLink: token } },
          configuration: { returnImmediately: true },
        },
        SENIOR,
      );
      if (reply.error) throw new Error(`the decision was refused: ${reply.error.message}`);
      await ctx.stack.waitForSettled(NOTIFY_AGENT, task.id);
      return taskRunClosed(ctx, task.id);
    },
  },
];
