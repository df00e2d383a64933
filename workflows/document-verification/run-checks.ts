// The verification's tool steps, each an MCP tool call activity, in two rounds so the task waits
// on as few round trips as possible: extraction of the original (the full text stored, never
// inline); then its fingerprint beside classification, required fields, personal data, consistency
// and redaction of the extracted text. The type-specific checks classify for themselves
// under the same policy minimum, so they run in the same round; when classification is not
// confident they are skipped (their refusal is expected then), never guessed.
import { patched } from '@temporalio/workflow';
import { isCanceled } from '../task-runtime/cancellation';
import type { CallMcpToolResult } from '../../src/agent-runtime/contracts';
import type { ToolName } from '../../src/mcp-server/tool-names';
import type { ToolOutputs } from '../../src/mcp-server/tools/output-schemas';
import { callTool, failureMessage, toolResultText, type ToolAccess } from '../agent-steps/activity-steps';
import { AgentStepError } from '../agent-steps/document-intake';
import type { TaskContext } from '../task-runtime/task-context';

export interface CheckResults {
  fingerprint: ToolOutputs['fingerprint_document'];
  extract: ToolOutputs['extract_text'];
  classification: ToolOutputs['classify_document'];
  requiredFields?: ToolOutputs['check_required_fields'];
  pii: ToolOutputs['detect_pii'];
  consistency?: ToolOutputs['check_consistency'];
  redact: ToolOutputs['redact'];
}

/** The activity validates each result against its tool's output schema, so reading it by that type is sound. */
async function call(access: ToolAccess, tool: ToolName, args: Record<string, unknown>): Promise<CallMcpToolResult> {
  try {
    return await callTool(access, tool, args, { validateOutput: true });
  } catch (err) {
    if (isCanceled(err)) throw err;
    throw new AgentStepError(`The ${tool} step failed: ${failureMessage(err)}`);
  }
}

/**
 * An isError result is the tool's verdict on this document (corrupt, unsupported, too large):
 * retrying cannot change it, so the verification stops with the tool's own reason.
 */
function structured<K extends ToolName>(tool: K, result: CallMcpToolResult): ToolOutputs[K] {
  if (result.isError) throw new AgentStepError(`The document could not be verified: ${toolResultText(result) || `${tool} failed`}`);
  if (!result.structuredContent) throw new AgentStepError(`The ${tool} step returned no structured result.`);
  return result.structuredContent as ToolOutputs[K];
}

/** Set from the start on runs that fingerprint in the second round; earlier runs did it beside extraction. */
const FINGERPRINT_WITH_CHECKS_PATCH = 'fingerprint-with-checks';

export async function runChecks(task: TaskContext, access: ToolAccess, document: Record<string, unknown>): Promise<CheckResults> {
  // Nothing waits for the fingerprint before the last round, but beside extraction its completion
  // (always first) cost a workflow task of its own that only went back to waiting.
  const fingerprintLater = patched(FINGERPRINT_WITH_CHECKS_PATCH);
  task.working('Reading the document: fingerprint and text…');
  const fingerprinting = () => call(access, 'fingerprint_document', { document });
  const [earlyFingerprint, extractResult] = await Promise.all([
    fingerprintLater ? undefined : fingerprinting(),
    call(access, 'extract_text', { document, storeOutput: true, includeText: false }),
  ]);
  // Runs that fingerprinted first also reported its refusal first.
  const early = earlyFingerprint && structured('fingerprint_document', earlyFingerprint);
  const extract = structured('extract_text', extractResult);
  // Later tools read the stored text: no tool parses the PDF again, and no text passes through history.
  const filename = typeof document.filename === 'string' ? { filename: document.filename } : {};
  const text = extract.outputDocumentId ? { documentId: extract.outputDocumentId, ...filename } : document;

  task.working('Checking the type, required fields, personal data and consistency, and redacting…');
  const [classified, fields, pii, consistency, redact, lateFingerprint] = await Promise.all([
    call(access, 'classify_document', { document: text }),
    call(access, 'check_required_fields', { document: text }),
    call(access, 'detect_pii', { document: text }),
    call(access, 'check_consistency', { document: text }),
    call(access, 'redact', { document: text, storeOutput: true, includeText: false }),
    fingerprintLater ? fingerprinting() : undefined,
  ]);
  const fingerprint = early ?? structured('fingerprint_document', lateFingerprint as CallMcpToolResult);
  const classification = structured('classify_document', classified);
  const typed = classification.meetsPolicyMinimum;
  return {
    fingerprint,
    extract,
    classification,
    ...(typed ? { requiredFields: structured('check_required_fields', fields) } : {}),
    pii: structured('detect_pii', pii),
    ...(typed ? { consistency: structured('check_consistency', consistency) } : {}),
    redact: structured('redact', redact),
  };
}
