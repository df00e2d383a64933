// One way to register a document tool: a zod input schema (validation, handler types and published
// JSON Schema from one source), a zod output schema, and a run function executed under the tool's
// time limit with errors turned into tool error results.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { toolTimeoutMs } from '../limits';
import { isToolAllowed, type ToolName } from '../tool-names';
import { runTool, type ToolRun } from '../tool-runner';
import type { ToolDeps } from './tool-deps';

export interface DocumentToolSpec<I extends z.ZodType<Record<string, unknown>>, O extends z.ZodObject> {
  name: ToolName;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  run: (args: z.output<I>, run: ToolRun) => Promise<z.output<O>>;
}

export function registerDocumentTool<I extends z.ZodType<Record<string, unknown>>, O extends z.ZodObject>(
  server: McpServer,
  deps: ToolDeps,
  spec: DocumentToolSpec<I, O>,
): void {
  if (!isToolAllowed(deps.allowedTools, spec.name)) return;
  // The SDK's generics cannot follow a schema type parameter through; the schema still validates at
  // runtime before the handler runs, so narrowing `args` to its output type here is sound.
  const inputSchema: z.ZodType = spec.input;
  server.registerTool(
    spec.name,
    { title: spec.title, description: spec.description, inputSchema, outputSchema: spec.output, annotations: spec.annotations },
    (args: unknown, extra): Promise<CallToolResult> =>
      runTool(
        { tool: spec.name, timeoutMs: toolTimeoutMs(deps.limits, spec.name), callerSignal: extra.signal, logger: deps.logger },
        (run) => spec.run(args as z.output<I>, run) as Promise<Record<string, unknown>>,
      ),
  );
}
