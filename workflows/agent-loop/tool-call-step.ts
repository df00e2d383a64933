// One tool call the model asked for, as its own activity, turned into the tool message the model
// reads next. Mistakes the model can fix (unknown tool, bad JSON, arguments the schema refuses, a
// tool outside the allowlist) go back to it as errors; infrastructure failures stop the task.
import { isCanceled } from '../task-runtime/cancellation';
import type { ChatMessage, ToolCall } from '../../src/agent-runtime/contracts';
import { McpFailure } from '../../src/agent-runtime/failure-types';
import { parseToolArguments, resolveToolCall, type ToolCatalog } from '../../src/agent-runtime/tool-catalog';
import { toolResultForModel } from '../../src/document-verification/analyst-prompt';
import { callTool, failureMessage, failureType, type ToolAccess } from '../agent-steps/activity-steps';
import { AgentStepError } from '../agent-steps/document-intake';

const FIXABLE_BY_THE_MODEL: ReadonlySet<string> = new Set([McpFailure.InvalidToolArguments, McpFailure.UnknownTool, McpFailure.ToolNotAllowed]);

export interface ToolCallOptions {
  catalog: ToolCatalog;
  access: Omit<ToolAccess, 'server'>;
  maxResultChars: number;
  /** Filled in when the model leaves out a `document` argument the tool takes. */
  document: Record<string, unknown>;
}

function takesDocument(catalog: ToolCatalog, functionName: string): boolean {
  const tool = catalog.functionTools.find((t) => t.function.name === functionName);
  const properties = tool?.function.parameters.properties;
  return typeof properties === 'object' && properties !== null && 'document' in properties;
}

export async function runToolCall(call: ToolCall, options: ToolCallOptions): Promise<ChatMessage> {
  const reply = (content: string): ChatMessage => ({ role: 'tool', toolCallId: call.id, content });
  const ref = resolveToolCall(options.catalog, call.name);
  if (!ref) return reply(`Error: there is no tool named ${call.name}; available: ${Object.keys(options.catalog.byFunctionName).join(', ')}.`);
  const args = parseToolArguments(call.arguments);
  if (!args.ok) return reply(`Error: ${args.error}`);
  const value = args.value.document === undefined && takesDocument(options.catalog, call.name) ? { ...args.value, document: options.document } : args.value;
  try {
    const result = await callTool({ ...options.access, server: ref.server }, ref.tool, value);
    return reply(toolResultForModel(result, options.maxResultChars));
  } catch (err) {
    if (isCanceled(err)) throw err;
    const type = failureType(err);
    if (type && FIXABLE_BY_THE_MODEL.has(type)) return reply(`Error: ${failureMessage(err)}`);
    throw new AgentStepError(`The ${ref.tool} tool failed: ${failureMessage(err)}`);
  }
}
