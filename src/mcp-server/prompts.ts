// The verification-report prompt: turns a verification's findings into instructions for writing a
// report for a given audience, with the approval policy attached so the recommendation follows it.
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { VerificationPolicy } from '../documents';

const AUDIENCE_GUIDANCE = {
  reviewer: 'a compliance reviewer who must decide: lead with the recommendation and the findings that drive it',
  requester: 'the person who submitted the document: plain language, what is wrong and how to fix it, no internal codes',
  auditor: 'an auditor: complete, every finding with its code, evidence and the policy rule it relates to',
} as const;

export function registerPrompts(server: McpServer, policy: VerificationPolicy): void {
  server.registerPrompt(
    'verification_report',
    {
      title: 'Verification report',
      description: 'Instructions for writing a document-verification report from the findings of the document tools.',
      argsSchema: {
        findings: z.string().min(2).describe('JSON: the tool results or findings of one verification (object or array).'),
        audience: z.enum(['reviewer', 'requester', 'auditor']).optional().describe('Who reads the report (default reviewer).'),
        documentName: z.string().max(200).optional().describe('How to refer to the document.'),
      },
    },
    ({ findings, audience, documentName }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(findings);
      } catch (error) {
        throw new McpError(ErrorCode.InvalidParams, `findings must be JSON: ${(error as Error).message}`);
      }
      const reader = audience ?? 'reviewer';
      const text = [
        `Write a verification report on ${documentName ? `the document "${documentName}"` : 'the document'} for ${AUDIENCE_GUIDANCE[reader]}.`,
        '',
        'Structure: 1) outcome and recommended decision, 2) findings grouped by severity (error, warning, info), ' +
          '3) missing or unusable required fields, 4) personal data found (masked values only), 5) next steps.',
        `Recommend one of: ${policy.approval.allowedDecisions.join(', ')}. A person must approve when the risk score is at ` +
          `or above ${policy.approval.riskThreshold} or any of these findings is present: ${policy.approval.forceApprovalOn.join(', ')}.`,
        'Use only the facts below; do not invent findings, amounts or dates, and never reveal unmasked personal data.',
        '',
        'Findings (JSON):',
        JSON.stringify(parsed, null, 2),
      ].join('\n');
      return {
        description: `Verification report for a ${reader}`,
        messages: [{ role: 'user', content: { type: 'text', text } }],
      };
    },
  );
}
