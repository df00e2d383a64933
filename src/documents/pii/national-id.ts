// National identification numbers. Covered: US SSN (dashed form, SSA-invalid areas excluded), UK
// National Insurance number (HMRC prefix rules), Spanish DNI/NIE (mod-23 check letter), French NIR
// (mod-97 key) and Italian codice fiscale (format and check character). Undashed 9-digit SSNs are not
// matched: too many other numbers look like them.

export type NationalIdKind = 'us-ssn' | 'uk-nino' | 'es-dni' | 'es-nie' | 'fr-nir' | 'it-codice-fiscale';

export interface NationalIdCandidate {
  kind: NationalIdKind;
  value: string;
  start: number;
  end: number;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

const RULES: ReadonlyArray<{ kind: NationalIdKind; re: RegExp; valid?: (m: string) => boolean }> = [
  { kind: 'us-ssn', re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    kind: 'uk-nino',
    re: /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
  {
    kind: 'es-dni',
    re: /\b\d{8}-?[A-Z]\b/g,
    valid: (m) => DNI_LETTERS[Number(m.slice(0, 8)) % 23] === m.slice(-1),
  },
  {
    kind: 'es-nie',
    re: /\b[XYZ]-?\d{7}-?[A-Z]\b/g,
    valid: (m) => {
      const compact = m.replace(/-/g, '');
      const number = Number('XYZ'.indexOf(compact[0]!) + compact.slice(1, 8));
      return DNI_LETTERS[number % 23] === compact.slice(-1);
    },
  },
  {
    kind: 'fr-nir',
    re: /\b[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}\b/g,
    valid: (m) => {
      const compact = m.replace(/ /g, '');
      // Corsican departments 2A/2B are replaced by 19/18 before the mod-97 key is computed.
      const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
      return 97 - Number(BigInt(body) % 97n) === Number(compact.slice(13));
    },
  },
  {
    kind: 'it-codice-fiscale',
    re: /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/g,
    valid: codiceFiscaleValid,
  },
];

export function findNationalIds(text: string): NationalIdCandidate[] {
  const found: NationalIdCandidate[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      if (rule.valid && !rule.valid(m[0])) continue;
      found.push({ kind: rule.kind, value: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
    }
  }
  return found;
}

// Check character of the codice fiscale: odd positions use a substitution table, even ones the value.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function codiceFiscaleValid(code: string): boolean {
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const ch = code[i]!;
    const index = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? CF_ODD[index]! : index;
  }
  return String.fromCharCode(65 + (sum % 26)) === code[15];
}
