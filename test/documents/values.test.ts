import { parseAmount, parseAmounts, readNumber } from '../../src/documents/text/amounts';
import { parseDate, parseDates } from '../../src/documents/text/dates';

describe('parseDate', () => {
  it.each([
    ['2025-03-14', '2025-03-14', false],
    ['14.03.2025', '2025-03-14', false],
    ['14/03/2025', '2025-03-14', false],
    ['03/14/2025', '2025-03-14', false],
    ['04/05/2025', '2025-05-04', true],
    ['14 March 2025', '2025-03-14', false],
    ['March 14th, 2025', '2025-03-14', false],
    ['1st Feb 2024', '2024-02-01', false],
  ])('reads %s as %s (ambiguous: %s)', (text, iso, ambiguous) => {
    expect(parseDate(`due ${text} net`)).toMatchObject({ iso, ambiguous });
  });

  it.each(['31 February 2025', '2025-13-01', '2025-02-30', 'soon'])('rejects %s', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  it('finds every date of a period in order', () => {
    expect(parseDates('1 March 2025 to 2025-03-31').map((d) => d.iso)).toEqual(['2025-03-01', '2025-03-31']);
  });
});

describe('amounts', () => {
  it.each([
    ['EUR 1,234.56', 1234.56, 'EUR'],
    ['1.234,56 €', 1234.56, 'EUR'],
    ['£ 99', 99, 'GBP'],
    ['USD -12.50', -12.5, 'USD'],
    ['(120.00)', -120, undefined],
    ['1 234,5 CHF', 1234.5, 'CHF'],
  ])('reads %s', (text, value, currency) => {
    const amount = parseAmount(text);
    expect(amount?.value).toBe(value);
    expect(amount?.currency).toBe(currency);
  });

  it('takes the last amount of a labelled value ("VAT 19%: EUR 10.00")', () => {
    expect(parseAmount('incl. VAT 19%: EUR 10.00')?.value).toBe(10);
  });

  it('skips numbers glued to identifiers', () => {
    expect(parseAmounts('INV-2025 ref A12')).toEqual([]);
  });

  it('rejects inconsistent grouping', () => {
    expect(readNumber('1,23,4')).toBeUndefined();
  });
});
