// What the analyst does without a model: fingerprint, extract (stored, not inline) and classify, then
// say what it found and that no model answered the question.
import { isCanceled } from '../task-runtime/cancellation';
import type { StoredDocument } from '../../src/document-verification/document-activity-contract';
import { deterministicAnswer } from '../../src/document-verification/analyst-prompt';
import type { ToolName } from '../../src/mcp-server/tool-names';
import type { ToolOutputs } from '../../src/mcp-server/tools/output-schemas';
import { callTool, failureMessage, toolResultText, type ToolAccess } from '../agent-steps/activity-steps';
import { AgentStepError } from '../agent-steps/document-intake';
import type { TaskContext } from '../task-runtime/task-context';

/** The activity validates the result against the tool's output schema, so reading it by that type is sound. */
async function structured<K extends ToolName>(access: ToolAccess, tool: K, args: Record<string, unknown>): Promise<ToolOutputs[K]> {
  let result;
  try {
    result = await callTool(access, tool, args, { validateOutput: true });
  } catch (err) {
    if (isCanceled(err)) throw err;
    throw new AgentStepError(`The ${tool} step failed: ${failureMessage(err)}`);
  }
  if (result.isError || !result.structuredContent) throw new AgentStepError(`The document could not be read: ${toolResultText(result) || `${tool} failed`}`);
  return result.structuredContent as ToolOutputs[K];
}

export async function runDeterministicSteps(
  task: TaskContext,
  access: ToolAccess,
  doc: { stored: StoredDocument; argument: Record<string, unknown>; name: string },
  question: string,
): Promise<string> {
  task.working('No model is configured: running the deterministic steps (fingerprint, extract, classify)…');
  const fingerprint = await structured(access, 'fingerprint_document', { document: doc.argument });
  const extract = await structured(access, 'extract_text', { document: doc.argument, storeOutput: true, includeText: false });
  const text = extract.outputDocumentId ? { documentId: extract.outputDocumentId } : doc.argument;
  const classification = await structured(access, 'classify_document', { document: text });
  return deterministicAnswer({ fingerprint, extract, classification, name: doc.name }, question);
}
