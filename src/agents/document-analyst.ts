// The `document-analyst` agent: answers questions about a document with an agent loop in which the
// model chooses the document tools to call (no redaction in its allowlist), bounded by a step limit
// and a token budget. Served by `agentLoopWorkflow`.
import { defaultAnalystSettings } from '../document-verification/analyst-settings';
import type { AgentDefinition } from './agent-definition';

export const documentAnalystAgent: AgentDefinition = {
  id: 'document-analyst',
  name: 'Document analyst',
  description:
    'Answers questions about a document: the model decides which document tools to call (text, fields, personal ' +
    'data, consistency, classification) and answers from their results. Without a model it runs its deterministic ' +
    'steps (fingerprint, extraction, classification) and says so.',
  version: '1.0.0',
  workflowType: 'agentLoopWorkflow',
  skills: [
    {
      id: 'analyse-document',
      name: 'Answer questions about a document',
      description: 'Send the document as a file part and the question as text.',
      tags: ['documents', 'analysis', 'agent-loop', 'tools'],
      examples: ['What is the total of this invoice, and do the line items add up?'],
      inputModes: ['application/pdf', 'text/plain', 'application/json'],
      outputModes: ['text/plain'],
    },
  ],
  defaultInputModes: ['application/pdf', 'text/plain', 'application/json'],
  defaultOutputModes: ['text/plain'],
  capabilities: { streaming: true, pushNotifications: true },
  settings: defaultAnalystSettings(),
};
