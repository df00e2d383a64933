// The `conformance` agent: behaves by the prefix of the incoming messageId (the community A2A
// conformance suite's convention), so every protocol path can be driven from a client.
// Served by `conformanceAgentWorkflow`.
import type { AgentDefinition } from './agent-definition';

export const conformanceAgent: AgentDefinition = {
  id: 'conformance',
  name: 'A2A conformance agent',
  description:
    'Drives every A2A protocol path for conformance suites: the prefix of the messageId picks the behaviour ' +
    '(tck-complete-task, tck-artifact-*, tck-message-response, tck-input-required, tck-reject-task, tck-stream-*).',
  version: '1.0.0',
  workflowType: 'conformanceAgentWorkflow',
  skills: [
    {
      id: 'tck-task-lifecycle',
      name: 'Task lifecycle',
      description: 'Completes, rejects, asks for input or answers with a direct message, as the messageId prefix says.',
      tags: ['conformance', 'tck', 'testing'],
      examples: ['messageId "tck-complete-task-001": completes with "Hello from TCK"'],
    },
    {
      id: 'tck-artifacts',
      name: 'Artifacts',
      description: 'Produces text, file, URL and data artifacts.',
      tags: ['conformance', 'tck', 'artifacts'],
      examples: ['messageId "tck-artifact-data-001": completes with a data artifact'],
    },
    {
      id: 'tck-streaming',
      name: 'Streaming',
      description: 'Streams status and artifact updates, including chunked artifacts and a long-running task to resubscribe to.',
      tags: ['conformance', 'tck', 'streaming'],
      examples: ['messageId "tck-stream-artifact-chunked-001": streams two chunks, then completes'],
    },
  ],
  defaultInputModes: ['text/plain', 'application/json'],
  defaultOutputModes: ['text/plain', 'application/json'],
  capabilities: { streaming: true, pushNotifications: true },
  settings: { resubscribeHoldMs: 4000 },
};
