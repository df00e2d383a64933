// The server span of one tool execution: a child of the caller's span when the request's `_meta`
// carries a W3C `traceparent` (callMcpTool sends one, and the task id as `baggage`).
import { context, propagation } from '@opentelemetry/api';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { inSpan, SpanKind, TASK_ID_ATTRIBUTE } from '../telemetry/spans';

export function inToolServerSpan(tool: string, meta: Record<string, unknown> | undefined, run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  const parent = meta ? propagation.extract(context.active(), meta) : context.active();
  const taskId = propagation.getBaggage(parent)?.getEntry(TASK_ID_ATTRIBUTE)?.value;
  return context.with(parent, () =>
    inSpan(
      {
        name: `tools/call ${tool}`,
        kind: SpanKind.SERVER,
        attributes: {
          'mcp.method.name': 'tools/call',
          'mcp.tool.name': tool,
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': tool,
          ...(taskId ? { [TASK_ID_ATTRIBUTE]: taskId } : {}),
        },
      },
      async (span) => {
        const result = await run();
        if (result.isError) span.setAttribute('error.type', 'tool_error');
        return result;
      },
    ),
  );
}
