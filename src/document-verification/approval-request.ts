// What approvers see: one status message per turn of the approval (the request, a reminder, an
// escalation, a refused or unreadable answer), each a text part for people and a data part
// (`kind: "approval-request"`) for programs, with the findings, risk, allowed decisions, who may
// decide and when the reminder, escalation and expiry are due. Pure.
import type { JsonObject, Part } from '../a2a-model/types';
import type { ApprovalEffect, ApprovalState } from './approval-process';
import { nextDeadline } from './approval-process';
import { DECISION_HELP } from './decision';
import { formatDuration } from './duration';
import { sentence } from '../task-runtime/message-text';
import { countBySeverity, type VerificationFinding } from './findings';
import type { RiskAssessment } from './risk';
import type { ApprovalSettings } from './verifier-settings';

export interface DocumentFacts {
  name: string;
  sha256: string;
  size: number;
  mediaType: string;
  pageCount: number;
  documentType: string;
  classificationConfidence: number;
}

export interface ApprovalContext {
  taskId: string;
  document: DocumentFacts;
  risk: RiskAssessment;
  findings: readonly VerificationFinding[];
  settings: ApprovalSettings;
}

export type ApprovalTurn = 'requested' | 'reminder' | 'escalated' | 'refused' | 'unreadable';

/** Findings listed in a request; the full list is in the result artifact. */
const MAX_LISTED_FINDINGS = 50;

export const asJson = (value: object): JsonObject => value as unknown as JsonObject;

const iso = (ms: number) => new Date(ms).toISOString();

export function approvalSchedule(state: ApprovalState, settings: ApprovalSettings): JsonObject {
  const remindAt = !state.reminded && !state.escalated && settings.reminderAfterMs < settings.escalateAfterMs ? state.requestedAt + settings.reminderAfterMs : undefined;
  const escalateAt = state.escalated ? undefined : state.requestedAt + settings.escalateAfterMs;
  const expiresAt = settings.escalation === 'reassign' && settings.expireAfterMs !== undefined ? state.requestedAt + settings.expireAfterMs : undefined;
  return {
    requestedAt: iso(state.requestedAt),
    ...(remindAt !== undefined ? { remindAt: iso(remindAt) } : {}),
    ...(escalateAt !== undefined ? { escalateAt: iso(escalateAt) } : {}),
    escalation: { action: settings.escalation, ...(settings.escalation === 'reassign' ? { roles: settings.escalationRoles } : {}) },
    ...(expiresAt !== undefined ? { expiresAt: iso(expiresAt) } : { expiresAt: null }),
    escalated: state.escalated,
  };
}

function notice(turn: ApprovalTurn, effect: ApprovalEffect | undefined, context: ApprovalContext): string {
  switch (turn) {
    case 'requested':
      return 'A person must decide on this document.';
    case 'reminder':
      return `Reminder: this document has waited ${formatDuration(context.settings.reminderAfterMs)} for a decision.`;
    case 'escalated':
      return `Escalated: no decision within ${formatDuration(context.settings.escalateAfterMs)}; ${effect?.kind === 'reassigned' ? effect.roles.join(', ') : 'the escalation group'} may now decide.`;
    case 'refused':
      return effect?.kind === 'refused' || effect?.kind === 'link-refused'
        ? `${sentence(`Decision refused: ${effect.refusal.reason}`)} Still waiting for an approver.`
        : 'Decision refused.';
    case 'unreadable':
      return effect?.kind === 'unreadable' ? `That answer was not a decision: ${effect.problem}` : 'That answer was not a decision.';
  }
}

export function approvalRequestParts(turn: ApprovalTurn, state: ApprovalState, context: ApprovalContext, effect?: ApprovalEffect): Part[] {
  const { document, risk, findings, settings } = context;
  const counts = countBySeverity(findings);
  const who = state.approverRoles.length > 0 ? `a principal with the role ${state.approverRoles.join(' or ')}` : 'the task owner';
  const deadline = nextDeadline(state, settings);
  const lines = [
    `${notice(turn, effect, context)}`,
    `Document: ${document.name} (${document.documentType}, ${document.pageCount} page(s), sha256 ${document.sha256.slice(0, 16)}…).`,
    `Risk ${risk.score} (threshold ${risk.threshold}): ${risk.reasons.join('; ') || 'no specific reason'}.`,
    `Findings: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.`,
    ...findings.slice(0, 10).map((f) => `- [${f.severity}] ${f.code}: ${f.message}`),
    ...(findings.length > 10 ? [`- … ${findings.length - 10} more in the data part`] : []),
    `Decisions: ${settings.allowedDecisions.join(', ')}; who may decide: ${who}${settings.allowSelfApproval ? '' : ' (not the submitter, for an approval)'}.`,
    ...(deadline ? [`Next: ${deadline.kind === 'remind' ? 'a reminder' : deadline.kind === 'escalate' ? 'escalation' : 'automatic rejection'} at ${iso(deadline.at)}.`] : []),
    DECISION_HELP,
  ];
  const data = {
    kind: 'approval-request',
    version: 1,
    turn,
    taskId: context.taskId,
    notice: notice(turn, effect, context),
    document,
    risk,
    findingCounts: counts,
    findings: findings.slice(0, MAX_LISTED_FINDINGS),
    findingsTruncated: findings.length > MAX_LISTED_FINDINGS,
    allowedDecisions: settings.allowedDecisions,
    approvers: { roles: state.approverRoles, selfApprovalAllowed: settings.allowSelfApproval },
    schedule: approvalSchedule(state, settings),
    answer: { data: { decision: settings.allowedDecisions[0], reason: '…' }, text: DECISION_HELP },
  };
  return [
    { kind: 'text', text: lines.join('\n') },
    { kind: 'data', data: asJson(data), mediaType: 'application/json' },
  ];
}
