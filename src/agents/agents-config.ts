// The agents config file: enable/disable agents, override card fields and settings of code-defined
// agents, add agents backed by an existing workflow type, choose the default agent. Read once at
// start-up by the entry point; a bad file stops start-up with a message naming the file and field.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  agentCapabilitiesSchema,
  agentIdSchema,
  agentProviderSchema,
  agentSkillSchema,
  extendedCardSchema,
} from './agent-definition';

const nonEmpty = z.string().min(1, 'must not be empty');

export const agentConfigEntrySchema = z
  .object({
    /** `false` removes the agent (code-defined or not) from the registry. */
    enabled: z.boolean().optional(),
    /** For a new agent: copy every field (workflow type included) from this code-defined agent. */
    extends: agentIdSchema.optional(),
    workflowType: nonEmpty.optional(),
    name: nonEmpty.optional(),
    description: nonEmpty.optional(),
    version: nonEmpty.optional(),
    skills: z.array(agentSkillSchema).optional(),
    defaultInputModes: z.array(nonEmpty).optional(),
    defaultOutputModes: z.array(nonEmpty).optional(),
    /** Merged key by key over the base agent's capabilities. */
    capabilities: agentCapabilitiesSchema.partial().optional(),
    provider: agentProviderSchema.optional(),
    documentationUrl: z.url().optional(),
    iconUrl: z.url().optional(),
    extendedCard: extendedCardSchema.optional(),
    /** Merged key by key over the base agent's settings. */
    settings: z.record(z.string(), z.json()).optional(),
  })
  .strict();

// Strict on purpose: this file is ours, not the wire, so an unknown key is a typo worth stopping for.
export const agentsConfigSchema = z
  .object({
    defaultAgent: agentIdSchema.optional(),
    agents: z.record(agentIdSchema, agentConfigEntrySchema).optional(),
  })
  .strict();

export type AgentConfigEntry = z.infer<typeof agentConfigEntrySchema>;
export type AgentsConfig = z.infer<typeof agentsConfigSchema>;

export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      // A bad record key (agent id) reports only "Invalid key in record"; the reason is nested.
      const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
      return `${path || '(root)'}: ${inner ?? issue.message}`;
    })
    .join('; ');
}

/** Parses an already-loaded config value; `source` names it in errors. */
export function parseAgentsConfig(value: unknown, source = 'agents config'): AgentsConfig {
  const parsed = agentsConfigSchema.safeParse(value);
  if (!parsed.success) throw new AgentConfigError(`Invalid ${source}: ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function loadAgentsConfigFile(path: string): AgentsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AgentConfigError(
      code === 'ENOENT' ? `Agents config file not found: ${path}` : `Cannot read agents config file ${path}: ${(err as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AgentConfigError(`Agents config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseAgentsConfig(value, `agents config file ${path}`);
}
