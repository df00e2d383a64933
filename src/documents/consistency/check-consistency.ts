// Consistency of one document: dates, amounts and parties, per document type. Pure: "now" and the
// rounding tolerance are inputs. Returns findings with severities plus the checks that could run,
// so "no findings" is distinguishable from "nothing to check".
import type { DocumentType } from '../document-types';
import { createDocumentContext, extractFields, type DocumentContext, type ExtractedFields } from '../fields/extract-fields';
import { maskKeepingEdges } from '../pii/detect-pii';
import { findIbans, formatIban } from '../pii/iban';
import { isoDay } from '../text/dates';
import { checkInvoiceAmounts, checkStatementBalances } from './amount-checks';
import { checkDates } from './date-checks';
import { FindingCollector, type Finding } from './finding';

export type { Finding, Severity } from './finding';

export interface ConsistencyOptions {
  documentType: DocumentType;
  now: Date;
  /** Absolute tolerance per rounded amount; default 0.01. */
  amountTolerance?: number;
  context?: DocumentContext;
}

export interface ConsistencyReport {
  documentType: DocumentType;
  /** True when no finding has severity "error". */
  consistent: boolean;
  findings: Finding[];
  checked: string[];
}

export function checkConsistency(text: string, options: ConsistencyOptions): ConsistencyReport {
  const context = options.context ?? createDocumentContext(text);
  const type = options.documentType;
  const fields = extractFields(context, type);
  const tolerance = options.amountTolerance ?? 0.01;
  const out = new FindingCollector();
  checkDates(fields, type, isoDay(options.now), context.transactions, out);
  if (type === 'invoice') checkInvoiceAmounts(fields, context.lineItems, tolerance, out);
  if (type === 'bank-statement') checkStatementBalances(fields, context.transactions, tolerance, out);
  checkParties(fields, type, out);
  checkIbans(context, out);
  return {
    documentType: type,
    consistent: !out.findings.some((f) => f.severity === 'error'),
    findings: out.findings,
    checked: [...out.checked],
  };
}

function checkParties(fields: ExtractedFields, type: DocumentType, out: FindingCollector): void {
  const need = (field: 'issuer' | 'recipient' | 'parties' | 'signatures' | 'accountHolder', code: string, message: string) => {
    out.ran(`${field}-present`);
    if (fields[field]?.status !== 'present') out.add({ code, severity: 'error', message, fields: [field] });
  };
  if (type === 'invoice') {
    need('issuer', 'issuer-missing', 'the invoice does not identify its issuer');
    need('recipient', 'recipient-missing', 'the invoice does not identify its recipient');
    const issuer = fields.issuer?.value.trim().toLowerCase();
    if (issuer && issuer === fields.recipient?.value.trim().toLowerCase()) {
      out.add({ code: 'issuer-equals-recipient', severity: 'warning', message: 'issuer and recipient are the same party', fields: ['issuer', 'recipient'] });
    }
  }
  if (type === 'contract') {
    need('parties', 'parties-missing', 'the contract does not identify two parties');
    need('signatures', 'signatures-missing', 'the contract carries no signatures');
    const parties = fields.parties?.count ?? 0;
    const signed = fields.signatures?.count ?? 0;
    if (signed > 0 && parties > signed) {
      out.add({ code: 'signatures-incomplete', severity: 'warning', message: `${parties} parties but only ${signed} signature(s)`, fields: ['parties', 'signatures'] });
    }
  }
  if (type === 'bank-statement') need('accountHolder', 'account-holder-missing', 'the statement does not name the account holder');
}

/** An IBAN-shaped string that fails mod-97 is either a typo or a forgery; both need a person. */
function checkIbans(context: DocumentContext, out: FindingCollector): void {
  const ibans = findIbans(context.text);
  if (ibans.length > 0) out.ran('iban-checksums');
  for (const iban of ibans.filter((i) => !i.valid)) {
    const masked = maskKeepingEdges(formatIban(iban.iban), 2, 4);
    out.add({ code: 'iban-checksum-failed', severity: 'error', message: `IBAN ${masked} fails its mod-97 checksum`, fields: ['accountNumber'] });
  }
}
