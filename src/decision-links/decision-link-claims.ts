// What a signed decision link says (api and worker sign and check it; workflows see only these
// verified claims, never the secret): which approval of which task it is for, until when, and for
// which approver group. Pure types, safe in workflow code.

export interface DecisionLinkClaims {
  /** Unique per link; what the approval records as consumed, so a link decides at most once. */
  linkId: string;
  agentId: string;
  taskId: string;
  /** The approval the link was issued for (see approvalIdOf); a link for another approval is refused. */
  approvalId: string;
  /** Epoch milliseconds; the link is refused from then on. */
  expiresAt: number;
  /** The approver roles the link was sent to (the escalation group's links name that group). */
  roles: string[];
}

/** The approval's id: its request time, so a resumed approval (continue-as-new) keeps it. */
export const approvalIdOf = (requestedAt: number): string => `approval-${requestedAt.toString(36)}`;

/** Links live 7 days at most, and never past the approval's own expiry. */
export const DECISION_LINK_MAX_TTL_MS = 7 * 24 * 3_600_000;
