// Checks a document tool's structuredContent against the tool's own zod output schema before a
// workflow reads it by those types: a server of another version or a wrong build must fail clearly,
// naming the tool and the field, not as an undefined deep inside a workflow.
import { ApplicationFailure } from '@temporalio/common';
import { InvalidActivityInput, McpFailure } from '../../src/agent-runtime/failure-types';
import { isToolName } from '../../src/mcp-server/tool-names';
import { toolOutputSchemas } from '../../src/mcp-server/tools/output-schemas';

export function checkDocumentToolOutput(ref: { server: string; tool: string }, structuredContent: unknown): void {
  const { server, tool } = ref;
  if (!isToolName(tool)) {
    throw ApplicationFailure.nonRetryable(`callMcpTool: ${tool} is not a document tool, so it has no known output schema to validate`, InvalidActivityInput, ref);
  }
  if (structuredContent === undefined) {
    throw ApplicationFailure.nonRetryable(`${tool} on MCP server ${server} returned no structuredContent`, McpFailure.MalformedToolResult, ref);
  }
  const parsed = toolOutputSchemas[tool].safeParse(structuredContent);
  if (parsed.success) return;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(the result)'}: ${issue.message}`);
  throw ApplicationFailure.nonRetryable(
    `${tool} on MCP server ${server} returned a result that does not fit its output schema (${problems.slice(0, 5).join('; ')})`,
    McpFailure.MalformedToolResult,
    { ...ref, problems },
  );
}
