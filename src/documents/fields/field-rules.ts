// Where each field is found, per document type: label synonyms (matched against normalized labels,
// see normalizeLabel) and the kind of value the label must carry. Structural fields (line items,
// parties, signatures…) have their own finders in field-finders.ts.
import type { DocumentType, FieldKey } from '../document-types';

export type ValueKind = 'text' | 'name' | 'date' | 'amount' | 'currency' | 'account' | 'period';

export interface LabelRule {
  field: FieldKey;
  labels: RegExp;
  kind: ValueKind;
}

const invoiceNumber: LabelRule = {
  field: 'invoiceNumber',
  labels: /^(invoice( (number|no|nr|num|#|id|ref|reference))?|inv (no|number|#)|bill (number|no)|invoice #)$/,
  kind: 'text',
};
const currency: LabelRule = { field: 'currency', labels: /^(currency( code)?)$/, kind: 'currency' };

export const LABEL_RULES: Readonly<Record<DocumentType, readonly LabelRule[]>> = {
  invoice: [
    invoiceNumber,
    { field: 'issueDate', labels: /^(issue date|date of issue|invoice date|date issued|issued( on)?|date)$/, kind: 'date' },
    { field: 'dueDate', labels: /^(due date|payment due( date)?|due( on| by)?|pay by|date due)$/, kind: 'date' },
    {
      field: 'issuer',
      labels: /^(from|issuer|seller|supplier|vendor|billed by|invoice from|issued by|company|service provider)$/,
      kind: 'name',
    },
    {
      field: 'recipient',
      labels: /^(to|bill to|billed to|recipient|customer|client|buyer|invoice to|sold to|ship to)$/,
      kind: 'name',
    },
    {
      field: 'totalAmount',
      labels: /^((grand )?total( amount| due| payable| incl(uding)? (vat|tax))?|amount due|balance due|total to pay)$/,
      kind: 'amount',
    },
    { field: 'subtotal', labels: /^(sub ?total|net( amount| total)?|total excl(uding)? (vat|tax)|total net)$/, kind: 'amount' },
    { field: 'taxAmount', labels: /^((vat|tax|sales tax|gst)( amount)?( (at )?\d+( \d+)?%)?)$/, kind: 'amount' },
    currency,
  ],
  'identity-document': [
    { field: 'fullName', labels: /^(full name|name|name of holder|holder|surname and given names|given names and surname)$/, kind: 'name' },
    { field: 'dateOfBirth', labels: /^(date of birth|birth date|dob|born( on)?)$/, kind: 'date' },
    {
      field: 'documentNumber',
      labels: /^((document|passport|id|identity card|card|licen[cs]e) (number|no|#)|document #)$/,
      kind: 'text',
    },
    { field: 'expiryDate', labels: /^(expiry date|date of expiry|expiration date|expires( on)?|valid until|valid thru|expiry)$/, kind: 'date' },
    { field: 'nationality', labels: /^(nationality|citizenship)$/, kind: 'text' },
    { field: 'issueDate', labels: /^(date of issue|issue date|issued on|date issued)$/, kind: 'date' },
    { field: 'issuingAuthority', labels: /^(issuing (authority|country|state)|authority|issued by|place of issue)$/, kind: 'text' },
    { field: 'sex', labels: /^(sex|gender)$/, kind: 'text' },
  ],
  contract: [
    { field: 'effectiveDate', labels: /^(effective date|commencement date|start date|date of agreement|agreement date)$/, kind: 'date' },
    { field: 'governingLaw', labels: /^(governing law|applicable law|jurisdiction)$/, kind: 'text' },
    { field: 'term', labels: /^(term|duration|contract term)$/, kind: 'text' },
    { field: 'terminationDate', labels: /^(termination date|end date|expiry date|expiration date)$/, kind: 'date' },
  ],
  'bank-statement': [
    { field: 'accountHolder', labels: /^(account holder|account name|holder|customer name|name)$/, kind: 'name' },
    { field: 'accountNumber', labels: /^(iban|account number|account no|account|acct no|account #)$/, kind: 'account' },
    { field: 'statementPeriod', labels: /^((statement )?period( covered)?|statement dates)$/, kind: 'period' },
    {
      field: 'openingBalance',
      labels: /^(opening balance|balance brought forward|previous balance|starting balance|beginning balance)$/,
      kind: 'amount',
    },
    { field: 'closingBalance', labels: /^(closing balance|ending balance|new balance|balance carried forward|final balance)$/, kind: 'amount' },
    { field: 'bankName', labels: /^(bank|bank name|institution)$/, kind: 'text' },
    currency,
  ],
};
