// The human-readable report (markdown) of a verification, rendered from the result record by a fixed
// template, so the same record always reads the same, with or without a model. Masked values only.
import { countBySeverity } from './findings';
import type { VerificationRecord } from './verification-record';

const MAX_TABLE_ROWS = 100;

/** Table cells must not break the table (pipes, newlines) and stay short. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 200);

const OUTCOME_TITLES: Record<VerificationRecord['outcome'], string> = {
  verified: 'Verified (no approval needed)',
  approved: 'Approved',
  rejected: 'Rejected',
  'changes-requested': 'Changes requested',
};

function decisionLine(record: VerificationRecord): string {
  const d = record.approval.decision;
  if (!d) return '';
  const who = 'system' in d.decidedBy ? 'the approval policy (automatic)' : `${d.decidedBy.subject} (${d.decidedBy.roles.join(', ') || 'no roles'})`;
  return ` — ${who}, ${d.decidedAt}${d.reason ? `: “${d.reason}”` : ''}`;
}

export function renderReport(record: VerificationRecord): string {
  const { document, risk, findings, approval } = record;
  const counts = countBySeverity(findings);
  const out: string[] = [
    `# Verification report: ${document.name}`,
    '',
    `- **Outcome:** ${OUTCOME_TITLES[record.outcome]}${decisionLine(record)}`,
    `- **Risk:** ${risk.score} (threshold ${risk.threshold})${risk.reasons.length > 0 ? ` — ${risk.reasons.join('; ')}` : ''}`,
    `- **Document:** ${document.documentType} (confidence ${document.classificationConfidence}), ${document.pageCount} page(s), ` +
      `${document.mediaType}, ${document.size} bytes, SHA-256 \`${document.sha256}\``,
    `- **Findings:** ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`,
    '',
    '## Summary',
    '',
    record.summary.text,
    '',
    `_${record.summary.source === 'model' ? `Written by the model ${record.summary.model ?? ''}`.trim() : 'Produced by deterministic rules'}` +
      `${record.summary.note ? ` (${record.summary.note})` : ''}._`,
    '',
    '## Findings',
    '',
  ];
  if (findings.length === 0) out.push('None.');
  else {
    out.push('| Severity | Code | Finding | Where |', '| --- | --- | --- | --- |');
    for (const f of findings.slice(0, MAX_TABLE_ROWS)) {
      const where = f.evidence ? `page ${f.evidence.page}, line ${f.evidence.line}` : f.source;
      out.push(`| ${f.severity} | ${cell(f.code)} | ${cell(f.message)} | ${cell(where)} |`);
    }
    if (findings.length > MAX_TABLE_ROWS) out.push('', `… and ${findings.length - MAX_TABLE_ROWS} more in the JSON result.`);
  }
  out.push('', '## Required fields', '');
  if (!record.requiredFields) out.push('Not checked: the document type could not be determined with enough confidence.');
  else {
    const rf = record.requiredFields;
    out.push(`- Present: ${rf.present.map((p) => p.label).join(', ') || 'none'}`);
    out.push(`- Missing: ${rf.missing.map((m) => m.label).join(', ') || 'none'}`);
    if (rf.invalid.length > 0) out.push(`- Unusable: ${rf.invalid.map((i) => `${i.label} (${i.reason})`).join(', ')}`);
  }
  out.push('', '## Personal data', '');
  const pii = Object.entries(record.pii.counts).filter(([, n]) => n > 0);
  out.push(pii.length === 0 ? 'None found.' : pii.map(([type, n]) => `- ${type}: ${n}`).join('\n'));
  if (document.redactedDocumentId) out.push('', 'A redacted copy is attached as the `redacted-document` artifact.');
  out.push('', '## Approval', '');
  if (!approval.required) out.push('Not required by the policy.');
  else {
    out.push(`- Required because: ${approval.reasons.join('; ')}`);
    out.push(`- Requested at ${approval.requestedAt ?? '—'} from ${approval.approverRoles?.join(', ') || 'the task owner'}`);
    for (const at of approval.reminders) out.push(`- Reminder sent at ${at}`);
    for (const e of approval.escalations) out.push(`- Escalated at ${e.at}: ${e.action}${e.roles ? ` to ${e.roles.join(', ')}` : ''}`);
    for (const r of approval.refusals) out.push(`- Refused ${r.attempted ? `“${r.attempted}”` : 'an answer'} from ${r.by.subject} at ${r.at}: ${r.reason}`);
    if (approval.decision) out.push(`- Decision: ${approval.decision.decision}${decisionLine(record)}`);
  }
  if (record.instructions) out.push('', '## Requester’s instructions', '', ...record.instructions.split('\n').map((l) => `> ${l}`));
  return `${out.join('\n')}\n`;
}
