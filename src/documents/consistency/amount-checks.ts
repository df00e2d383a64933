// Amount checks: line items multiply out, items add up to the subtotal, subtotal + tax = total, the
// stated tax rate matches, one currency throughout, and a statement's opening balance plus its
// transactions gives the closing balance. Comparisons allow a rounding tolerance.
import type { ExtractedFields } from '../fields/extract-fields';
import type { LineItem, Transaction } from '../fields/tables';
import { formatAmount, roundCents } from '../text/amounts';
import type { FindingCollector } from './finding';

export function checkInvoiceAmounts(fields: ExtractedFields, items: readonly LineItem[], tolerance: number, out: FindingCollector): void {
  const currency = fields.currency?.currency ?? fields.totalAmount?.currency;
  const fmt = (n: number) => formatAmount(n, currency);
  for (const item of items) {
    out.ran('line-items-multiply');
    const expected = roundCents(item.quantity * item.unitPrice);
    if (Math.abs(expected - item.amount) > tolerance) {
      out.add({
        code: 'line-item-arithmetic',
        severity: 'error',
        message: `line ${item.line} "${item.description.slice(0, 40)}": ${item.quantity} × ${fmt(item.unitPrice)} = ${fmt(expected)}, stated ${fmt(item.amount)}`,
        fields: ['lineItems'],
      });
    }
  }
  const itemsSum = items.length > 0 ? roundCents(items.reduce((s, i) => s + i.amount, 0)) : undefined;
  const subtotal = fields.subtotal?.amount;
  const tax = fields.taxAmount?.amount;
  const total = fields.totalAmount?.amount;
  // Rounding accumulates per line, so the tolerance grows with the number of lines summed.
  const sumTolerance = tolerance * Math.max(1, items.length);
  if (itemsSum !== undefined && subtotal !== undefined) {
    out.ran('line-items-sum-to-subtotal');
    if (Math.abs(itemsSum - subtotal) > sumTolerance) {
      out.add({ code: 'subtotal-mismatch', severity: 'error', message: `line items add up to ${fmt(itemsSum)} but the subtotal says ${fmt(subtotal)}`, fields: ['lineItems', 'subtotal'], evidence: fields.subtotal?.evidence });
    }
  }
  const net = subtotal ?? itemsSum;
  if (net !== undefined && total !== undefined) {
    out.ran('total-adds-up');
    const expected = roundCents(net + (tax ?? 0));
    if (Math.abs(expected - total) > sumTolerance) {
      const parts = `${subtotal !== undefined ? 'subtotal' : 'line items'} ${fmt(net)}${tax !== undefined ? ` + tax ${fmt(tax)}` : ''}`;
      out.add({ code: 'total-mismatch', severity: 'error', message: `${parts} = ${fmt(expected)}, but the total says ${fmt(total)}`, fields: ['totalAmount', 'subtotal', 'taxAmount', 'lineItems'], evidence: fields.totalAmount?.evidence });
    }
  }
  const rate = fields.taxAmount ? /(\d+(?:[.,]\d+)?)\s*%/.exec(fields.taxAmount.evidence.text) : null;
  if (rate && net !== undefined && tax !== undefined) {
    out.ran('tax-rate-matches');
    const expected = roundCents((net * Number(rate[1]!.replace(',', '.'))) / 100);
    if (Math.abs(expected - tax) > sumTolerance) {
      out.add({ code: 'tax-rate-mismatch', severity: 'warning', message: `${rate[0]} of ${fmt(net)} is ${fmt(expected)}, but the tax says ${fmt(tax)}`, fields: ['taxAmount'], evidence: fields.taxAmount?.evidence });
    }
  }
  checkCurrencies(fields, items.map((i) => i.currency), out);
}

export function checkStatementBalances(fields: ExtractedFields, transactions: readonly Transaction[], tolerance: number, out: FindingCollector): void {
  const opening = fields.openingBalance?.amount;
  const closing = fields.closingBalance?.amount;
  const currency = fields.currency?.currency ?? fields.closingBalance?.currency;
  const fmt = (n: number) => formatAmount(n, currency);
  if (opening !== undefined && closing !== undefined && transactions.length > 0) {
    out.ran('balances-reconcile');
    const movement = roundCents(transactions.reduce((s, t) => s + t.amount, 0));
    const expected = roundCents(opening + movement);
    if (Math.abs(expected - closing) > tolerance * Math.max(1, transactions.length)) {
      out.add({
        code: 'balance-mismatch',
        severity: 'error',
        message: `opening ${fmt(opening)} + transactions ${fmt(movement)} = ${fmt(expected)}, but the closing balance says ${fmt(closing)}`,
        fields: ['openingBalance', 'closingBalance', 'transactions'],
        evidence: fields.closingBalance?.evidence,
      });
    }
  }
  let running = opening;
  for (const t of transactions) {
    if (running === undefined || t.balance === undefined) break;
    out.ran('running-balance');
    running = roundCents(running + t.amount);
    if (Math.abs(running - t.balance) > tolerance) {
      out.add({ code: 'running-balance-mismatch', severity: 'warning', message: `line ${t.line}: balance after the transaction should be ${fmt(running)}, stated ${fmt(t.balance)}`, fields: ['transactions'] });
      break;
    }
  }
  checkCurrencies(fields, [], out);
}

function checkCurrencies(fields: ExtractedFields, extra: ReadonlyArray<string | undefined>, out: FindingCollector): void {
  const seen = new Set<string>();
  for (const match of Object.values(fields)) if (match?.currency) seen.add(match.currency);
  for (const c of extra) if (c) seen.add(c);
  if (seen.size === 0) return;
  out.ran('single-currency');
  if (seen.size > 1) {
    out.add({ code: 'mixed-currencies', severity: 'warning', message: `amounts use several currencies: ${[...seen].sort().join(', ')}`, fields: ['currency'] });
  }
}
