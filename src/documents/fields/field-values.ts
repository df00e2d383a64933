// Typed field matches and the reading of a labelled value as the kind its field needs (a date, an
// amount, an IBAN…). Shared by the label rules and the structural finders.
import type { FieldKey } from '../document-types';
import { isValidIban } from '../pii/iban';
import { isCurrencyCode, parseAmount } from '../text/amounts';
import { parseDate, parseDates } from '../text/dates';
import type { LabeledValue, TextLine } from '../text/lines';
import type { ValueKind } from './field-rules';
import type { LineItem, Transaction } from './tables';

export interface FieldEvidence {
  /** The line the value was read from (trimmed, at most 200 characters). */
  text: string;
  line: number;
  page: number;
}

export interface FieldMatch {
  field: FieldKey;
  /** "invalid": the label is there but its value does not read as what the field needs. */
  status: 'present' | 'invalid';
  value: string;
  evidence: FieldEvidence;
  reason?: string;
  date?: string;
  period?: { start: string; end: string };
  amount?: number;
  currency?: string;
  count?: number;
}

export interface DocumentContext {
  text: string;
  lines: TextLine[];
  pairs: LabeledValue[];
  lineItems: LineItem[];
  transactions: Transaction[];
}

export function evidenceOf(line: TextLine): FieldEvidence {
  return { text: line.text.trim().slice(0, 200), line: line.number, page: line.page };
}

/** Checks a labelled value against the kind its field needs and attaches the typed reading. */
export function readValue(field: FieldKey, kind: ValueKind, value: string, evidence: FieldEvidence): FieldMatch {
  const base = { field, value, evidence };
  const invalid = (reason: string): FieldMatch => ({ ...base, status: 'invalid', reason });
  switch (kind) {
    case 'text':
      return /[A-Za-z0-9]/.test(value) ? { ...base, status: 'present' } : invalid('the value is empty');
    case 'name':
      return /[A-Za-z\u00c0-\u024f]{2}/.test(value) ? { ...base, status: 'present' } : invalid('the value is not a name');
    case 'date': {
      const date = parseDate(value);
      return date ? { ...base, status: 'present', date: date.iso } : invalid(`"${value.slice(0, 40)}" is not a valid date`);
    }
    case 'amount': {
      const amount = parseAmount(value);
      if (!amount) return invalid(`"${value.slice(0, 40)}" is not an amount`);
      return { ...base, status: 'present', amount: amount.value, ...(amount.currency ? { currency: amount.currency } : {}) };
    }
    case 'currency': {
      const code = value.trim().slice(0, 3).toUpperCase();
      return isCurrencyCode(code) ? { ...base, status: 'present', currency: code } : invalid(`"${value.slice(0, 20)}" is not an ISO 4217 currency code`);
    }
    case 'account': {
      const compact = value.replace(/\s+/g, '').toUpperCase();
      if (/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) {
        return isValidIban(compact) ? { ...base, status: 'present' } : invalid('the IBAN fails its mod-97 checksum');
      }
      return /^[0-9-]{6,34}$/.test(compact) ? { ...base, status: 'present' } : invalid('not an IBAN or account number');
    }
    case 'period': {
      const dates = parseDates(value);
      if (dates.length < 2) return invalid('a period needs a start and an end date');
      return { ...base, status: 'present', period: { start: dates[0]!.iso, end: dates[1]!.iso } };
    }
  }
}
