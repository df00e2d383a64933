// An approver's answer: read from a data part `{decision, reason}` or from text that starts with the
// decision ("approve", "reject: …", "request changes: …"), then checked against who may decide. Pure.
import type { Message } from '../a2a-model/types';
import type { ApprovalDecision } from './verifier-settings';

export interface Principal {
  tenant: string;
  subject: string;
  roles: string[];
}

export type ParsedDecision = { ok: true; decision: ApprovalDecision; reason: string } | { ok: false; problem: string };

const SYNONYMS: Record<string, ApprovalDecision> = {
  approve: 'approve',
  approved: 'approve',
  reject: 'reject',
  rejected: 'reject',
  'request-changes': 'request-changes',
  'changes-requested': 'request-changes',
};

const TEXT_DECISION = /^\s*(approved?|reject(?:ed)?|request[\s_-]+changes|changes[\s_-]+requested)\b[\s:;,.!–—-]*([\s\S]*)$/i;
const MAX_REASON_CHARS = 2_000;

export const DECISION_HELP =
  'Answer with a data part {"decision": "approve" | "reject" | "request-changes", "reason": "…"}, or with text that ' +
  'starts with the decision, e.g. "approve: totals checked with the supplier" or "reject: the IBAN is invalid".';

const normalise = (word: string) => word.trim().toLowerCase().replace(/[\s_]+/g, '-');

function finish(decision: ApprovalDecision | undefined, rawReason: unknown, allowed: readonly ApprovalDecision[]): ParsedDecision {
  if (!decision) return { ok: false, problem: `No decision found. ${DECISION_HELP}` };
  if (!allowed.includes(decision)) return { ok: false, problem: `"${decision}" is not allowed here; allowed decisions: ${allowed.join(', ')}.` };
  const reason = typeof rawReason === 'string' ? rawReason.trim().slice(0, MAX_REASON_CHARS) : '';
  // Approvals may be silent; turning a document down must say why, for the submitter and the audit.
  if (decision !== 'approve' && reason === '') return { ok: false, problem: `A ${decision} decision needs a reason. ${DECISION_HELP}` };
  return { ok: true, decision, reason };
}

export function parseDecision(message: Message, allowed: readonly ApprovalDecision[]): ParsedDecision {
  for (const part of message.parts) {
    if (part.kind !== 'data' || typeof part.data !== 'object' || part.data === null || Array.isArray(part.data)) continue;
    const { decision, reason } = part.data;
    if (decision === undefined) continue;
    return finish(typeof decision === 'string' ? SYNONYMS[normalise(decision)] : undefined, reason, allowed);
  }
  const text = message.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('\n');
  const match = TEXT_DECISION.exec(text);
  if (!match) return finish(undefined, undefined, allowed);
  return finish(SYNONYMS[normalise(match[1])], match[2], allowed);
}

export interface DecisionAuthority {
  owner: { tenant: string; subject: string };
  /** Roles that may decide now (the approvers, plus the escalation group once escalated). */
  approverRoles: readonly string[];
  allowSelfApproval: boolean;
}

export type Authorization = { ok: true } | { ok: false; reason: string };

/** `decision` undefined checks only whether the sender may decide at all (before their answer is read). */
export function authorizeDecision(sender: Principal, decision: ApprovalDecision | undefined, authority: DecisionAuthority): Authorization {
  if (sender.tenant !== authority.owner.tenant) return { ok: false, reason: `${sender.subject} belongs to another tenant` };
  const roles = authority.approverRoles;
  if (roles.length > 0 && !sender.roles.some((role) => roles.includes(role))) {
    return { ok: false, reason: `${sender.subject} does not hold an approver role (${roles.join(', ')})` };
  }
  // Four eyes: the submitter may turn their own document down, never wave it through.
  if (decision === 'approve' && sender.subject === authority.owner.subject && !authority.allowSelfApproval) {
    return { ok: false, reason: `${sender.subject} submitted this document and may not approve it` };
  }
  return { ok: true };
}
