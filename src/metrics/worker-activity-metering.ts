// How the worker labels its activity metrics: the agent of an activity from its workflow type (the
// one agent of that type, or the type itself when several agents share it) and the configured model.
import type { AgentRegistry } from '../agents/agent-registry';
import type { ModelConfig } from '../agent-runtime/model-config';
import type { MeterActivitiesOptions } from './meter-activities';
import type { PlatformMetrics } from './platform-metrics';

export function workerActivityMetering(metrics: Pick<PlatformMetrics, 'worker'>, options: { agents: AgentRegistry; model?: ModelConfig }): MeterActivitiesOptions {
  const byType = new Map<string, string[]>();
  for (const agent of options.agents.list()) byType.set(agent.workflowType, [...(byType.get(agent.workflowType) ?? []), agent.id]);
  const labels = new Map([...byType].map(([type, ids]) => [type, ids.length === 1 ? ids[0]! : type]));
  return {
    metrics: metrics.worker,
    agentOf: (workflowType) => labels.get(workflowType) ?? workflowType,
    ...(options.model?.model ? { defaultModel: options.model.model } : {}),
  };
}
