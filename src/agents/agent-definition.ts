// What an agent is, as metadata: identity, card fields, skills and the Temporal workflow type that
// serves it. zod is the single source of validation for code-defined agents and the config file alike.
import { z } from 'zod';
import type { JsonObject } from '../a2a-model/types';

/** Agent ids appear in URLs (`/agents/{agentId}/…`), so they stay URL-safe and lowercase. */
export const agentIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit');

const nonEmpty = z.string().min(1, 'must not be empty');
const mediaTypes = z.array(nonEmpty).min(1, 'must list at least one media type');

export const agentSkillSchema = z
  .object({
    id: nonEmpty,
    name: nonEmpty,
    description: nonEmpty,
    /** Required and non-empty in the v1.0 card (`AgentSkill.tags`); also what `GET /agents?tag=` filters on. */
    tags: z.array(nonEmpty).min(1, 'must list at least one tag'),
    examples: z.array(z.string()).optional(),
    inputModes: mediaTypes.optional(),
    outputModes: mediaTypes.optional(),
  })
  .strict();

export const agentCapabilitiesSchema = z
  .object({
    streaming: z.boolean(),
    pushNotifications: z.boolean(),
    /** Declared support for GetExtendedAgentCard; `extendedCard` holds what it adds. */
    extendedAgentCard: z.boolean().optional(),
  })
  .strict();

export const agentProviderSchema = z.object({ organization: nonEmpty, url: z.url() }).strict();

/** What the extended card adds to (or replaces in) the public card for authenticated callers. */
export const extendedCardSchema = z
  .object({
    description: nonEmpty.optional(),
    skills: z.array(agentSkillSchema).optional(),
  })
  .strict();

const jsonObjectSchema = z.record(z.string(), z.json()) as unknown as z.ZodType<JsonObject>;

export const agentDefinitionSchema = z
  .object({
    id: agentIdSchema,
    name: nonEmpty,
    description: nonEmpty,
    version: nonEmpty,
    /** The Temporal workflow type started for each task of this agent (by name; the API never imports workflows). */
    workflowType: nonEmpty,
    skills: z.array(agentSkillSchema).min(1, 'must list at least one skill'),
    defaultInputModes: mediaTypes,
    defaultOutputModes: mediaTypes,
    capabilities: agentCapabilitiesSchema,
    provider: agentProviderSchema.optional(),
    documentationUrl: z.url().optional(),
    iconUrl: z.url().optional(),
    extendedCard: extendedCardSchema.optional(),
    /** Passed to the workflow as `TaskWorkflowInput.settings` (delays, thresholds, tool allowlists …). */
    settings: jsonObjectSchema.optional(),
  })
  .strict();

export type AgentSkill = z.infer<typeof agentSkillSchema>;
export type AgentCapabilities = z.infer<typeof agentCapabilitiesSchema>;
export type AgentDefinition = z.infer<typeof agentDefinitionSchema>;
