// The verification's tool steps, each an MCP tool call activity: fingerprint, extract (the full text
// stored, never inline), classify, then required fields, personal data, consistency and redaction
// side by side. Classification runs before the type-specific checks (the issue lists it last) because
// they need the type; a type below the policy's confidence skips them rather than guessing.
import { isCancellation } from '@temporalio/workflow';
import type { StoredDocument } from '../../src/document-verification/document-activity-contract';
import type { DocumentSource } from '../../src/document-verification/document-source';
import type {
  ClassificationResult,
  ConsistencyResult,
  ExtractResult,
  FingerprintResult,
  PiiResult,
  RedactResult,
  RequiredFieldsResult,
} from '../../src/document-verification/tool-results';
import { callTool, failureMessage, toolResultText, type ToolAccess } from '../agent-steps/activity-steps';
import { AgentStepError, documentArgument } from '../agent-steps/document-intake';
import type { TaskContext } from '../task-runtime/task-context';

export interface CheckResults {
  fingerprint: FingerprintResult;
  extract: ExtractResult;
  classification: ClassificationResult;
  requiredFields?: RequiredFieldsResult;
  pii: PiiResult;
  consistency?: ConsistencyResult;
  redact: RedactResult;
}

async function runTool<T>(access: ToolAccess, tool: string, args: Record<string, unknown>): Promise<T> {
  let result;
  try {
    result = await callTool(access, tool, args);
  } catch (err) {
    if (isCancellation(err)) throw err;
    throw new AgentStepError(`The ${tool} step failed: ${failureMessage(err)}`);
  }
  // An isError result is the tool's verdict on this document (corrupt, unsupported, too large):
  // retrying cannot change it, so the verification stops with the tool's own reason.
  if (result.isError) throw new AgentStepError(`The document could not be verified: ${toolResultText(result) || `${tool} failed`}`);
  if (!result.structuredContent) throw new AgentStepError(`The ${tool} step returned no structured result.`);
  return result.structuredContent as T;
}

export async function runChecks(task: TaskContext, access: ToolAccess, doc: StoredDocument, source: DocumentSource): Promise<CheckResults> {
  const original = documentArgument(doc, source);
  task.working('Fingerprinting the document…');
  const fingerprint = await runTool<FingerprintResult>(access, 'fingerprint_document', { document: original });
  task.working('Extracting the text…');
  const extract = await runTool<ExtractResult>(access, 'extract_text', { document: original, storeOutput: true, includeText: false });
  // Later tools read the stored text: no tool parses the PDF again, and no text passes through history.
  const text = extract.outputDocumentId ? { documentId: extract.outputDocumentId, ...(doc.filename ? { filename: doc.filename } : {}) } : original;
  task.working('Classifying the document…');
  const classification = await runTool<ClassificationResult>(access, 'classify_document', { document: text });
  const typed = classification.meetsPolicyMinimum ? { documentType: classification.documentType } : undefined;
  task.working(`Checking ${typed ? 'required fields, ' : ''}personal data${typed ? ', consistency' : ''} and redacting…`);
  const [requiredFields, pii, consistency, redact] = await Promise.all([
    typed ? runTool<RequiredFieldsResult>(access, 'check_required_fields', { document: text, ...typed }) : undefined,
    runTool<PiiResult>(access, 'detect_pii', { document: text }),
    typed ? runTool<ConsistencyResult>(access, 'check_consistency', { document: text, ...typed }) : undefined,
    runTool<RedactResult>(access, 'redact', { document: text, storeOutput: true, includeText: false }),
  ]);
  return {
    fingerprint,
    extract,
    classification,
    ...(requiredFields ? { requiredFields } : {}),
    pii,
    ...(consistency ? { consistency } : {}),
    redact,
  };
}
