// Risk score and the approval decision under the risk policy: the same rule as the tool server's
// `assessRisk` (a test keeps them in step), restated here because that module brings zod, and
// workflow code stays dependency-free. Pure.

export type Severity = 'info' | 'warning' | 'error';

export interface RiskPolicy {
  /** A score at or above this needs a person. */
  riskThreshold: number;
  severityWeights: Record<Severity, number>;
  /** Per finding code, overriding the severity weight. */
  codeWeights: Record<string, number>;
  /** Finding codes that need a person whatever the score. */
  forceApprovalOn: string[];
  /** Document types that always need a person. */
  alwaysRequireApprovalFor: string[];
}

export interface RiskAssessment {
  /** In [0, 1]: 1 − Π(1 − weight) over findings, so each finding adds risk and none alone exceeds 1. */
  score: number;
  threshold: number;
  requiresApproval: boolean;
  reasons: string[];
}

export function assessDocumentRisk(
  input: { findings: ReadonlyArray<{ code: string; severity: Severity }>; documentType?: string },
  policy: RiskPolicy,
): RiskAssessment {
  let safe = 1;
  for (const f of input.findings) safe *= 1 - weightOf(f, policy);
  const score = Math.round((1 - safe) * 1000) / 1000;
  const reasons: string[] = [];
  if (score >= policy.riskThreshold) reasons.push(`risk ${score} ≥ threshold ${policy.riskThreshold}`);
  const forced = [...new Set(input.findings.map((f) => f.code).filter((c) => policy.forceApprovalOn.includes(c)))];
  if (forced.length > 0) reasons.push(`findings that always need approval: ${forced.join(', ')}`);
  if (input.documentType && policy.alwaysRequireApprovalFor.includes(input.documentType)) {
    reasons.push(`${input.documentType} documents always need approval`);
  }
  return { score, threshold: policy.riskThreshold, requiresApproval: reasons.length > 0, reasons };
}

function weightOf(finding: { code: string; severity: Severity }, policy: RiskPolicy): number {
  // Own properties only: a code such as "constructor" must not pick up an Object.prototype member.
  if (Object.prototype.hasOwnProperty.call(policy.codeWeights, finding.code)) return policy.codeWeights[finding.code];
  return policy.severityWeights[finding.severity] ?? 0;
}
