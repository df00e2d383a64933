// Personal data in text: emails, phone numbers, IBANs (mod-97), payment cards (Luhn + brand) and
// national ids. Results never carry the raw value, only a masked one and its position, so they can be
// logged and stored. Overlaps resolve by specificity: IBAN, card, national id, email, then phone.
import { z } from 'zod';
import { findIbans } from './iban';
import { findNationalIds } from './national-id';
import { findPaymentCards } from './payment-card';

export const piiTypes = ['email', 'phone', 'iban', 'payment-card', 'national-id'] as const;
export const piiTypeSchema = z.enum(piiTypes);
export type PiiType = z.infer<typeof piiTypeSchema>;

export interface PiiMatch {
  type: PiiType;
  /** Card brand, national id kind (e.g. "uk-nino"), IBAN country, or phone "international"/"national". */
  subtype: string;
  /** False only for IBAN-shaped strings whose mod-97 check fails (a typo or a forgery). */
  valid: boolean;
  masked: string;
  start: number;
  end: number;
}

export interface DetectPiiOptions {
  types?: readonly PiiType[];
  /** Report IBAN-shaped strings that fail the checksum (valid: false); default true. */
  includeInvalid?: boolean;
}

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}\b/g;
// One digit per repetition, so there is exactly one way to match and no backtracking blow-up.
const PHONE_INTERNATIONAL = /(?<![\w+])(?:\+|00)[1-9](?:[ .-]?\(?\d\)?){6,14}(?!\d)/g;
const PHONE_NANP = /(?<![\d(])\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)/g;
const DATE_LIKE = /^\d{1,4}[-./ ]\d{1,2}[-./ ]\d{1,4}$/;
const PHONE_TRUNK = /(?<![\d+])0\d{1,4}(?:[ -]\d{2,4}){2,3}(?!\d)/g;

export function detectPii(text: string, options: DetectPiiOptions = {}): PiiMatch[] {
  const wanted = new Set<PiiType>(options.types ?? piiTypes);
  const accepted: PiiMatch[] = [];
  // Characters already explained by a more specific match, reported or not: an unreported IBAN's
  // digits must not resurface as a phone number. A per-character mask keeps this linear.
  const claimed = new SpanMask(text.length);
  const add = (match: PiiMatch, report = true) => {
    if (!claimed.claim(match.start, match.end)) return;
    if (report && wanted.has(match.type)) accepted.push(match);
  };
  for (const iban of findIbans(text)) {
    add({ type: 'iban', subtype: iban.country, valid: iban.valid, start: iban.start, end: iban.end, masked: maskKeepingEdges(text.slice(iban.start, iban.end), 2, 4) }, iban.valid || options.includeInvalid !== false);
  }
  for (const card of findPaymentCards(text)) {
    add({ type: 'payment-card', subtype: card.brand, valid: true, start: card.start, end: card.end, masked: maskKeepingEdges(text.slice(card.start, card.end), 0, 4) });
  }
  for (const id of findNationalIds(text)) {
    add({ type: 'national-id', subtype: id.kind, valid: true, start: id.start, end: id.end, masked: maskKeepingEdges(id.value, 0, 4) });
  }
  for (const m of text.matchAll(EMAIL)) {
    add({ type: 'email', subtype: 'address', valid: true, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, masked: maskEmail(m[0]) });
  }
  for (const [re, subtype] of [[PHONE_INTERNATIONAL, 'international'], [PHONE_NANP, 'national'], [PHONE_TRUNK, 'national']] as const) {
    for (const m of text.matchAll(re)) {
      const digits = m[0].replace(/^00/, '').replace(/\D/g, '');
      if (digits.length < (subtype === 'international' ? 8 : 9) || digits.length > 15 || DATE_LIKE.test(m[0])) continue;
      add({ type: 'phone', subtype, valid: true, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, masked: maskKeepingEdges(m[0], 0, 2) });
    }
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/** Marks claimed character ranges; a range is claimable only if none of its characters is taken. */
export class SpanMask {
  private readonly taken: Uint8Array;

  constructor(length: number) {
    this.taken = new Uint8Array(length);
  }

  claim(start: number, end: number): boolean {
    for (let i = start; i < end; i += 1) if (this.taken[i]) return false;
    this.taken.fill(1, start, end);
    return true;
  }
}

/** Replaces letters and digits with '*' except the first `keepStart` and last `keepEnd` of them. */
export function maskKeepingEdges(value: string, keepStart: number, keepEnd: number): string {
  const total = (value.match(/[A-Za-z0-9]/g) ?? []).length;
  let seen = 0;
  return value.replace(/[A-Za-z0-9]/g, (ch) => {
    seen += 1;
    return seen <= keepStart || seen > total - keepEnd ? ch : '*';
  });
}

function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return `${email[0]}***${email.slice(at)}`;
}
