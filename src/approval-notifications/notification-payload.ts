// The approver notification as sent (webhook body; the e-mail says the same in words): one per
// event (requested, reminder, escalated, decided), per approver group, per channel. The workflow
// builds everything but the links (signing needs the secret, so the activity adds them). Pure.
import type { JsonObject } from '../a2a-model/types';
import type { ApprovalState } from '../document-verification/approval-process';
import { approvalSchedule, type ApprovalContext } from '../document-verification/approval-request';
import { countBySeverity } from '../document-verification/findings';

export const APPROVAL_EVENTS = ['approval-requested', 'approval-reminder', 'approval-escalated', 'approval-decided'] as const;
export type ApprovalEvent = (typeof APPROVAL_EVENTS)[number];

/** The payload before the activity adds `links` (see withLinks). */
export interface ApproverNotification {
  kind: 'approval-notification';
  version: 1;
  event: ApprovalEvent;
  deliveryId: string;
  agentId: string;
  taskId: string;
  approvalId: string;
  recipients: { roles: string[] };
  notice: string;
  document: JsonObject;
  risk: { score: number; threshold: number; reasons: string[] };
  findingCounts: { error: number; warning: number; info: number };
  allowedDecisions: string[];
  approvers: { roles: string[]; selfApprovalAllowed: boolean };
  schedule: JsonObject;
  decision: null | { decision: string; reason: string; decidedBy: string; decidedAt: string; automatic: boolean; decisionLink?: string };
}

export interface NotificationLinks {
  /** The inbox page at the task. */
  task: string;
  /** The signed decision link: opens the inbox at the task, signed in, ready to decide. */
  decision: string;
  decisionExpiresAt: string;
}

export const withLinks = (notification: ApproverNotification, links: NotificationLinks) => ({ ...notification, links });

function notice(event: ApprovalEvent, state: ApprovalState, context: ApprovalContext): string {
  const name = context.document.name;
  switch (event) {
    case 'approval-requested':
      return `A decision is needed on ${name}.`;
    case 'approval-reminder':
      return `Reminder: ${name} is still waiting for a decision.`;
    case 'approval-escalated':
      return `Escalated: nobody decided on ${name} in time; your group may now decide.`;
    case 'approval-decided': {
      const d = state.decision;
      const who = d ? ('system' in d.decidedBy ? 'the approval policy' : d.decidedBy.subject) : 'nobody';
      return `${name}: ${d?.decision ?? 'no decision'} by ${who}.`;
    }
  }
}

export function approverNotification(options: {
  event: ApprovalEvent;
  deliveryId: string;
  agentId: string;
  approvalId: string;
  roles: string[];
  state: ApprovalState;
  context: ApprovalContext;
}): ApproverNotification {
  const { event, state, context } = options;
  const { document, risk, findings, settings } = context;
  const d = state.decision;
  return {
    kind: 'approval-notification',
    version: 1,
    event,
    deliveryId: options.deliveryId,
    agentId: options.agentId,
    taskId: context.taskId,
    approvalId: options.approvalId,
    recipients: { roles: options.roles },
    notice: notice(event, state, context),
    document: { name: document.name, documentType: document.documentType, mediaType: document.mediaType, pageCount: document.pageCount, size: document.size, sha256: document.sha256 },
    risk: { score: risk.score, threshold: risk.threshold, reasons: risk.reasons },
    findingCounts: countBySeverity(findings),
    allowedDecisions: [...settings.allowedDecisions],
    approvers: { roles: [...state.approverRoles], selfApprovalAllowed: settings.allowSelfApproval },
    schedule: approvalSchedule(state, settings),
    decision: d
      ? {
          decision: d.decision,
          reason: d.reason,
          decidedBy: 'system' in d.decidedBy ? 'system' : d.decidedBy.subject,
          decidedAt: d.decidedAt,
          automatic: d.automatic,
          ...(d.decisionLink ? { decisionLink: d.decisionLink } : {}),
        }
      : null,
  };
}
