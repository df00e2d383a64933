// The summary of a verification: the model's request (facts only, masked personal data, the policy's
// decisions) when a model is configured, and the deterministic sentence used when none is. Pure.
import type { ChatMessage } from '../agent-runtime/contracts';
import type { DocumentFacts } from './approval-request';
import { countBySeverity, type VerificationFinding } from './findings';
import type { RiskAssessment } from './risk';

export interface SummaryFacts {
  document: DocumentFacts;
  findings: readonly VerificationFinding[];
  risk: RiskAssessment;
  piiCounts: Record<string, number>;
  missingFields: string[];
  instructions: string;
}

/** Findings sent to the model; the rest are counted, so a pathological document cannot blow the context. */
const MAX_PROMPT_FINDINGS = 40;

export function summaryMessages(facts: SummaryFacts): ChatMessage[] {
  const payload = {
    document: facts.document,
    risk: facts.risk,
    findings: facts.findings.slice(0, MAX_PROMPT_FINDINGS).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    moreFindings: Math.max(0, facts.findings.length - MAX_PROMPT_FINDINGS),
    personalDataCounts: facts.piiCounts,
    missingRequiredFields: facts.missingFields,
  };
  return [
    {
      role: 'system',
      content:
        'You summarise document verifications for a compliance reviewer. Write at most 150 words: the outcome, the ' +
        'findings that matter, and a recommended decision (approve, reject or request-changes; a person decides when ' +
        'the risk reaches the threshold). Use only the facts given; do not invent amounts, dates or findings, and never ' +
        'reveal personal data.',
    },
    {
      role: 'user',
      content:
        (facts.instructions ? `Requester's instructions: ${facts.instructions.slice(0, 2_000)}\n\n` : '') +
        `Verification facts (JSON):\n${JSON.stringify(payload)}`,
    },
  ];
}

/** `reason`: why no model wrote it, e.g. "No model is configured". */
export function deterministicSummary(facts: SummaryFacts, reason = 'No model is configured'): string {
  const counts = countBySeverity(facts.findings);
  const { document, risk } = facts;
  const verdict = risk.requiresApproval ? `A person must decide (${risk.reasons.join('; ')}).` : 'No approval is needed under the policy.';
  const worst = facts.findings.filter((f) => f.severity === 'error').slice(0, 3).map((f) => f.message);
  return [
    `The ${document.documentType === 'unknown' ? 'document' : document.documentType} "${document.name}" (${document.pageCount} page(s)) has ` +
      `${counts.error} error(s), ${counts.warning} warning(s) and ${counts.info} informational finding(s); risk ${risk.score} ` +
      `against a threshold of ${risk.threshold}. ${verdict}`,
    ...(worst.length > 0 ? [`Main problems: ${worst.join('; ')}.`] : []),
    `${reason}, so this summary was produced by deterministic rules.`,
  ].join(' ');
}
