// The `document-verifier` agent: verifies a document (file part inline, stored or by URL) with the
// document tools, scores the risk and, when the policy says so, waits durably for a person's
// decision. Served by `documentVerifierWorkflow`; settings are overridable per deployment (agents
// config), e.g. `approverRoles`, `riskThreshold`, `approvalReminderAfter`, `escalationAction`.
import { defaultVerifierSettings } from '../document-verification/verifier-settings';
import type { AgentDefinition } from './agent-definition';

export const documentVerifierAgent: AgentDefinition = {
  id: 'document-verifier',
  name: 'Document verifier',
  description:
    'Verifies a document (PDF, text or JSON: invoice, identity document, contract, bank statement): fingerprint, text ' +
    'extraction, classification, required fields, personal data, consistency, a summary and a risk score. Above the ' +
    'risk threshold a person with the approver role decides (approve, reject or request-changes), with a reminder and ' +
    'an escalation when nobody does. Returns a JSON result, a report and the redacted document.',
  version: '1.0.0',
  workflowType: 'documentVerifierWorkflow',
  skills: [
    {
      id: 'verify-document',
      name: 'Verify a document',
      description:
        'Send the document as a file part (inline bytes or a URL) and any instructions as text. The task may go to ' +
        'input-required for an approval: answer with a data part {"decision": "approve" | "reject" | "request-changes", ' +
        '"reason": "…"} or text such as "approve: checked with the supplier".',
      tags: ['documents', 'verification', 'approval', 'compliance'],
      examples: ['Verify this invoice before payment.', 'Check this bank statement for inconsistencies.'],
      inputModes: ['application/pdf', 'text/plain', 'application/json'],
      outputModes: ['application/json', 'text/markdown', 'text/plain'],
    },
  ],
  defaultInputModes: ['application/pdf', 'text/plain', 'application/json'],
  defaultOutputModes: ['application/json', 'text/markdown', 'text/plain'],
  capabilities: { streaming: true, pushNotifications: true },
  settings: defaultVerifierSettings(),
};
