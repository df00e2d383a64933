// The agent registry: code-defined agents merged with the config file, and the start-up errors a bad
// config produces (each naming the file or field at fault).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { AgentConfigError, loadAgentsConfigFile, parseAgentsConfig } from '../../src/agents/agents-config';

const dir = mkdtempSync(join(tmpdir(), 'agents-config-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('agent registry', () => {
  it('serves the built-in agents, echo by default, each with its workflow type', () => {
    const registry = createAgentRegistry();
    expect(registry.list().map((a) => [a.id, a.workflowType])).toEqual([
      ['echo', 'echoAgentWorkflow'],
      ['conformance', 'conformanceAgentWorkflow'],
      ['document-verifier', 'documentVerifierWorkflow'],
      ['document-analyst', 'agentLoopWorkflow'],
    ]);
    expect(registry.defaultAgentId).toBe('echo');
  });

  it('applies a config file: disable, override (settings merged), add by extending, choose the default', () => {
    const config = loadAgentsConfigFile(
      file(
        'ok.json',
        JSON.stringify({
          defaultAgent: 'translator',
          agents: {
            echo: { enabled: false },
            conformance: { description: 'Tuned for the TCK', settings: { pushRetry: { maximumAttempts: 2 } } },
            translator: {
              workflowType: 'echoAgentWorkflow',
              name: 'Translator',
              description: 'Pretends to translate.',
              skills: [{ id: 'tr', name: 'Translate', description: 'Translates.', tags: ['language'] }],
            },
          },
        }),
      ),
    );
    const registry = createAgentRegistry({ config });
    expect(registry.list().map((a) => a.id)).toEqual(['conformance', 'document-verifier', 'document-analyst', 'translator']);
    expect(registry.get('conformance')).toMatchObject({ description: 'Tuned for the TCK', settings: { resubscribeHoldMs: 4000, pushRetry: { maximumAttempts: 2 } } });
    expect(registry.get('translator')).toMatchObject({ version: '1.0.0', defaultInputModes: ['text/plain'], capabilities: { streaming: true } });
    expect(registry.defaultAgentId).toBe('translator');
  });

  it.each([
    ['a missing file', () => loadAgentsConfigFile(join(dir, 'absent.json')), /Agents config file not found: .*absent\.json/],
    ['invalid JSON', () => loadAgentsConfigFile(file('bad.json', '{ nope')), /bad\.json is not valid JSON/],
    ['an unknown key (typo)', () => loadAgentsConfigFile(file('typo.json', '{"agent": {}}')), /typo\.json: \(root\): Unrecognized key: "agent"/],
    ['a bad agent id', () => parseAgentsConfig({ agents: { 'Bad Id': {} } }), /agents\.Bad Id: must be 1-63 lowercase/],
    [
      'an unknown workflow type',
      () => createAgentRegistry({ config: { agents: { x: { workflowType: 'nopeWorkflow', name: 'X', description: 'X', skills: [] } } } }),
      /agents\.x\.workflowType: unknown workflow type "nopeWorkflow" \(known: echoAgentWorkflow, conformanceAgentWorkflow, documentVerifierWorkflow, agentLoopWorkflow\)/,
    ],
    [
      'a new agent without its card fields',
      () => createAgentRegistry({ config: { agents: { x: { workflowType: 'echoAgentWorkflow' } } } }),
      /agents\.x: name: .*description: .*skills/,
    ],
    ['extending an unknown agent', () => createAgentRegistry({ config: { agents: { x: { extends: 'ghost' } } } }), /agents\.x\.extends: no code-defined agent "ghost"/],
    ['a disabled default agent', () => createAgentRegistry({ config: { defaultAgent: 'echo', agents: { echo: { enabled: false } } } }), /defaultAgent "echo" is not an enabled agent/],
  ])('refuses %s with a clear message', (_what, load, message) => {
    expect(load).toThrow(AgentConfigError);
    expect(load).toThrow(message);
  });
});
