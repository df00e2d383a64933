// A decision sent with `metadata.decisionLink` (from the inbox page opened by a notification's link):
// the API checks what needs the secret (signature, expiry, that it names this agent and task) and
// hands the workflow the verified claims with the sender; the approval workflow checks the rest (the
// approval it is for, single use) and decides. The link never stands in for authentication. The token
// itself goes no further than the API: the message delivered (task history, GetTask, webhooks) names
// the link by its id only.
import type { Message } from '../../src/a2a-model/types';
import type { DecisionLinkClaims } from '../../src/decision-links/decision-link-claims';
import type { DecisionLinks } from '../../src/decision-links/decision-link-token';
import type { InputOutcome } from '../../src/task-runtime/input-outcome';
import { A2AError } from '../a2a-error';
import type { CallContext } from '../request-handler';
import { recordRefusal } from './task-access';
import type { TaskServiceDeps } from './task-service-deps';

export const DECISION_LINK_FIELD = 'metadata.decisionLink';
/** The approval workflow's refusal code for a link it will not take (used, other approval, expired). */
export const DECISION_LINK_REFUSED = 'decision-link-refused';

/** As readDecisionLink, with a refusal recorded in the audit log (who tried which task, and why). */
export function checkDecisionLink(deps: TaskServiceDeps, ctx: CallContext, message: Message, taskId: string): DecisionLinkClaims | undefined {
  try {
    return readDecisionLink(deps.decisionLinks, message, { agentId: ctx.agentId, taskId });
  } catch (err) {
    recordRefusal(deps, ctx, 'decision-link-refused', { taskId, messageId: message.messageId, detail: (err as Error).message });
    throw err;
  }
}

/** The verified claims of the message's link; undefined without one; InvalidParams for a bad one. */
export function readDecisionLink(
  links: DecisionLinks | undefined,
  message: Message,
  target: { agentId: string; taskId: string },
): DecisionLinkClaims | undefined {
  const token = message.metadata?.decisionLink;
  if (token === undefined) return undefined;
  if (!links) throw refused('decision links are not enabled on this server');
  const check = links.verify(token);
  if (!check.ok) throw refused(check.reason === 'expired' ? 'the link has expired' : 'the link is not valid (not issued by this server, or altered)');
  const { claims } = check;
  if (claims.agentId !== target.agentId || claims.taskId !== target.taskId) throw refused('the link is for another task');
  return claims;
}

/**
 * The message without its token: a credential for days must not be kept in task history, where the
 * submitter reads it and their webhooks receive it. A verified link is named by id (`decisionLinkId`).
 */
export function withoutDecisionLink(message: Message, claims: DecisionLinkClaims | undefined): Message {
  if (message.metadata?.decisionLink === undefined) return message;
  const { decisionLink: _token, ...metadata } = message.metadata;
  return { ...message, metadata: { ...metadata, ...(claims ? { decisionLinkId: claims.linkId } : {}) } };
}

/** The workflow refused the link: an error naming the field, and the task goes on waiting. */
export function throwIfLinkRefused(outcome: InputOutcome): void {
  if (outcome.outcome === 'refused' && outcome.code === DECISION_LINK_REFUSED) throw refused(outcome.detail ?? 'the link was refused');
}

function refused(why: string): A2AError {
  return A2AError.invalidParams(`${DECISION_LINK_FIELD}: ${why}`, { field: DECISION_LINK_FIELD });
}
