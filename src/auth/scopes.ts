// The scope scheme: `a2a:agents:<agentId>` lets a principal use every operation of that agent,
// `a2a:agents:*` every agent. Roles (e.g. `approver`) are separate: they decide what a principal may
// answer inside a task, which the agent's workflow checks, not which agents it may call.
export const AGENT_SCOPE_PREFIX = 'a2a:agents:';
export const ALL_AGENTS_SCOPE = `${AGENT_SCOPE_PREFIX}*`;

export const agentScope = (agentId: string): string => `${AGENT_SCOPE_PREFIX}${agentId}`;

export function mayUseAgent(scopes: readonly string[], agentId: string): boolean {
  return scopes.includes(ALL_AGENTS_SCOPE) || scopes.includes(agentScope(agentId));
}
