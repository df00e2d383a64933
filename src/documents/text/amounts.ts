// Money amounts as written in documents: "EUR 1,234.56", "1.234,56 €", "(120.00)", "-€5". Decimal
// separators are inferred per amount (the last of '.'/',' followed by 1-2 digits), so both
// English and continental notations read correctly. Values are rounded to cents.

export interface ParsedAmount {
  value: number;
  currency?: string;
  raw: string;
}

const CURRENCY_CODES = new Set([
  'EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'CAD', 'AUD', 'NZD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF',
  'RON', 'BGN', 'INR', 'BRL', 'MXN', 'ZAR', 'SGD', 'HKD', 'KRW', 'TRY', 'AED', 'SAR', 'ILS',
]);
const SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

const NUMBER = String.raw`\d{1,3}(?:[,.' \u00a0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const AMOUNT = new RegExp(
  // Whitespace is bounded (\s?) everywhere so the pattern stays linear on long blank runs.
  String.raw`(\()?([-−–])?\s?(?:([A-Z]{3})\s?|([€$£¥₹])\s?)?([-−])?(${NUMBER})(?!\d)\s?(?:([A-Z]{3})\b|([€$£¥₹]))?(\))?`,
  'g',
);

export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODES.has(code.toUpperCase());
}

/** Every amount in `text`, left to right. Numbers glued to letters (IDs like INV-2024) are skipped. */
export function parseAmounts(text: string): ParsedAmount[] {
  const amounts: ParsedAmount[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const [raw, open, sign1, codeBefore, symBefore, sign2, number, codeAfter, symAfter, close] = m;
    const start = (m.index ?? 0) + raw.indexOf(number!);
    // Part of an identifier ("INV-2025", "A12"): glued to a word, or led by letters that are no currency.
    if (/[A-Za-z0-9_]/.test(text[(m.index ?? 0) - 1] ?? '')) continue;
    if (codeBefore && !CURRENCY_CODES.has(codeBefore)) continue;
    const before = text[start - 1] ?? '';
    if (/[A-Za-z0-9_/-]/.test(before) && !codeBefore && !symBefore && !sign1 && !sign2) continue;
    if (/[A-Za-z]/.test(text[start + number!.length] ?? '')) continue;
    const value = readNumber(number!);
    if (value === undefined) continue;
    const negative = Boolean(sign1 || sign2) || (Boolean(open) && Boolean(close));
    const code = [codeBefore, codeAfter].find((c) => c && CURRENCY_CODES.has(c));
    const symbol = symBefore ?? symAfter;
    const currency = code ?? (symbol ? SYMBOLS[symbol] : undefined);
    amounts.push({ value: negative ? -value : value, ...(currency ? { currency } : {}), raw: raw.trim() });
  }
  return amounts;
}

/** The last amount in `text` — in "Total (incl. VAT 20%): EUR 1,200.00" that is the total itself. */
export function parseAmount(text: string): ParsedAmount | undefined {
  const amounts = parseAmounts(text);
  return amounts[amounts.length - 1];
}

/** Reads one number with inferred separators; undefined when the grouping is inconsistent. */
export function readNumber(raw: string): number | undefined {
  const compact = raw.replace(/[\s\u00a0']/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  const decimalAt = Math.max(lastDot, lastComma);
  let integer = compact;
  let fraction = '';
  if (decimalAt >= 0 && compact.length - decimalAt - 1 <= 2) {
    integer = compact.slice(0, decimalAt);
    fraction = compact.slice(decimalAt + 1);
  }
  // Grouped integers must group by three ("1,234,567"); "1,23,4" is not a number we trust.
  if (/[.,]/.test(integer) && !/^\d{1,3}(?:[.,]\d{3})+$/.test(integer)) return undefined;
  const digits = integer.replace(/[.,]/g, '');
  if (!/^\d+$/.test(digits) || (fraction !== '' && !/^\d+$/.test(fraction))) return undefined;
  return roundCents(Number(`${digits}.${fraction || '0'}`));
}

export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

export function formatAmount(value: number, currency?: string): string {
  const text = value.toFixed(2);
  return currency ? `${currency} ${text}` : text;
}
