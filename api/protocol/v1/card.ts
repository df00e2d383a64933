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

export function agentCardToV1(agent: AgentDefinition, agentBaseUrl: string): AgentCardV1 {
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
