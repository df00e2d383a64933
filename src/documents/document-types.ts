// The document types verification knows and the fields each can carry. Field keys are the shared
// vocabulary of required-field rules, consistency findings and the verification policy.
import { z } from 'zod';

export const documentTypes = ['invoice', 'identity-document', 'contract', 'bank-statement'] as const;
export const documentTypeSchema = z.enum(documentTypes);
export type DocumentType = z.infer<typeof documentTypeSchema>;

export const fieldKeys = [
  // invoice
  'invoiceNumber', 'issueDate', 'dueDate', 'issuer', 'recipient', 'totalAmount', 'currency', 'lineItems',
  'subtotal', 'taxAmount',
  // identity document
  'fullName', 'dateOfBirth', 'documentNumber', 'expiryDate', 'nationality', 'issuingAuthority', 'sex',
  'machineReadableZone',
  // contract
  'parties', 'effectiveDate', 'signatures', 'governingLaw', 'term', 'terminationDate',
  // bank statement
  'accountHolder', 'accountNumber', 'statementPeriod', 'openingBalance', 'closingBalance', 'bankName',
  'transactions',
] as const;
export const fieldKeySchema = z.enum(fieldKeys);
export type FieldKey = z.infer<typeof fieldKeySchema>;

/** Fields a document of each type must carry unless the verification policy says otherwise. */
export const DEFAULT_REQUIRED_FIELDS: Readonly<Record<DocumentType, readonly FieldKey[]>> = {
  invoice: ['invoiceNumber', 'issueDate', 'dueDate', 'issuer', 'recipient', 'totalAmount', 'currency', 'lineItems'],
  'identity-document': ['fullName', 'dateOfBirth', 'documentNumber', 'expiryDate', 'nationality'],
  contract: ['parties', 'effectiveDate', 'signatures', 'governingLaw'],
  'bank-statement': ['accountHolder', 'accountNumber', 'statementPeriod', 'openingBalance', 'closingBalance'],
};

export const FIELD_LABELS: Readonly<Record<FieldKey, string>> = {
  invoiceNumber: 'invoice number',
  issueDate: 'issue date',
  dueDate: 'due date',
  issuer: 'issuer',
  recipient: 'recipient',
  totalAmount: 'total amount',
  currency: 'currency',
  lineItems: 'line items',
  subtotal: 'subtotal',
  taxAmount: 'tax amount',
  fullName: 'full name',
  dateOfBirth: 'date of birth',
  documentNumber: 'document number',
  expiryDate: 'expiry date',
  nationality: 'nationality',
  issuingAuthority: 'issuing authority',
  sex: 'sex',
  machineReadableZone: 'machine-readable zone',
  parties: 'parties',
  effectiveDate: 'effective date',
  signatures: 'signatures',
  governingLaw: 'governing law',
  term: 'term',
  terminationDate: 'termination date',
  accountHolder: 'account holder',
  accountNumber: 'account number or IBAN',
  statementPeriod: 'statement period',
  openingBalance: 'opening balance',
  closingBalance: 'closing balance',
  bankName: 'bank name',
  transactions: 'transactions',
};
