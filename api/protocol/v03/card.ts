// The v0.3-shaped Agent Card, served to v0.3 clients (no `A2A-Version` header, or `0.3`): a main `url`
// with `preferredTransport`, `additionalInterfaces`, and the card-level `protocolVersion`. It also
// embeds the v1.0 `supportedInterfaces` (unknown to v0.3 clients, ignored by them) so a v1.0 client
// that fetched without the header still finds the v1.0 interfaces — the same choice as @a2a-js/sdk.
import { z } from 'zod';
import { supportedInterfaces, type AgentCardSecurity, type AgentInterfaceV1, type CardAgent } from '../v1/card';
import { compact } from '../wire-common';

const agentSkillV03Schema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  tags: z.array(z.string()),
  examples: z.array(z.string()).optional(),
  inputModes: z.array(z.string()).optional(),
  outputModes: z.array(z.string()).optional(),
});

export const agentCardV03Schema = z.object({
  protocolVersion: z.string().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  url: z.string().min(1),
  preferredTransport: z.string().optional(),
  additionalInterfaces: z.array(z.object({ url: z.string(), transport: z.string() })).optional(),
  version: z.string().min(1),
  provider: z.object({ url: z.string(), organization: z.string() }).optional(),
  documentationUrl: z.string().optional(),
  iconUrl: z.string().optional(),
  capabilities: z.object({ streaming: z.boolean().optional(), pushNotifications: z.boolean().optional() }),
  supportsAuthenticatedExtendedCard: z.boolean().optional(),
  defaultInputModes: z.array(z.string()),
  defaultOutputModes: z.array(z.string()),
  skills: z.array(agentSkillV03Schema),
  /** OpenAPI 3.0 Security Scheme Objects by name, and the requirements (OR of ANDs) over them. */
  securitySchemes: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  supportedInterfaces: z.array(z.unknown()).optional(),
});

export type AgentCardV03 = z.infer<typeof agentCardV03Schema> & { supportedInterfaces?: AgentInterfaceV1[] };

/** v0.3's own default for `AgentCard.protocolVersion` (a2a.json). */
export const V03_CARD_PROTOCOL_VERSION = '0.3.0';

function securityV03(security: AgentCardSecurity | undefined): Pick<AgentCardV03, 'securitySchemes' | 'security'> {
  if (!security) return {};
  return {
    securitySchemes: Object.fromEntries(Object.entries(security.schemes).map(([name, scheme]) => [name, compact({ ...scheme })])),
    security: security.requirements.map((req) => Object.fromEntries(Object.entries(req).map(([name, scopes]) => [name, [...scopes]]))),
  };
}

export function agentCardToV03(agent: CardAgent, agentBaseUrl: string): AgentCardV03 {
  const v1Interfaces = supportedInterfaces(agentBaseUrl);
  const legacy = v1Interfaces.filter((i) => i.protocolVersion === '0.3');
  const [primary] = legacy;
  return compact({
    protocolVersion: V03_CARD_PROTOCOL_VERSION,
    name: agent.name,
    description: agent.description,
    url: primary.url,
    preferredTransport: primary.protocolBinding,
    // v0.3 §5.6.2: additionalInterfaces SHOULD include the main url's transport as well.
    additionalInterfaces: legacy.map((i) => ({ url: i.url, transport: i.protocolBinding })),
    version: agent.version,
    provider: agent.provider,
    documentationUrl: agent.documentationUrl,
    iconUrl: agent.iconUrl,
    capabilities: { streaming: agent.capabilities.streaming, pushNotifications: agent.capabilities.pushNotifications },
    supportsAuthenticatedExtendedCard: agent.capabilities.extendedAgentCard ?? false,
    defaultInputModes: agent.defaultInputModes,
    defaultOutputModes: agent.defaultOutputModes,
    skills: agent.skills.map((s) => compact({ ...s })),
    ...securityV03(agent.security),
    supportedInterfaces: v1Interfaces,
  });
}
