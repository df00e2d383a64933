// IBAN recognition: the country's registered length plus the ISO 13616 mod-97 check. Candidates are
// read with the exact length of their country, so following words never get swallowed into one.

/** Registered IBAN lengths (SWIFT IBAN registry) of the countries that issue IBANs. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22,
  GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31,
  MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24,
  SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

export interface IbanCandidate {
  /** Compact form, no spaces: DE89370400440532013000. */
  iban: string;
  country: string;
  valid: boolean;
  start: number;
  end: number;
}

/** ISO 13616: move the first four characters to the end, letters to 10..35, remainder mod 97 is 1. */
export function isValidIban(value: string): boolean {
  const iban = value.replace(/\s+/g, '').toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined || iban.length !== length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

export function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const ch of alphanumeric) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

/** IBAN-shaped strings in `text` (printed in groups of four or compact), valid or not. */
export function findIbans(text: string): IbanCandidate[] {
  const found: IbanCandidate[] = [];
  const start = /\b([A-Z]{2})(\d{2})/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const country = m[1]!;
    const length = IBAN_LENGTHS[country];
    if (length === undefined) continue;
    const read = readGrouped(text, m.index, length);
    if (!read) continue;
    found.push({ iban: read.compact, country, valid: isValidIban(read.compact), start: m.index, end: read.end });
    start.lastIndex = read.end;
  }
  return found;
}

/** Reads `length` alphanumerics from `from`, allowing single spaces between them; must end on a boundary. */
function readGrouped(text: string, from: number, length: number): { compact: string; end: number } | undefined {
  let compact = '';
  let i = from;
  while (compact.length < length && i < text.length) {
    const ch = text[i]!;
    if (/[A-Z0-9]/.test(ch)) compact += ch;
    else if (!(ch === ' ' && /[A-Z0-9]/.test(text[i + 1] ?? '') && compact.length > 0)) return undefined;
    i += 1;
  }
  if (compact.length !== length || /[A-Za-z0-9]/.test(text[i] ?? '')) return undefined;
  return { compact, end: i };
}

/** "DE89 3704 0044 0532 0130 00" — the printed form in groups of four. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
