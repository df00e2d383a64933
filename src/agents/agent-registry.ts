// The agents this process serves: code-defined agents merged with the config file, validated once at
// construction (a bad combination is a start-up error), then read-only.
import { agentDefinitionSchema, type AgentDefinition } from './agent-definition';
import { AgentConfigError, formatIssues, type AgentConfigEntry, type AgentsConfig } from './agents-config';
import { settingsProblems } from './agent-settings';
import { builtInAgents } from './built-in';

export interface AgentSearch {
  /** Every tag must be on at least one skill (case-insensitive). */
  tags?: readonly string[];
  /** Free text: every word must occur in the name, description or a skill's name, description, tags or examples. */
  q?: string;
}

export interface AgentRegistry {
  readonly defaultAgentId: string;
  list(): readonly AgentDefinition[];
  get(id: string): AgentDefinition | undefined;
  search(filter: AgentSearch): AgentDefinition[];
}

export interface AgentRegistryOptions {
  /** Code-defined agents; defaults to the built-in ones. */
  agents?: readonly AgentDefinition[];
  config?: AgentsConfig;
  /** Workflow types config-file agents may use besides those of the code-defined agents. */
  knownWorkflowTypes?: readonly string[];
  /** Names the config in error messages. */
  source?: string;
}

export function createAgentRegistry(options: AgentRegistryOptions = {}): AgentRegistry {
  const source = options.source ?? 'agents config';
  const codeAgents = (options.agents ?? builtInAgents).map((a) => validate(a, `code-defined agent ${a.id}`));
  const workflowTypes = new Set([...codeAgents.map((a) => a.workflowType), ...(options.knownWorkflowTypes ?? [])]);
  const byId = new Map(codeAgents.map((a) => [a.id, a]));
  const entries = Object.entries(options.config?.agents ?? {});

  for (const [id, entry] of entries) {
    const where = `${source}: agents.${id}`;
    if (entry.enabled === false) {
      byId.delete(id);
      continue;
    }
    const merged = merge(id, entry, byId.get(id), codeAgents, where);
    if (!workflowTypes.has(merged.workflowType)) {
      throw new AgentConfigError(
        `${where}.workflowType: unknown workflow type "${merged.workflowType}" (known: ${[...workflowTypes].join(', ')})`,
      );
    }
    byId.set(id, validate(merged, where));
  }

  const agents = [...byId.values()];
  const defaultAgentId = options.config?.defaultAgent ?? agents[0]?.id;
  if (defaultAgentId === undefined) throw new AgentConfigError(`${source}: no agent is enabled`);
  if (!byId.has(defaultAgentId)) {
    throw new AgentConfigError(`${source}: defaultAgent "${defaultAgentId}" is not an enabled agent (enabled: ${agents.map((a) => a.id).join(', ')})`);
  }

  return {
    defaultAgentId,
    list: () => agents,
    get: (id) => byId.get(id),
    search: (filter) => agents.filter((agent) => matches(agent, filter)),
  };
}

function merge(
  id: string,
  entry: AgentConfigEntry,
  existing: AgentDefinition | undefined,
  codeAgents: readonly AgentDefinition[],
  where: string,
): AgentDefinition {
  const { enabled: _enabled, extends: parentId, capabilities, settings, ...fields } = entry;
  let base: Partial<AgentDefinition> = existing ?? {};
  if (parentId !== undefined) {
    if (existing) throw new AgentConfigError(`${where}.extends: only a new agent can extend another; "${id}" already exists`);
    const parent = codeAgents.find((a) => a.id === parentId);
    if (!parent) throw new AgentConfigError(`${where}.extends: no code-defined agent "${parentId}"`);
    base = parent;
  } else if (!existing) {
    base = {
      version: '1.0.0',
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      capabilities: { streaming: true, pushNotifications: true },
    };
  }
  return {
    ...base,
    ...fields,
    id,
    capabilities: { ...(base.capabilities ?? { streaming: true, pushNotifications: true }), ...capabilities },
    ...(base.settings || settings ? { settings: { ...base.settings, ...settings } } : {}),
  } as AgentDefinition;
}

function validate(agent: unknown, where: string): AgentDefinition {
  const parsed = agentDefinitionSchema.safeParse(agent);
  if (!parsed.success) throw new AgentConfigError(`${where}: ${formatIssues(parsed.error.issues)}`);
  // Settings as the agent's workflow type reads them: a typo fails here, not in every task.
  const problems = settingsProblems(parsed.data.workflowType, parsed.data.settings ?? {});
  if (problems) throw new AgentConfigError(`${where}: ${problems}`);
  return parsed.data;
}

function matches(agent: AgentDefinition, filter: AgentSearch): boolean {
  const tags = new Set(agent.skills.flatMap((s) => s.tags.map((t) => t.toLowerCase())));
  if (filter.tags?.some((t) => !tags.has(t.toLowerCase()))) return false;
  const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    agent.id,
    agent.name,
    agent.description,
    ...agent.skills.flatMap((s) => [s.name, s.description, ...s.tags, ...(s.examples ?? [])]),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}
