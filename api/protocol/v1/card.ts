// The v1.0 Agent Card (§4.4.1, §8): built from an agent definition and the base URL it is served at.
// `supportedInterfaces` lists exactly what this server answers at that URL, preferred first.
import { z } from 'zod';
import type { AgentDefinition } from '../../../src/agents/agent-definition';
import { compact } from '../wire-common';
import { SUPPORTED_VERSIONS, type ProtocolBinding } from '../version';

export const agentInterfaceSchema = z.object({
  url: z.string().min(1),
  protocolBinding: z.string().min(1),
  tenant: z.string().optional(),
  protocolVersion: z.string().min(1),
});

const agentSkillV1Schema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  tags: z.array(z.string()).min(1),
  examples: z.array(z.string()).optional(),
  inputModes: z.array(z.string()).optional(),
  outputModes: z.array(z.string()).optional(),
});

/** v1.0 `SecurityScheme` (a2a.proto): a oneof, rendered as ProtoJSON with the case as the key. */
export const securitySchemeV1Schema = z.union([
  z.object({ httpAuthSecurityScheme: z.object({ scheme: z.string(), bearerFormat: z.string().optional(), description: z.string().optional() }) }),
  z.object({ apiKeySecurityScheme: z.object({ location: z.string(), name: z.string(), description: z.string().optional() }) }),
]);

/** v1.0 `SecurityRequirement`: scheme name → the scopes it needs (StringList). */
export const securityRequirementV1Schema = z.object({ schemes: z.record(z.string(), z.object({ list: z.array(z.string()) })) });

export const agentCardV1Schema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  supportedInterfaces: z.array(agentInterfaceSchema).min(1),
  provider: z.object({ url: z.string(), organization: z.string() }).optional(),
  version: z.string().min(1),
  documentationUrl: z.string().optional(),
  capabilities: z.object({
    streaming: z.boolean().optional(),
    pushNotifications: z.boolean().optional(),
    extensions: z.array(z.unknown()).optional(),
    extendedAgentCard: z.boolean().optional(),
  }),
  defaultInputModes: z.array(z.string()).min(1),
  defaultOutputModes: z.array(z.string()).min(1),
  skills: z.array(agentSkillV1Schema).min(1),
  securitySchemes: z.record(z.string(), securitySchemeV1Schema).optional(),
  securityRequirements: z.array(securityRequirementV1Schema).optional(),
  iconUrl: z.string().optional(),
});

export type AgentCardV1 = z.infer<typeof agentCardV1Schema>;
export type AgentInterfaceV1 = z.infer<typeof agentInterfaceSchema>;

/** Preference order: JSON-RPC 1.0 first (every official client has it), then HTTP+JSON, then legacy. */
const INTERFACE_ORDER: ReadonlyArray<[ProtocolBinding, '1.0' | '0.3']> = [
  ['JSONRPC', '1.0'],
  ['HTTP+JSON', '1.0'],
  ['JSONRPC', '0.3'],
  ['HTTP+JSON', '0.3'],
];

/** JSON-RPC and HTTP+JSON share the agent's base URL: JSON-RPC is POST to it, HTTP+JSON routes hang below it. */
export function supportedInterfaces(agentBaseUrl: string): AgentInterfaceV1[] {
  return INTERFACE_ORDER.filter(([binding, version]) => SUPPORTED_VERSIONS[binding].includes(version)).map(
    ([protocolBinding, protocolVersion]) => ({ url: agentBaseUrl, protocolBinding, protocolVersion }),
  );
}

/** A credential scheme the server enforces, OpenAPI-style; each card version renders it its own way. */
export type SecuritySchemeDeclaration =
  | { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description?: string }
  | { type: 'apiKey'; in: 'header'; name: string; description?: string };

/** What a card declares about authentication: the schemes, and the alternatives (OR) of schemes
 * (AND) with the scopes each needs. Attached to an agent by api/auth/secured-agents.ts. */
export interface AgentCardSecurity {
  schemes: Record<string, SecuritySchemeDeclaration>;
  requirements: Array<Record<string, string[]>>;
}

/** An agent as cards are built from it: its definition plus, when auth is on, what it enforces. */
export type CardAgent = AgentDefinition & { security?: AgentCardSecurity };

function securityV1(security: AgentCardSecurity | undefined): Pick<AgentCardV1, 'securitySchemes' | 'securityRequirements'> {
  if (!security) return {};
  const schemes = Object.fromEntries(
    Object.entries(security.schemes).map(([name, s]) => [
      name,
      s.type === 'http'
        ? { httpAuthSecurityScheme: compact({ scheme: 'Bearer', bearerFormat: s.bearerFormat, description: s.description }) }
        : { apiKeySecurityScheme: compact({ location: s.in, name: s.name, description: s.description }) },
    ]),
  );
  const securityRequirements = security.requirements.map((req) => ({
    schemes: Object.fromEntries(Object.entries(req).map(([name, scopes]) => [name, { list: [...scopes] }])),
  }));
  return { securitySchemes: schemes, securityRequirements };
}

export function agentCardToV1(agent: CardAgent, agentBaseUrl: string): AgentCardV1 {
  return compact({
    name: agent.name,
    description: agent.description,
    supportedInterfaces: supportedInterfaces(agentBaseUrl),
    provider: agent.provider,
    version: agent.version,
    documentationUrl: agent.documentationUrl,
    capabilities: {
      streaming: agent.capabilities.streaming,
      pushNotifications: agent.capabilities.pushNotifications,
      extendedAgentCard: agent.capabilities.extendedAgentCard ?? false,
    },
    defaultInputModes: agent.defaultInputModes,
    defaultOutputModes: agent.defaultOutputModes,
    skills: agent.skills.map((s) => compact({ ...s })),
    ...securityV1(agent.security),
    iconUrl: agent.iconUrl,
  });
}

/** The agent as authenticated callers see it: the extended card's fields over the public ones. */
export function withExtendedCard(agent: AgentDefinition): AgentDefinition {
  const extended = agent.extendedCard ?? {};
  return {
    ...agent,
    ...(extended.description ? { description: extended.description } : {}),
    ...(extended.skills ? { skills: extended.skills } : {}),
  };
}
