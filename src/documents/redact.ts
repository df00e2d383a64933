// Redaction: a copy of the text with personal data replaced by typed placeholders ("[IBAN]"), or
// with "keep-last-4" placeholders ("[IBAN ****3000]") when the last digits help a reviewer match
// records. Labelled field values (a holder's name, a birth date) can be redacted too. Offsets in the
// returned redactions refer to the original text.
import type { DocumentType, FieldKey } from './document-types';
import { LABEL_RULES } from './fields/field-rules';
import { detectPii, SpanMask, type PiiType } from './pii/detect-pii';
import { labeledValues, splitLines } from './text/lines';

export type RedactionStyle = 'placeholder' | 'keep-last-4';

export interface RedactOptions {
  types?: readonly PiiType[];
  style?: RedactionStyle;
  /** Also redact the values of these labelled fields, read with the rules of `documentType`. */
  fields?: { documentType: DocumentType; keys: readonly FieldKey[] };
}

export interface Redaction {
  type: PiiType | 'field';
  /** PII subtype, or the field key for type "field". */
  subtype: string;
  start: number;
  end: number;
  replacement: string;
}

export interface RedactionResult {
  text: string;
  redactions: Redaction[];
}

const PLACEHOLDER: Record<PiiType, string> = {
  email: 'EMAIL',
  phone: 'PHONE',
  iban: 'IBAN',
  'payment-card': 'CARD',
  'national-id': 'NATIONAL-ID',
};

export function redact(text: string, options: RedactOptions = {}): RedactionResult {
  const style = options.style ?? 'placeholder';
  const redactions: Redaction[] = detectPii(text, { types: options.types }).map((match) => ({
    type: match.type,
    subtype: match.subtype,
    start: match.start,
    end: match.end,
    replacement: placeholder(match.type, text.slice(match.start, match.end), style),
  }));
  if (options.fields) {
    const rules = LABEL_RULES[options.fields.documentType].filter((r) => options.fields?.keys.includes(r.field));
    const mask = new SpanMask(text.length);
    for (const r of redactions) mask.claim(r.start, r.end);
    for (const pair of labeledValues(splitLines(text))) {
      const rule = rules.find((r) => r.labels.test(pair.key));
      if (!rule || pair.end <= pair.start) continue;
      if (!mask.claim(pair.start, pair.end)) continue;
      redactions.push({ type: 'field', subtype: rule.field, start: pair.start, end: pair.end, replacement: `[${fieldPlaceholder(rule.field)}]` });
    }
  }
  redactions.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of redactions) {
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return { text: out + text.slice(at), redactions };
}

function placeholder(type: PiiType, value: string, style: RedactionStyle): string {
  const name = PLACEHOLDER[type];
  if (style === 'placeholder') return `[${name}]`;
  if (type === 'email') return `[${name} ***${value.slice(value.indexOf('@'))}]`;
  const last4 = (value.match(/[A-Za-z0-9]/g) ?? []).slice(-4).join('');
  return `[${name} ****${last4}]`;
}

function fieldPlaceholder(field: FieldKey): string {
  return field.replace(/([a-z])([A-Z])/g, '$1-$2').toUpperCase();
}
