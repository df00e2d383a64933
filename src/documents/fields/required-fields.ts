// Required-field check: which of a document type's required fields are present (with the evidence
// that shows it), missing, or labelled but unusable. The required list comes from the verification
// policy; the built-in defaults apply when none is given.
import { DEFAULT_REQUIRED_FIELDS, FIELD_LABELS, type DocumentType, type FieldKey } from '../document-types';
import { createDocumentContext, extractFields, type DocumentContext, type FieldEvidence } from './extract-fields';

export interface PresentField {
  field: FieldKey;
  label: string;
  value: string;
  evidence: FieldEvidence;
}

export interface RequiredFieldsReport {
  documentType: DocumentType;
  /** True when every required field is present with a usable value. */
  complete: boolean;
  present: PresentField[];
  missing: Array<{ field: FieldKey; label: string }>;
  invalid: Array<PresentField & { reason: string }>;
  /** Other fields of the type that were found, e.g. a subtotal; context for reviewers. */
  additional: PresentField[];
}

export interface RequiredFieldsOptions {
  required?: readonly FieldKey[];
  /** A context already built for this text (saves re-parsing when several checks run). */
  context?: DocumentContext;
}

export function checkRequiredFields(text: string, documentType: DocumentType, options: RequiredFieldsOptions = {}): RequiredFieldsReport {
  const required = options.required ?? DEFAULT_REQUIRED_FIELDS[documentType];
  const fields = extractFields(options.context ?? createDocumentContext(text), documentType);
  const report: RequiredFieldsReport = { documentType, complete: true, present: [], missing: [], invalid: [], additional: [] };
  for (const field of required) {
    const match = fields[field];
    const label = FIELD_LABELS[field];
    if (!match) report.missing.push({ field, label });
    else if (match.status === 'invalid') {
      report.invalid.push({ field, label, value: match.value, evidence: match.evidence, reason: match.reason ?? 'unusable value' });
    } else report.present.push({ field, label, value: match.value, evidence: match.evidence });
  }
  for (const match of Object.values(fields)) {
    if (match && match.status === 'present' && !required.includes(match.field)) {
      report.additional.push({ field: match.field, label: FIELD_LABELS[match.field], value: match.value, evidence: match.evidence });
    }
  }
  report.complete = report.missing.length === 0 && report.invalid.length === 0;
  return report;
}
