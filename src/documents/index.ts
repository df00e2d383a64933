// Public surface of the document-analysis library: pure functions over bytes and text, plus the PDF
// extractor (worker threads) that extractText needs. Callers import from here, not from subfolders.
export { DocumentError, isDocumentError, type DocumentErrorCode } from './document-error';
export { documentTypes, documentTypeSchema, fieldKeys, fieldKeySchema, DEFAULT_REQUIRED_FIELDS, FIELD_LABELS } from './document-types';
export type { DocumentType, FieldKey } from './document-types';
export { fingerprintDocument, sha256Hex, type DocumentFingerprint } from './fingerprint';
export { detectMediaType, type DetectedMediaType } from './media-type';
export { extractText, type ExtractedText, type ExtractableMediaType } from './extract-text';
export { createPdfExtractor, type PdfExtractor, type PdfExtractorOptions, type PdfExtraction, type PdfMetadata } from './pdf/pdf-extractor';
export { writePdf, paginate, linesPerPage, type PdfPage, type PdfDocumentInfo } from './pdf/pdf-writer';
export { createDocumentContext, type DocumentContext, type FieldEvidence } from './fields/extract-fields';
export { checkRequiredFields, type RequiredFieldsReport, type PresentField } from './fields/required-fields';
export { checkConsistency, type ConsistencyReport, type Finding, type Severity } from './consistency/check-consistency';
export { classifyDocument, type Classification, type ClassificationSignal } from './classify';
export { detectPii, piiTypes, piiTypeSchema, type PiiMatch, type PiiType } from './pii/detect-pii';
export { redact, type Redaction, type RedactionResult, type RedactionStyle } from './redact';
export {
  assessRisk,
  defaultVerificationPolicy,
  verificationPolicySchema,
  approvalDecisions,
  AGENT_FINDING_CODES,
  type VerificationPolicy,
  type RiskAssessment,
} from './verification-policy';
