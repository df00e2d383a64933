// One way to define a document tool: a zod input schema (validation, handler types and published
// JSON Schema from one source), a zod output schema, and a run function. Definitions are built once
// per server factory and registered on each per-connection server; a run executes under the tool's
// time limit with errors turned into tool error results.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { IDEMPOTENCY_META_KEY, TASK_META_KEY } from '../../agent-runtime/contracts';
import { deriveBlobId } from '../../artifact-store';
import { toolTimeoutMs } from '../limits';
import { isToolAllowed, type ToolAllowlist, type ToolName } from '../tool-names';
import { runTool, type ToolRun } from '../tool-runner';
import { inToolServerSpan } from '../tool-span';
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

/** A spec with its schema types erased, so definitions of different tools fit in one list. */
export interface ToolDefinition {
  name: ToolName;
  config: { title: string; description: string; inputSchema: z.ZodType; outputSchema: z.ZodObject; annotations: ToolAnnotations };
  run: (args: unknown, run: ToolRun) => Promise<Record<string, unknown>>;
}

export function defineTool<I extends z.ZodType<Record<string, unknown>>, O extends z.ZodObject>(spec: DocumentToolSpec<I, O>): ToolDefinition {
  return {
    name: spec.name,
    config: { title: spec.title, description: spec.description, inputSchema: spec.input, outputSchema: spec.output, annotations: spec.annotations },
    // The SDK validates arguments against inputSchema before the handler runs, so this narrowing is sound.
    run: (args, run) => spec.run(args as z.output<I>, run) as Promise<Record<string, unknown>>,
  };
}

export function registerTools(server: McpServer, deps: ToolDeps, definitions: readonly ToolDefinition[], allowed: ToolAllowlist): void {
  for (const definition of definitions) {
    if (!isToolAllowed(allowed, definition.name)) continue;
    server.registerTool(definition.name, definition.config, (args: unknown, extra): Promise<CallToolResult> =>
      inToolServerSpan(definition.name, extra._meta, () =>
        runTool(
          {
            tool: definition.name,
            timeoutMs: toolTimeoutMs(deps.limits, definition.name),
            callerSignal: extra.signal,
            logger: deps.logger,
            ...outputBlobIdFor(definition.name, extra),
            ...outputTaskFor(extra),
          },
          (run) => definition.run(args, run),
        ),
      ),
    );
  }
}

const IDEMPOTENCY_KEY = /^[\w-]{16,128}$/;

/**
 * A call repeated with the same idempotency key by the same principal (a retried activity) stores its
 * output under the same id. The principal is part of the id, so one caller's keys never name
 * another's outputs; a key is only ever hashed, never used as an id itself.
 */
/** The task a stored output belongs to, as the caller named it (only ever an index entry, never a path). */
function outputTaskFor(extra: { _meta?: Record<string, unknown> }): { outputTaskId?: string } {
  const taskId = extra._meta?.[TASK_META_KEY];
  return typeof taskId === 'string' && taskId !== '' && taskId.length <= 200 ? { outputTaskId: taskId } : {};
}

function outputBlobIdFor(tool: string, extra: { _meta?: Record<string, unknown>; authInfo?: { clientId: string } }): { outputBlobId?: string } {
  const key = extra._meta?.[IDEMPOTENCY_META_KEY];
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) return {};
  return { outputBlobId: deriveBlobId(['mcp-tool-output', extra.authInfo?.clientId ?? '', tool, key]) };
}
