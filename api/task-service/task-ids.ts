// Task and context ids derived from who sent which message, so a re-sent message (same principal,
// same context, same messageId) lands on the task it created instead of starting a second workflow.
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../request-handler';

/** A UUID-shaped digest (version nibble 8: custom, RFC 9562) of the parts. */
function digestUuid(parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function newTaskIds(args: {
  agentId: string;
  principal: Principal;
  messageId: string;
  contextId?: string;
}): { taskId: string; contextId: string } {
  const scope = [args.agentId, args.principal.tenant, args.principal.subject, args.contextId ?? '', args.messageId];
  const taskId = digestUuid(['task', ...scope]);
  return { taskId, contextId: args.contextId ?? digestUuid(['context', ...scope]) };
}

export const newConfigId = (): string => randomUUID();
