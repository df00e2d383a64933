// Fields that are structure rather than a "Label: value" line: line items, parties, signatures,
// machine-readable zones, statement periods written as prose… and fallbacks for fields a label
// normally carries (a currency implied by the total, a governing-law clause in a sentence).
import type { DocumentType, FieldKey } from '../document-types';
import { parseDate, parseDates } from '../text/dates';
import type { TextLine } from '../text/lines';
import { evidenceOf, type DocumentContext, type FieldMatch } from './field-values';

export interface StructuralFinder {
  field: FieldKey;
  find(context: DocumentContext, found: Partial<Record<FieldKey, FieldMatch>>): FieldMatch | undefined;
}

const PARTY_LABEL = /^(party [a-z0-9]+|(first|second|third) party|the client|client|contractor|supplier|service provider|provider|customer|buyer|seller|licensor|licensee|employer|employee|landlord|tenant|lessor|lessee)$/;
const SIGNATURE_LABEL = /^(signed|signature|signed by|signatory|for and on behalf of)( [a-z0-9 ]{1,30})?$/;
const COMPANY = /\b(ltd|limited|gmbh|inc|llc|plc|s\.?a\.?s?|b\.?v\.?|n\.?v\.?|ag|s\.?r\.?l\.?|oy|ab|corp(oration)?)\.?$/i;
const MRZ_LINE = /^[A-Z0-9<]{30,44}$/;

/** Prose clauses live on ordinary lines; skipping giant ones bounds the cost of the clause patterns. */
const MAX_CLAUSE_LINE = 1_000;

function inLines(context: DocumentContext, re: RegExp): { match: RegExpExecArray; line: TextLine } | undefined {
  for (const line of context.lines) {
    if (line.text.length > MAX_CLAUSE_LINE) continue;
    const match = re.exec(line.text);
    if (match) return { match, line };
  }
  return undefined;
}

const lineItems: StructuralFinder = {
  field: 'lineItems',
  find: ({ lineItems: items, lines }) => {
    const first = items[0];
    const line = first && lines.find((l) => l.number === first.line);
    if (!first || !line) return undefined;
    return { field: 'lineItems', status: 'present', value: `${items.length} line item(s)`, count: items.length, evidence: evidenceOf(line) };
  },
};

/** A currency stated nowhere as a label is still implied by the amounts ("Total: EUR 1,200.00"). */
const impliedCurrency: StructuralFinder = {
  field: 'currency',
  find: (_context, found) => {
    const source = [found.totalAmount, found.closingBalance, found.openingBalance].find((f) => f?.currency);
    if (!source?.currency) return undefined;
    return { field: 'currency', status: 'present', value: source.currency, currency: source.currency, evidence: source.evidence };
  },
};

const companyIssuer: StructuralFinder = {
  field: 'issuer',
  find: (context) => {
    const line = context.lines.slice(0, 15).find((l) => COMPANY.test(l.text.trim()));
    return line && { field: 'issuer', status: 'present', value: line.text.trim(), evidence: evidenceOf(line) };
  },
};

const splitName: StructuralFinder = {
  field: 'fullName',
  find: ({ pairs }) => {
    const surname = pairs.find((p) => /^(surname|last name|family name)$/.test(p.key));
    const given = pairs.find((p) => /^(given names?|first names?|forenames?)$/.test(p.key));
    if (!surname || !given) return undefined;
    return { field: 'fullName', status: 'present', value: `${given.value} ${surname.value}`, evidence: evidenceOf(surname.line) };
  },
};

const machineReadableZone: StructuralFinder = {
  field: 'machineReadableZone',
  find: ({ lines }) => {
    const mrz = lines.filter((l) => MRZ_LINE.test(l.text.trim()) && l.text.includes('<<'));
    if (mrz.length < 2) return undefined;
    return { field: 'machineReadableZone', status: 'present', value: `${mrz.length} MRZ lines`, count: mrz.length, evidence: evidenceOf(mrz[0]!) };
  },
};

const parties: StructuralFinder = {
  field: 'parties',
  find: (context) => {
    const labelled = context.pairs.filter((p) => PARTY_LABEL.test(p.key) && /[A-Za-z]{2}/.test(p.value));
    if (labelled.length >= 2) {
      const value = labelled.map((p) => p.value.split(/[,(]/)[0]!.trim()).join('; ');
      return { field: 'parties', status: 'present', value, count: labelled.length, evidence: evidenceOf(labelled[0]!.line) };
    }
    // Lazy first party, greedy second: one pass per occurrence of "between", never nested retries.
    const between = inLines(context, /\bbetween\s+([^,;()]{3,120}?)\s+and\s+([^,;()]{3,120})/i);
    if (between) {
      const value = `${between.match[1]!.trim()}; ${between.match[2]!.split('.')[0]!.trim()}`;
      return { field: 'parties', status: 'present', value, count: 2, evidence: evidenceOf(between.line) };
    }
    const only = labelled[0];
    return only && { field: 'parties', status: 'invalid', value: only.value, reason: 'only one party is identified', evidence: evidenceOf(only.line) };
  },
};

const signatures: StructuralFinder = {
  field: 'signatures',
  find: (context) => {
    const signed = context.pairs.filter((p) => SIGNATURE_LABEL.test(p.key));
    const real = signed.filter((p) => /[A-Za-z]{2}/.test(p.value.replace(/_+/g, '')));
    const slashS = context.lines.filter((l) => /\/s\/\s*[A-Za-z]/.test(l.text));
    const count = real.length + slashS.length;
    if (count > 0) {
      const line = real[0]?.line ?? slashS[0]!;
      return { field: 'signatures', status: 'present', value: `${count} signature(s)`, count, evidence: evidenceOf(line) };
    }
    const blank = signed[0];
    return blank && { field: 'signatures', status: 'invalid', value: blank.value, reason: 'signature lines are blank', evidence: evidenceOf(blank.line) };
  },
};

const effectiveDateClause: StructuralFinder = {
  field: 'effectiveDate',
  find: (context) => {
    const hit = inLines(context, /\beffective\s+(?:as of|from|on)\s+([^.;]{4,40})/i);
    const date = hit && parseDate(hit.match[1]!);
    return date && { field: 'effectiveDate', status: 'present', value: date.raw, date: date.iso, evidence: evidenceOf(hit.line) };
  },
};

const governingLawClause: StructuralFinder = {
  field: 'governingLaw',
  find: (context) => {
    const hit = inLines(context, /governed by (?:and construed in accordance with )?the laws? of ([^.;]{2,60})/i);
    return hit && { field: 'governingLaw', status: 'present', value: hit.match[1]!.trim(), evidence: evidenceOf(hit.line) };
  },
};

const periodInProse: StructuralFinder = {
  field: 'statementPeriod',
  find: (context) => {
    const line = context.lines.find((l) => /\b(period|from)\b/i.test(l.text) && parseDates(l.text).length >= 2);
    const dates = line ? parseDates(line.text) : [];
    if (!line || dates.length < 2) return undefined;
    return {
      field: 'statementPeriod',
      status: 'present',
      value: `${dates[0]!.raw} to ${dates[1]!.raw}`,
      period: { start: dates[0]!.iso, end: dates[1]!.iso },
      evidence: evidenceOf(line),
    };
  },
};

const transactions: StructuralFinder = {
  field: 'transactions',
  find: ({ transactions: rows, lines }) => {
    const line = rows[0] && lines.find((l) => l.number === rows[0]!.line);
    return line && { field: 'transactions', status: 'present', value: `${rows.length} transaction(s)`, count: rows.length, evidence: evidenceOf(line) };
  },
};

export const STRUCTURAL_FINDERS: Readonly<Record<DocumentType, readonly StructuralFinder[]>> = {
  invoice: [lineItems, companyIssuer, impliedCurrency],
  'identity-document': [splitName, machineReadableZone],
  contract: [parties, signatures, effectiveDateClause, governingLawClause],
  'bank-statement': [periodInProse, transactions, impliedCurrency],
};
