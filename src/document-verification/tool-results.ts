// The parts of the document tools' structured results the verification reads. The tool server
// publishes output schemas and the MCP client validates results against them; these types name only
// the fields used here, so a field the server adds changes nothing.
import type { Severity } from './risk';

export interface Evidence {
  text: string;
  line: number;
  page: number;
}

export interface FingerprintResult {
  sha256: string;
  size: number;
  detectedMediaType: string;
  declaredMediaType?: string;
  mediaTypeMismatch: boolean;
  filename?: string;
}

export interface ExtractResult {
  mediaType: string;
  pageCount: number;
  chars: number;
  truncated: boolean;
  metadata: Record<string, string | undefined>;
  outputDocumentId?: string;
}

export interface ClassificationResult {
  documentType: string;
  confidence: number;
  meetsPolicyMinimum: boolean;
  policyMinimumConfidence: number;
}

interface PresentField {
  field: string;
  label: string;
  value: string;
  evidence: Evidence;
}

export interface RequiredFieldsResult {
  documentType: string;
  complete: boolean;
  present: PresentField[];
  missing: Array<{ field: string; label: string }>;
  invalid: Array<PresentField & { reason: string }>;
}

export interface PiiResult {
  total: number;
  counts: Record<string, number>;
  matches: Array<{ type: string; subtype: string; valid: boolean; masked: string }>;
}

export interface ConsistencyResult {
  documentType: string;
  consistent: boolean;
  asOf: string;
  findings: Array<{ code: string; severity: Severity; message: string; fields: string[]; evidence?: Evidence }>;
  checked: string[];
}

/** A tool's stored output, as the tool server reports it (absent from older servers' results). */
export interface StoredOutput {
  documentId: string;
  size: number;
  sha256: string;
  mediaType: string;
  filename?: string;
}

export interface RedactResult {
  outputDocumentId?: string;
  outputDocument?: StoredOutput;
  total: number;
}
