import { detectPii, maskKeepingEdges } from '../../src/documents/pii/detect-pii';
import { findIbans, isValidIban } from '../../src/documents/pii/iban';
import { findNationalIds } from '../../src/documents/pii/national-id';
import { cardBrand, findPaymentCards, luhnValid } from '../../src/documents/pii/payment-card';

describe('IBAN', () => {
  it.each(['DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91ABNA0417164300', 'NO9386011117947'])(
    'accepts the valid IBAN %s',
    (iban) => expect(isValidIban(iban)).toBe(true),
  );

  it.each([
    ['DE89 3704 0044 0532 0130 01', 'checksum broken by one digit'],
    ['DE89 3704 0044 0532 0130', 'too short for Germany'],
    ['XX89 3704 0044 0532 0130 00', 'unknown country'],
    ['GB29NWBK6016133192681', 'too short for the UK'],
  ])('rejects %s (%s)', (iban) => expect(isValidIban(iban)).toBe(false));

  it('reads a printed IBAN with its country length and stops before the next word', () => {
    const text = 'IBAN: DE89 3704 0044 0532 0130 00 BIC: COBADEFFXXX';
    const [found] = findIbans(text);
    expect(found).toMatchObject({ iban: 'DE89370400440532013000', valid: true });
    expect(text.slice(found!.start, found!.end)).toBe('DE89 3704 0044 0532 0130 00');
  });

  it('reports an IBAN with a failing checksum as invalid instead of dropping it', () => {
    expect(detectPii('pay to DE89 3704 0044 0532 0130 01 please')).toEqual([
      expect.objectContaining({ type: 'iban', valid: false, subtype: 'DE' }),
    ]);
    expect(detectPii('pay to DE89 3704 0044 0532 0130 01', { includeInvalid: false })).toEqual([]);
  });
});

describe('payment cards', () => {
  it.each([
    ['4111 1111 1111 1111', 'visa'],
    ['5555-5555-5555-4444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['3782 822463 10005', 'amex'],
    ['6011111111111117', 'discover'],
    ['3530111333300000', 'jcb'],
  ])('finds %s as a Luhn-valid %s card', (number, brand) => {
    expect(findPaymentCards(`card ${number} exp 12/29`)).toEqual([expect.objectContaining({ brand })]);
  });

  it('ignores numbers that fail Luhn or belong to no brand', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(findPaymentCards('card 4111 1111 1111 1112')).toEqual([]);
    expect(cardBrand('9999999999999995')).toBe('unknown');
    expect(findPaymentCards('ref 9999999999999995')).toEqual([]);
  });
});

describe('national ids', () => {
  it.each([
    ['SSN 123-45-6789', 'us-ssn'],
    ['NI number AB 12 34 56 C', 'uk-nino'],
    ['DNI 12345678Z', 'es-dni'],
    ['NIE X1234567L', 'es-nie'],
    ['NIR 2 55 08 14 168 025 38', 'fr-nir'],
    ['CF RSSMRA85T10A562S', 'it-codice-fiscale'],
  ])('finds %s as %s', (text, kind) => {
    expect(findNationalIds(text)).toEqual([expect.objectContaining({ kind })]);
  });

  it.each(['SSN 000-12-3456', 'SSN 666-12-3456', 'NINO BG 12 34 56 C', 'DNI 12345678A', 'NIE X1234567A', 'NIR 2 55 08 14 168 025 39', 'CF RSSMRA85T10A562T'])(
    'rejects %s (reserved prefix or wrong check character)',
    (text) => expect(findNationalIds(text)).toEqual([]),
  );
});

describe('detectPii', () => {
  const text = [
    'Contact: jane.doe+kyc@example.co.uk, phone +44 20 7946 0958 or (415) 555-2671 or 020 7946 0958.',
    'Card 4111 1111 1111 1111, IBAN GB29 NWBK 6016 1331 9268 19, SSN 123-45-6789.',
    'Invoice INV-2025-0042 dated 2025-03-14 for EUR 1,234.50.',
  ].join('\n');

  it('finds each kind once, in order, with positions and masked values only', () => {
    const found = detectPii(text);
    expect(found.map((m) => `${m.type}:${m.subtype}`)).toEqual([
      'email:address',
      'phone:international',
      'phone:national',
      'phone:national',
      'payment-card:visa',
      'iban:GB',
      'national-id:us-ssn',
    ]);
    for (const match of found) {
      const raw = text.slice(match.start, match.end);
      expect(match.masked).not.toBe(raw);
      if (match.type !== 'email') expect(match.masked).toHaveLength(raw.length);
    }
    expect(found.find((m) => m.type === 'payment-card')?.masked).toBe('**** **** **** 1111');
    expect(found.find((m) => m.type === 'email')?.masked).toBe('j***@example.co.uk');
  });

  it('does not read dates, amounts or invoice numbers as phone numbers', () => {
    expect(detectPii('Invoice INV-2025-0042 dated 2025-03-14 for EUR 1,234.50, due 01-04-2025.')).toEqual([]);
  });

  it('filters by type', () => {
    expect(detectPii(text, { types: ['iban'] }).map((m) => m.type)).toEqual(['iban']);
  });

  it('masks all but the requested edges', () => {
    expect(maskKeepingEdges('GB29 NWBK 6016', 2, 4)).toBe('GB** **** 6016');
  });
});
