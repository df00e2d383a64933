// Agent settings are checked at start-up, when the registry is built from code and the config file:
// a misspelt key or a bad value stops start-up naming the agent and the field, instead of every task
// of that agent failing (or silently using a default) at run time.
import { echoAgent } from '../../src/agents/echo';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { AgentConfigError } from '../../src/agents/agents-config';
import { builtInAgents } from '../../src/agents/built-in';

const withConfig = (agents: Record<string, unknown>) => () => createAgentRegistry({ config: { agents } as never, source: 'agents.json' });

describe('agent settings at start-up', () => {
  it('refuse an unknown key in the config file, naming the agent and the key', () => {
    expect(withConfig({ 'document-verifier': { settings: { riskTreshold: 0.5 } } })).toThrow(AgentConfigError);
    expect(withConfig({ 'document-verifier': { settings: { riskTreshold: 0.5 } } })).toThrow(/agents\.document-verifier.*settings\.riskTreshold/);
  });

  it('refuse a bad value, naming the field', () => {
    expect(withConfig({ 'document-verifier': { settings: { riskThreshold: 'high' } } })).toThrow(/settings\.riskThreshold/);
    expect(withConfig({ 'analyst-small': { extends: 'document-analyst', settings: { maxSteps: 0 } } })).toThrow(/agents\.analyst-small.*settings\.maxSteps/);
  });

  it('refuse a misconfigured code-defined agent the same way', () => {
    const broken = { ...echoAgent, id: 'broken-analyst', workflowType: 'agentLoopWorkflow', settings: { maxStep: 3 } };
    expect(() => createAgentRegistry({ agents: [...builtInAgents, broken] })).toThrow(/code-defined agent broken-analyst.*settings\.maxStep/);
  });

  it('accept every built-in agent and valid overrides, including the push retry every agent reads', () => {
    expect(() => createAgentRegistry()).not.toThrow();
    expect(
      withConfig({
        'document-verifier': { settings: { riskThreshold: 0.4, approvalEscalateAfter: '48h', pushRetry: { maximumAttempts: 3 } } },
        'analyst-two-steps': { extends: 'document-analyst', settings: { maxSteps: 2 } },
      }),
    ).not.toThrow();
  });
});
