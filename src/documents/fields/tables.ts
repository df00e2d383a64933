// Table rows that matter for verification: invoice line items (description, quantity, unit price,
// amount) and bank-statement transactions (date, description, signed amount, optional balance).
// Rows are recognised by their column shape, so headers and prose never count as rows.
import { parseAmount, type ParsedAmount } from '../text/amounts';
import { parseDate } from '../text/dates';
import { columns, type TextLine } from '../text/lines';

export interface LineItem {
  description: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  currency?: string;
  line: number;
}

export interface Transaction {
  date: string;
  description: string;
  amount: number;
  balance?: number;
  line: number;
}

const QUANTITY = /^\d+(?:[.,]\d+)?$/;

export function parseLineItems(lines: readonly TextLine[]): LineItem[] {
  const items: LineItem[] = [];
  for (const line of lines) {
    const cols = columns(line);
    if (cols.length < 4) continue;
    const [qty, unit, total] = cols.slice(-3);
    const description = cols.slice(0, -3).join(' ');
    if (!/[A-Za-z]{2}/.test(description) || parseDate(cols[0]!)) continue;
    const quantity = QUANTITY.test(qty!) ? Number(qty!.replace(',', '.')) : undefined;
    const unitPrice = moneyOnly(unit!);
    const amount = moneyOnly(total!);
    if (quantity === undefined || !unitPrice || !amount) continue;
    const currency = amount.currency ?? unitPrice.currency;
    items.push({
      description,
      quantity,
      unitPrice: unitPrice.value,
      amount: amount.value,
      ...(currency ? { currency } : {}),
      line: line.number,
    });
  }
  return items;
}

export function parseTransactions(lines: readonly TextLine[]): Transaction[] {
  const transactions: Transaction[] = [];
  for (const line of lines) {
    const cols = columns(line);
    if (cols.length < 3) continue;
    const date = parseDate(cols[0]!);
    if (!date || date.raw.length < cols[0]!.length - 1) continue;
    const numeric = cols.slice(1).map(moneyOnly);
    // Shapes: date | description | amount [| balance]; the description is the non-numeric column.
    const descriptionAt = numeric.findIndex((n) => n === undefined);
    if (descriptionAt !== 0) continue;
    const amounts = numeric.slice(1);
    if (amounts.length < 1 || amounts.length > 2 || amounts.some((a) => a === undefined)) continue;
    const [amount, balance] = amounts as ParsedAmount[];
    transactions.push({
      date: date.iso,
      description: cols[1]!,
      amount: amount!.value,
      ...(balance ? { balance: balance.value } : {}),
      line: line.number,
    });
  }
  return transactions;
}

/** An amount only when the column is nothing but an amount (so "Invoice 2024" is not money). */
function moneyOnly(column: string): ParsedAmount | undefined {
  const amount = parseAmount(column);
  return amount && amount.raw.length >= column.trim().length - 1 ? amount : undefined;
}
