// Findings of one verification from the tools' results, in one list with a code, a severity and the
// tool that found it, so risk, the approval request and the report all read the same facts. Pure.
import { AGENT_FINDING_CODES } from '../documents/finding-codes';
import type { Severity } from './risk';
import type { ClassificationResult, ConsistencyResult, Evidence, FingerprintResult, PiiResult, RequiredFieldsResult } from './tool-results';

export type FindingSource = 'fingerprint' | 'classification' | 'required-fields' | 'pii' | 'consistency';

export interface VerificationFinding {
  code: string;
  severity: Severity;
  message: string;
  source: FindingSource;
  fields?: string[];
  evidence?: Evidence;
}

/** Codes the verifier adds to the consistency checker's own: the tool server policy's own list. */
export const VERIFIER_FINDING_CODES = AGENT_FINDING_CODES;

export interface ToolFindingsInput {
  fingerprint: FingerprintResult;
  classification: ClassificationResult;
  /** Absent when the type was too uncertain for the type-specific checks. */
  requiredFields?: RequiredFieldsResult;
  pii: PiiResult;
  consistency?: ConsistencyResult;
}

export function collectFindings(input: ToolFindingsInput): VerificationFinding[] {
  const findings: VerificationFinding[] = [];
  const { fingerprint, classification, requiredFields, pii, consistency } = input;
  if (fingerprint.mediaTypeMismatch) {
    findings.push({
      code: VERIFIER_FINDING_CODES.mediaTypeMismatch,
      severity: 'error',
      source: 'fingerprint',
      message: `declared as ${fingerprint.declaredMediaType ?? 'unknown'} but the bytes are ${fingerprint.detectedMediaType}`,
    });
  }
  if (!classification.meetsPolicyMinimum) {
    findings.push({
      code: VERIFIER_FINDING_CODES.classificationUncertain,
      severity: 'warning',
      source: 'classification',
      message:
        classification.documentType === 'unknown'
          ? 'the document type could not be determined; type-specific checks were skipped'
          : `classified as ${classification.documentType} with confidence ${classification.confidence}, below the policy minimum ` +
            `${classification.policyMinimumConfidence}; type-specific checks were skipped`,
    });
  }
  for (const missing of requiredFields?.missing ?? []) {
    findings.push({
      code: VERIFIER_FINDING_CODES.requiredFieldMissing,
      severity: 'warning',
      source: 'required-fields',
      message: `required field missing: ${missing.label}`,
      fields: [missing.field],
    });
  }
  for (const invalid of requiredFields?.invalid ?? []) {
    findings.push({
      code: VERIFIER_FINDING_CODES.requiredFieldInvalid,
      severity: 'warning',
      source: 'required-fields',
      message: `${invalid.label} is unusable: ${invalid.reason}`,
      fields: [invalid.field],
      evidence: invalid.evidence,
    });
  }
  const nationalIds = pii.counts['national-id'] ?? 0;
  if (nationalIds > 0) {
    findings.push({ code: VERIFIER_FINDING_CODES.nationalIdPresent, severity: 'info', source: 'pii', message: `${nationalIds} national id number(s) present` });
  }
  const cards = pii.matches.filter((m) => m.type === 'payment-card' && m.valid).length;
  if (cards > 0) {
    findings.push({ code: VERIFIER_FINDING_CODES.paymentCardPresent, severity: 'warning', source: 'pii', message: `${cards} payment card number(s) present` });
  }
  for (const f of consistency?.findings ?? []) {
    findings.push({
      code: f.code,
      severity: f.severity,
      source: 'consistency',
      message: f.message,
      ...(f.fields.length > 0 ? { fields: f.fields } : {}),
      ...(f.evidence ? { evidence: f.evidence } : {}),
    });
  }
  return findings;
}

export function countBySeverity(findings: readonly VerificationFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
