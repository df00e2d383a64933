// The client span of one MCP tool call, and the `_meta` that carries its context to the server (W3C
// `traceparent`, plus the task id as `baggage`), which works over every MCP transport alike.
import { context, propagation, type Span } from '@opentelemetry/api';
import { inSpan, SpanKind, TASK_ID_ATTRIBUTE } from '../../src/telemetry/spans';

export interface ToolCallSpanOptions {
  server: string;
  tool: string;
  taskId?: string;
}

/** `work` gets the `_meta` entries to send with the call (none when tracing is off). */
export function inToolCallSpan<T extends { isError: boolean }>(
  options: ToolCallSpanOptions,
  work: (traceMeta: Record<string, string>) => Promise<T>,
): Promise<T> {
  return inSpan(
    {
      name: `tools/call ${options.tool}`,
      kind: SpanKind.CLIENT,
      attributes: {
        'mcp.method.name': 'tools/call',
        'mcp.tool.name': options.tool,
        'mcp.server.name': options.server,
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': options.tool,
        ...(options.taskId ? { [TASK_ID_ATTRIBUTE]: options.taskId } : {}),
      },
    },
    async (span) => {
      const result = await work(traceMeta(span, options.taskId));
      if (result.isError) span.setAttribute('error.type', 'tool_error');
      return result;
    },
  );
}

function traceMeta(span: Span, taskId: string | undefined): Record<string, string> {
  const meta: Record<string, string> = {};
  if (!span.isRecording()) return meta;
  let active = context.active();
  if (taskId) active = propagation.setBaggage(active, propagation.createBaggage({ [TASK_ID_ATTRIBUTE]: { value: taskId } }));
  propagation.inject(active, meta);
  return meta;
}
