// The approval as a pure state machine: when the next reminder, escalation or expiry is due, and what
// an input or a due deadline does (decide, refuse, remind, reassign, auto-reject). The workflow waits
// on the deadline with a durable timer and applies the effects; everything decided here is data.
import { approvalIdOf, type DecisionLinkClaims } from '../decision-links/decision-link-claims';
import { authorizeDecision, parseDecision, type Principal } from './decision';
import { formatDuration } from './duration';
import type { ApprovalDecision, ApprovalSettings, EscalationAction } from './verifier-settings';

export interface DecisionRecord {
  decision: ApprovalDecision;
  reason: string;
  /** Who decided; `system` for a decision the policy took because nobody answered in time. */
  decidedBy: Principal | { system: true };
  decidedAt: string;
  automatic: boolean;
  messageId?: string;
  /** The id of the signed link the decision was sent with (from a notification), if any. */
  decisionLink?: string;
}

export interface RefusalRecord {
  by: Principal;
  at: string;
  messageId: string;
  attempted?: ApprovalDecision;
  reason: string;
  decisionLink?: string;
}

export interface ApprovalState {
  /** Epoch milliseconds of the request; every deadline counts from it. */
  requestedAt: number;
  /** Roles that may decide now. */
  approverRoles: string[];
  reminded: boolean;
  escalated: boolean;
  reminders: string[];
  escalations: Array<{ at: string; action: EscalationAction; roles?: string[] }>;
  refusals: RefusalRecord[];
  decision?: DecisionRecord;
  /** Ids of decision links a decision was made with: each decides once (absent before links existed). */
  usedLinks?: string[];
}

export type DeadlineKind = 'remind' | 'escalate' | 'expire';
export interface Deadline {
  kind: DeadlineKind;
  at: number;
}

export type ApprovalEffect =
  | { kind: 'decided'; record: DecisionRecord }
  | { kind: 'refused'; refusal: RefusalRecord }
  | { kind: 'unreadable'; problem: string; by: Principal }
  /** The sender may decide, but the link they sent with it will not do (used, other approval, expired). */
  | { kind: 'link-refused'; refusal: RefusalRecord }
  | { kind: 'reminded' }
  | { kind: 'reassigned'; roles: string[] };

export interface ReceivedDecisionInput {
  messageId: string;
  message: Parameters<typeof parseDecision>[0];
  sender: Principal;
  receivedAt: string;
  /** The verified claims of a decision link the answer came with. */
  link?: DecisionLinkClaims;
}

export function startApproval(now: number, settings: ApprovalSettings): ApprovalState {
  return { requestedAt: now, approverRoles: [...settings.approverRoles], reminded: false, escalated: false, reminders: [], escalations: [], refusals: [] };
}

export function nextDeadline(state: ApprovalState, settings: ApprovalSettings): Deadline | undefined {
  if (state.decision) return undefined;
  if (!state.escalated) {
    // A reminder due at or after the escalation would only be noise.
    if (!state.reminded && settings.reminderAfterMs < settings.escalateAfterMs) {
      return { kind: 'remind', at: state.requestedAt + settings.reminderAfterMs };
    }
    return { kind: 'escalate', at: state.requestedAt + settings.escalateAfterMs };
  }
  if (settings.escalation === 'reassign' && settings.expireAfterMs !== undefined) {
    return { kind: 'expire', at: state.requestedAt + settings.expireAfterMs };
  }
  return undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

function automaticReject(state: ApprovalState, now: number, reason: string): { state: ApprovalState; effect: ApprovalEffect } {
  const record: DecisionRecord = { decision: 'reject', reason, decidedBy: { system: true }, decidedAt: iso(now), automatic: true };
  return { state: { ...state, decision: record }, effect: { kind: 'decided', record } };
}

export function onDeadline(state: ApprovalState, kind: DeadlineKind, now: number, settings: ApprovalSettings): { state: ApprovalState; effect: ApprovalEffect } {
  switch (kind) {
    case 'remind':
      return { state: { ...state, reminded: true, reminders: [...state.reminders, iso(now)] }, effect: { kind: 'reminded' } };
    case 'escalate': {
      if (settings.escalation === 'auto-reject') {
        const escalated = { ...state, escalated: true, escalations: [...state.escalations, { at: iso(now), action: 'auto-reject' as const }] };
        return automaticReject(escalated, now, `no decision within ${formatDuration(settings.escalateAfterMs)}; rejected automatically by policy`);
      }
      const roles = [...new Set([...state.approverRoles, ...settings.escalationRoles])];
      return {
        state: { ...state, escalated: true, approverRoles: roles, escalations: [...state.escalations, { at: iso(now), action: 'reassign', roles: settings.escalationRoles }] },
        effect: { kind: 'reassigned', roles },
      };
    }
    case 'expire':
      return automaticReject(state, now, `no decision within ${formatDuration(settings.expireAfterMs ?? 0)}, even after escalation; rejected automatically by policy`);
  }
}

export function onInput(
  state: ApprovalState,
  input: ReceivedDecisionInput,
  context: { owner: { tenant: string; subject: string }; settings: ApprovalSettings },
): { state: ApprovalState; effect: ApprovalEffect } {
  const authority = { owner: context.owner, approverRoles: state.approverRoles, allowSelfApproval: context.settings.allowSelfApproval };
  const parsed = parseDecision(input.message, context.settings.allowedDecisions);
  const attempted = parsed.ok ? parsed.decision : undefined;
  // Who may decide is checked before what was said, so a stranger's message is refused whatever it holds.
  const authorized = authorizeDecision(input.sender, attempted, authority);
  if (!authorized.ok) {
    const refusal: RefusalRecord = {
      by: input.sender,
      at: input.receivedAt,
      messageId: input.messageId,
      ...(attempted ? { attempted } : {}),
      reason: authorized.reason,
    };
    return { state: { ...state, refusals: [...state.refusals, refusal] }, effect: { kind: 'refused', refusal } };
  }
  const link = input.link;
  const linkProblem = link && decisionLinkProblem(state, link, input.receivedAt);
  if (link && linkProblem) {
    const refusal: RefusalRecord = {
      by: input.sender,
      at: input.receivedAt,
      messageId: input.messageId,
      ...(attempted ? { attempted } : {}),
      reason: linkProblem,
      decisionLink: link.linkId,
    };
    return { state: { ...state, refusals: [...state.refusals, refusal] }, effect: { kind: 'link-refused', refusal } };
  }
  if (!parsed.ok) return { state, effect: { kind: 'unreadable', problem: parsed.problem, by: input.sender } };
  const record: DecisionRecord = {
    decision: parsed.decision,
    reason: parsed.reason,
    decidedBy: input.sender,
    decidedAt: input.receivedAt,
    automatic: false,
    messageId: input.messageId,
    ...(link ? { decisionLink: link.linkId } : {}),
  };
  // Consumed only by a decision: a link a stranger or a slip of the keyboard wasted still works.
  const usedLinks = link ? [...(state.usedLinks ?? []), link.linkId] : state.usedLinks;
  return { state: { ...state, decision: record, ...(usedLinks ? { usedLinks } : {}) }, effect: { kind: 'decided', record } };
}

/** Why a verified link cannot carry this decision; undefined when it can. */
function decisionLinkProblem(state: ApprovalState, link: DecisionLinkClaims, receivedAt: string): string | undefined {
  if (link.approvalId !== approvalIdOf(state.requestedAt)) return 'the decision link was issued for another approval of this task';
  if (state.usedLinks?.includes(link.linkId)) return 'the decision link was already used for a decision';
  if (link.expiresAt <= Date.parse(receivedAt)) return 'the decision link has expired';
  return undefined;
}

/**
 * The audit record of an answer or automatic decision (`audit: approval-decision`, see
 * src/audit/audit-log.ts): who, what, when, why and the outcome; the document by digest only.
 * Undefined for effects that decide nothing (reminders, reassignments, unreadable answers).
 */
export function approvalAuditRecord(
  effect: ApprovalEffect,
  context: { taskId: string; agentId: string; documentSha256: string },
): Record<string, unknown> | undefined {
  const base = { audit: 'approval-decision', taskId: context.taskId, agentId: context.agentId, documentSha256: context.documentSha256 };
  if (effect.kind === 'refused' || effect.kind === 'link-refused') {
    const { by, at, attempted, reason, messageId, decisionLink } = effect.refusal;
    return { ...base, outcome: 'refused', decision: attempted ?? null, by, at, messageId, reason, ...viaLink(decisionLink) };
  }
  if (effect.kind === 'decided') {
    const { decision, reason, decidedBy, decidedAt, automatic, messageId, decisionLink } = effect.record;
    return { ...base, outcome: automatic ? 'automatic' : 'accepted', decision, by: decidedBy, at: decidedAt, messageId: messageId ?? null, reason, ...viaLink(decisionLink) };
  }
  return undefined;
}

const viaLink = (linkId: string | undefined) => (linkId ? { via: 'decision-link', decisionLink: linkId } : {});
