// Payment card numbers: 13-19 digits (optionally grouped by spaces or dashes) that pass the Luhn
// check. Brand comes from the issuer identification number ranges that the brands publish.

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay' | 'maestro' | 'unknown';

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): CardBrand {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if (digits.startsWith('4') && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16) return 'jcb';
  if ((p2 === 36 || p2 === 38 || (p3 >= 300 && p3 <= 305)) && n >= 14) return 'diners';
  if (p2 === 62 && n >= 16) return 'unionpay';
  if (['50', '56', '57', '58', '63', '67'].includes(digits.slice(0, 2)) && n >= 12) return 'maestro';
  return 'unknown';
}

export interface CardCandidate {
  digits: string;
  brand: CardBrand;
  start: number;
  end: number;
}

/** Luhn-valid card numbers of a known brand; random long numbers fail one of the two checks. */
export function findPaymentCards(text: string): CardCandidate[] {
  const found: CardCandidate[] = [];
  // Digits in groups separated by one space or dash; a boundary on both sides (no glued digits).
  const re = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
  for (const m of text.matchAll(re)) {
    const digits = m[0].replace(/[ -]/g, '');
    const brand = cardBrand(digits);
    if (brand === 'unknown' || !luhnValid(digits)) continue;
    found.push({ digits, brand, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return found;
}
