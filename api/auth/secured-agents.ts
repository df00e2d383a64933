// With authentication on, every agent is served as its definition plus what the server enforces:
// the card's security schemes and requirements (bearer JWT needing the agent's scope, or an API
// key), and the extended card, which authenticated callers may always fetch (the definition's
// `extendedCard` when it has one, the public card otherwise).
import type { AgentDefinition } from '../../src/agents/agent-definition';
import type { AgentRegistry } from '../../src/agents/agent-registry';
import type { Authenticator } from '../../src/auth/authenticator';
import { agentScope, ALL_AGENTS_SCOPE } from '../../src/auth/scopes';
import type { AgentCardSecurity, CardAgent } from '../protocol/v1/card';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

export function cardSecurity(authenticator: Authenticator, agentId: string): AgentCardSecurity {
  const schemes: AgentCardSecurity['schemes'] = {};
  const requirements: AgentCardSecurity['requirements'] = [];
  if (authenticator.bearer) {
    schemes[BEARER_SCHEME] = {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: `A JWT with scope ${agentScope(agentId)} (or ${ALL_AGENTS_SCOPE}) and a tenant claim`,
    };
    requirements.push({ [BEARER_SCHEME]: [agentScope(agentId)] });
  }
  if (authenticator.apiKeys) {
    schemes[API_KEY_SCHEME] = {
      type: 'apiKey',
      in: 'header',
      name: authenticator.apiKeyHeader,
      description: 'A service-account API key registered with this server',
    };
    requirements.push({ [API_KEY_SCHEME]: [] });
  }
  return { schemes, requirements };
}

export function securedAgents(registry: AgentRegistry, authenticator: Authenticator): AgentRegistry {
  const cache = new WeakMap<AgentDefinition, CardAgent>();
  const secure = (agent: AgentDefinition): CardAgent => {
    let secured = cache.get(agent);
    if (!secured) {
      secured = {
        ...agent,
        capabilities: { ...agent.capabilities, extendedAgentCard: true },
        extendedCard: agent.extendedCard ?? {},
        security: cardSecurity(authenticator, agent.id),
      };
      cache.set(agent, secured);
    }
    return secured;
  };
  return {
    defaultAgentId: registry.defaultAgentId,
    list: () => registry.list().map(secure),
    get: (id) => {
      const agent = registry.get(id);
      return agent && secure(agent);
    },
    search: (filter) => registry.search(filter).map(secure),
  };
}
