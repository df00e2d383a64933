// A realistic multi-page invoice (60 line items over three pages) and a deliberately inconsistent
// variant: due before issue, one line item that does not multiply out, a total that does not add
// up and a payment IBAN with a broken checksum.
import { money, row, type SampleDocument } from './sample-document';

const SERVICES = [
  'Document intake and indexing',
  'Identity check, standard',
  'Identity check, enhanced',
  'Contract clause review',
  'Bank statement reconciliation',
  'Translation certification',
];
const WIDTHS = [44, 5, 12];

interface InvoiceOptions {
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  iban: string;
  /** Line number (0-based) whose stated amount is off by 10.00. */
  wrongLine?: number;
  /** Added to the correct total. */
  totalSkew?: number;
}

function invoiceLines(o: InvoiceOptions): string[] {
  const items = Array.from({ length: 60 }, (_, i) => {
    const quantity = (i % 4) + 1;
    const unitPrice = 45 + ((i * 37) % 180) + (i % 3) * 0.25;
    return { description: `${SERVICES[i % SERVICES.length]} - batch ${String(i + 1).padStart(2, '0')}`, quantity, unitPrice, amount: Math.round(quantity * unitPrice * 100) / 100 };
  });
  const subtotal = Math.round(items.reduce((s, i) => s + i.amount, 0) * 100) / 100;
  const vat = Math.round(subtotal * 0.19 * 100) / 100;
  const total = Math.round((subtotal + vat + (o.totalSkew ?? 0)) * 100) / 100;
  const rows = items.map((item, i) =>
    row([item.description, String(item.quantity), money(item.unitPrice), money(item.amount + (i === o.wrongLine ? 10 : 0))], WIDTHS),
  );
  return [
    'Nordwind Logistics GmbH',
    'Hafenstrasse 12, 20457 Hamburg, Germany',
    'VAT ID: DE123456789   Phone: +49 40 1234 5678   Email: billing@nordwind-logistics.example',
    '',
    'INVOICE',
    '',
    `Invoice number: ${o.invoiceNumber}`,
    `Invoice date: ${o.issueDate}`,
    `Due date: ${o.dueDate}`,
    'Payment terms: net 30 days',
    'Currency: EUR',
    '',
    'Bill to:',
    'Acme Verification Ltd',
    '1 Canal Street, Manchester M1 3HE, United Kingdom',
    'Contact: accounts@acme-verification.example',
    '',
    row(['Description', 'Qty', 'Unit price', 'Amount'], WIDTHS),
    ...rows.slice(0, 30),
    '\f',
    `Invoice ${o.invoiceNumber} - continued`,
    row(['Description', 'Qty', 'Unit price', 'Amount'], WIDTHS),
    ...rows.slice(30),
    '\f',
    `Invoice ${o.invoiceNumber} - summary`,
    '',
    `Subtotal: EUR ${money(subtotal)}`,
    `VAT 19%: EUR ${money(vat)}`,
    `Total due: EUR ${money(total)}`,
    '',
    'Payment details',
    'Bank: Hanseatic Bank AG',
    `IBAN: ${o.iban}`,
    'BIC: HSHNDEHHXXX',
    `Please quote ${o.invoiceNumber} with your payment.`,
  ];
}

export function sampleInvoice(): SampleDocument {
  return {
    name: 'invoice',
    filename: 'invoice-INV-2025-0042.pdf',
    documentType: 'invoice',
    expectConsistent: true,
    info: { title: 'Invoice INV-2025-0042', author: 'Nordwind Logistics GmbH', creationDate: new Date('2025-03-03T09:00:00Z') },
    lines: invoiceLines({ invoiceNumber: 'INV-2025-0042', issueDate: '2025-03-03', dueDate: '2025-04-02', iban: 'DE89 3704 0044 0532 0130 00' }),
  };
}

export function sampleInconsistentInvoice(): SampleDocument {
  return {
    name: 'inconsistent-invoice',
    filename: 'invoice-INV-2025-0043.pdf',
    documentType: 'invoice',
    expectConsistent: false,
    info: { title: 'Invoice INV-2025-0043', author: 'Nordwind Logistics GmbH', creationDate: new Date('2025-03-10T09:00:00Z') },
    lines: invoiceLines({
      invoiceNumber: 'INV-2025-0043',
      issueDate: '2025-03-10',
      dueDate: '2025-02-28',
      iban: 'DE89 3704 0044 0532 0130 01',
      wrongLine: 7,
      totalSkew: 250,
    }),
  };
}
