// The verification policy: required fields per type, thresholds, and when a person must approve.
// Published as an MCP resource so agents and reviewers read the same rules the tools apply.
// assessRisk turns findings into a score and an approval decision under the policy.
import { z } from 'zod';
import { DEFAULT_REQUIRED_FIELDS, documentTypeSchema, fieldKeySchema } from './document-types';
import { AGENT_FINDING_CODES } from './finding-codes';

export const approvalDecisions = ['approve', 'reject', 'request-changes'] as const;

export const verificationPolicySchema = z.object({
  version: z.string(),
  requiredFields: z.record(documentTypeSchema, z.array(fieldKeySchema)),
  classification: z.object({ minConfidence: z.number().min(0).max(1) }),
  amounts: z.object({ tolerance: z.number().nonnegative() }),
  risk: z.object({
    severityWeights: z.object({ info: z.number().min(0).max(1), warning: z.number().min(0).max(1), error: z.number().min(0).max(1) }),
    /** Per finding code, overriding the severity weight. */
    codeWeights: z.record(z.string(), z.number().min(0).max(1)),
  }),
  approval: z.object({
    /** A risk score at or above this sends the task to a person. */
    riskThreshold: z.number().min(0).max(1),
    /** Finding codes that require approval whatever the score. */
    forceApprovalOn: z.array(z.string()),
    /** Document types that always need a person. */
    alwaysRequireApprovalFor: z.array(documentTypeSchema),
    allowedDecisions: z.array(z.enum(approvalDecisions)).min(1),
  }),
});
export type VerificationPolicy = z.infer<typeof verificationPolicySchema>;

export { AGENT_FINDING_CODES };

export function defaultVerificationPolicy(): VerificationPolicy {
  return {
    version: '2025-01',
    requiredFields: {
      invoice: [...DEFAULT_REQUIRED_FIELDS.invoice],
      'identity-document': [...DEFAULT_REQUIRED_FIELDS['identity-document']],
      contract: [...DEFAULT_REQUIRED_FIELDS.contract],
      'bank-statement': [...DEFAULT_REQUIRED_FIELDS['bank-statement']],
    },
    classification: { minConfidence: 0.6 },
    amounts: { tolerance: 0.01 },
    risk: {
      severityWeights: { info: 0, warning: 0.1, error: 0.3 },
      codeWeights: { 'media-type-mismatch': 0.5, 'iban-checksum-failed': 0.5, 'document-expired': 0.6, 'required-field-missing': 0.15 },
    },
    approval: {
      riskThreshold: 0.5,
      forceApprovalOn: ['iban-checksum-failed', 'document-expired', 'media-type-mismatch', 'total-mismatch', 'balance-mismatch'],
      alwaysRequireApprovalFor: [],
      allowedDecisions: [...approvalDecisions],
    },
  };
}

export interface RiskAssessment {
  /** In [0, 1]: 1 − Π(1 − weight) over findings, so each finding adds risk and none alone exceeds 1. */
  score: number;
  requiresApproval: boolean;
  reasons: string[];
}

export function assessRisk(
  input: { findings: ReadonlyArray<{ code: string; severity: 'info' | 'warning' | 'error' }>; documentType?: string },
  policy: VerificationPolicy,
): RiskAssessment {
  let safe = 1;
  for (const f of input.findings) safe *= 1 - (policy.risk.codeWeights[f.code] ?? policy.risk.severityWeights[f.severity]);
  const score = Math.round((1 - safe) * 1000) / 1000;
  const reasons: string[] = [];
  if (score >= policy.approval.riskThreshold) reasons.push(`risk ${score} ≥ threshold ${policy.approval.riskThreshold}`);
  const forced = [...new Set(input.findings.map((f) => f.code).filter((c) => policy.approval.forceApprovalOn.includes(c)))];
  if (forced.length > 0) reasons.push(`findings that always need approval: ${forced.join(', ')}`);
  const type = documentTypeSchema.safeParse(input.documentType);
  if (type.success && policy.approval.alwaysRequireApprovalFor.includes(type.data)) reasons.push(`${type.data} documents always need approval`);
  return { score, requiresApproval: reasons.length > 0, reasons };
}
