// Date checks: every date reads, lies in a plausible range, and related dates are in order (issue ≤
// due, period start ≤ end, birth ≤ issue ≤ expiry, not expired). "Now" is a parameter so the checks
// stay pure and tests deterministic.
import type { DocumentType, FieldKey } from '../document-types';
import type { ExtractedFields, FieldMatch } from '../fields/extract-fields';
import type { Transaction } from '../fields/tables';
import { daysBetween } from '../text/dates';
import type { FindingCollector } from './finding';

const EARLIEST = '1900-01-01';

export function checkDates(fields: ExtractedFields, type: DocumentType, today: string, transactions: readonly Transaction[], out: FindingCollector): void {
  const date = (key: FieldKey): string | undefined => fields[key]?.date;
  for (const match of Object.values(fields) as FieldMatch[]) {
    if (match.status === 'invalid' && /date/i.test(match.field)) {
      out.ran('dates-parse');
      out.add({ code: 'date-invalid', severity: 'error', message: `${match.field}: ${match.reason}`, fields: [match.field], evidence: match.evidence });
    }
    const iso = match.date ?? match.period?.start;
    if (!iso) continue;
    out.ran('dates-in-range');
    // Expiry dates legitimately lie years ahead; nothing else on a document should be decades away.
    const horizon = match.field === 'expiryDate' || match.field === 'terminationDate' ? 366 * 30 : 366 * 5;
    if (iso < EARLIEST || daysBetween(today, iso) > horizon) {
      out.add({ code: 'date-out-of-range', severity: 'warning', message: `${match.field} ${iso} is outside the plausible range`, fields: [match.field], evidence: match.evidence });
    }
  }
  const issue = date('issueDate');
  if (issue && daysBetween(today, issue) > 1) {
    out.add({ code: 'issue-date-in-future', severity: 'warning', message: `issue date ${issue} is after today (${today})`, fields: ['issueDate'], evidence: fields.issueDate?.evidence });
  }
  if (type === 'invoice') checkInvoiceDates(fields, out);
  if (type === 'identity-document') checkIdentityDates(fields, today, out);
  if (type === 'contract') order(fields, 'effectiveDate', 'terminationDate', 'termination-before-effective', out);
  if (type === 'bank-statement') checkPeriod(fields, today, transactions, out);
}

function checkInvoiceDates(fields: ExtractedFields, out: FindingCollector): void {
  order(fields, 'issueDate', 'dueDate', 'due-before-issue', out);
  const issue = fields.issueDate?.date;
  const due = fields.dueDate?.date;
  if (issue && due && daysBetween(issue, due) > 365) {
    out.add({ code: 'due-date-far', severity: 'info', message: `due date ${due} is more than a year after issue (${issue})`, fields: ['issueDate', 'dueDate'], evidence: fields.dueDate?.evidence });
  }
}

function checkIdentityDates(fields: ExtractedFields, today: string, out: FindingCollector): void {
  const expiry = fields.expiryDate?.date;
  if (expiry) {
    out.ran('not-expired');
    if (expiry < today) {
      out.add({ code: 'document-expired', severity: 'error', message: `the document expired on ${expiry}`, fields: ['expiryDate'], evidence: fields.expiryDate?.evidence });
    }
  }
  const birth = fields.dateOfBirth?.date;
  if (birth) {
    out.ran('birth-date-plausible');
    const age = daysBetween(birth, today) / 365.25;
    if (age < 0 || age > 120) {
      out.add({ code: 'birth-date-implausible', severity: 'error', message: `date of birth ${birth} gives an age of ${Math.floor(age)}`, fields: ['dateOfBirth'], evidence: fields.dateOfBirth?.evidence });
    }
  }
  order(fields, 'dateOfBirth', 'issueDate', 'issued-before-birth', out);
  order(fields, 'issueDate', 'expiryDate', 'expiry-before-issue', out);
}

function checkPeriod(fields: ExtractedFields, today: string, transactions: readonly Transaction[], out: FindingCollector): void {
  const period = fields.statementPeriod?.period;
  if (!period) return;
  out.ran('period-in-order');
  if (period.start > period.end) {
    out.add({ code: 'period-reversed', severity: 'error', message: `statement period starts ${period.start} after it ends ${period.end}`, fields: ['statementPeriod'], evidence: fields.statementPeriod?.evidence });
  }
  if (period.end > today) {
    out.add({ code: 'period-in-future', severity: 'warning', message: `statement period ends ${period.end}, after today (${today})`, fields: ['statementPeriod'], evidence: fields.statementPeriod?.evidence });
  }
  if (transactions.length > 0) out.ran('transactions-in-period');
  const outside = transactions.filter((t) => t.date < period.start || t.date > period.end);
  if (outside.length > 0) {
    out.add({
      code: 'transaction-outside-period',
      severity: 'warning',
      message: `${outside.length} transaction(s) dated outside the period ${period.start}..${period.end} (first on line ${outside[0]!.line})`,
      fields: ['transactions', 'statementPeriod'],
    });
  }
}

function order(fields: ExtractedFields, earlier: FieldKey, later: FieldKey, code: string, out: FindingCollector): void {
  const a = fields[earlier]?.date;
  const b = fields[later]?.date;
  if (!a || !b) return;
  out.ran(`${earlier}-before-${later}`);
  if (a > b) {
    out.add({ code, severity: 'error', message: `${later} ${b} is before ${earlier} ${a}`, fields: [earlier, later], evidence: fields[later]?.evidence });
  }
}
