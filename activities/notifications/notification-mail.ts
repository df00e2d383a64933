// The e-mail form of an approver notification, and the small mailer interface the activity sends it
// through (nodemailer's SMTP transport in production, see smtp-mailer.ts). Plain text: what happened,
// the document and risk, and the two links.
import type { withLinks } from '../../src/approval-notifications/notification-payload';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export interface Mailer {
  /** Resolves with the SMTP reply code once the server accepted the mail; throws otherwise. */
  send(mail: Mail): Promise<{ code: number }>;
}

export function notificationMail(body: ReturnType<typeof withLinks>, to: string[]): Mail {
  const { document, risk, links } = body;
  const subject = {
    'approval-requested': 'Decision needed',
    'approval-reminder': 'Reminder: decision needed',
    'approval-escalated': 'Escalated: decision needed',
    'approval-decided': 'Decided',
  }[body.event];
  const lines = [
    body.notice,
    '',
    `Document: ${String(document.name)} (${String(document.documentType)}, sha256 ${String(document.sha256).slice(0, 16)}…)`,
    `Risk ${risk.score} (threshold ${risk.threshold}): ${risk.reasons.join('; ') || 'no specific reason'}`,
    `Findings: ${body.findingCounts.error} error(s), ${body.findingCounts.warning} warning(s)`,
    ...(body.decision ? [`Decision: ${body.decision.decision} by ${body.decision.decidedBy}${body.decision.reason ? `: ${body.decision.reason}` : ''}`] : []),
    '',
    body.decision ? `Open the task: ${links.task}` : `Decide (sign in required): ${links.decision}`,
    `The link expires ${links.decisionExpiresAt}.`,
  ];
  return {
    to,
    subject: `[a2a] ${subject}: ${String(document.name)}`,
    text: lines.join('\n'),
    headers: { 'X-A2A-Delivery': body.deliveryId, 'X-A2A-Event': body.event, 'X-A2A-Task': body.taskId },
  };
}
