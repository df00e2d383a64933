// The document tools' structured results as the verification reads them: `z.infer` of the tool
// server's own output schemas (type-only imports, so workflows bundle none of zod), never restated.
// The MCP activity validates a result against the same schema when the caller asks (validateOutput).
import type { ToolOutputs } from '../mcp-server/tools/output-schemas';

export type { Evidence, StoredOutput } from '../mcp-server/tools/output-schemas';

export type FingerprintResult = ToolOutputs['fingerprint_document'];
export type ExtractResult = ToolOutputs['extract_text'];
export type ClassificationResult = ToolOutputs['classify_document'];
export type RequiredFieldsResult = ToolOutputs['check_required_fields'];
export type PiiResult = ToolOutputs['detect_pii'];
export type ConsistencyResult = ToolOutputs['check_consistency'];
export type RedactResult = ToolOutputs['redact'];

