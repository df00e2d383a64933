// The `echo` agent: answers with the text it got. Served by `echoAgentWorkflow`.
import type { AgentDefinition } from './agent-definition';

export const echoAgent: AgentDefinition = {
  id: 'echo',
  name: 'Echo',
  description: 'Answers with the text it receives, as a text artifact and as the message that completes the task.',
  version: '1.0.0',
  workflowType: 'echoAgentWorkflow',
  skills: [
    {
      id: 'echo',
      name: 'Echo text',
      description: 'Repeats the text of the incoming message.',
      tags: ['echo', 'text', 'testing'],
      examples: ['Hello, echo!'],
    },
  ],
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  capabilities: { streaming: true, pushNotifications: true },
};
