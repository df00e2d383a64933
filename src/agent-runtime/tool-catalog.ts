// MCP tools → OpenAI function tools, and back from a function name the model chose to the server and
// tool to call. Pure and deterministic (same input order → same names), so a workflow can rebuild it.
import type { FunctionTool, JsonSchemaObject, McpToolDescriptor } from './contracts';

/** OpenAI accepts function names matching ^[a-zA-Z0-9_-]{1,64}$. */
const MAX_NAME_LENGTH = 64;

export function sanitizeFunctionName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, MAX_NAME_LENGTH);
  return cleaned.length > 0 ? cleaned : 'tool';
}

/** Some OpenAI-compatible servers reject `$schema`; an object schema also needs `properties`. */
function toParameters(inputSchema: JsonSchemaObject): JsonSchemaObject {
  const { $schema: _ignored, ...rest } = inputSchema;
  return { ...rest, type: 'object', properties: rest.properties ?? {} };
}

export function mcpToolToFunctionTool(tool: McpToolDescriptor, options: { name?: string } = {}): FunctionTool {
  const description = tool.description ?? tool.title;
  return {
    type: 'function',
    function: {
      name: options.name ?? sanitizeFunctionName(tool.name),
      ...(description !== undefined ? { description } : {}),
      parameters: toParameters(tool.inputSchema),
    },
  };
}

export interface ToolRef {
  server: string;
  tool: string;
}

/** Plain data, so a workflow can keep it in its state. */
export interface ToolCatalog {
  functionTools: FunctionTool[];
  byFunctionName: Record<string, ToolRef>;
}

/**
 * Tool names unique across servers are offered as is; a name shared by several servers is qualified
 * as `server__tool` so the model can tell them apart. Remaining clashes (after sanitising) get a suffix.
 */
export function createToolCatalog(servers: { server: string; tools: McpToolDescriptor[] }[]): ToolCatalog {
  const owners = new Map<string, number>();
  for (const { tools } of servers) {
    for (const tool of new Set(tools.map((t) => t.name))) owners.set(tool, (owners.get(tool) ?? 0) + 1);
  }
  const catalog: ToolCatalog = { functionTools: [], byFunctionName: {} };
  for (const { server, tools } of servers) {
    for (const tool of tools) {
      const wanted = (owners.get(tool.name) ?? 0) > 1 ? `${server}__${tool.name}` : tool.name;
      let name = sanitizeFunctionName(wanted);
      for (let n = 2; name in catalog.byFunctionName; n += 1) {
        const suffix = `_${n}`;
        name = sanitizeFunctionName(wanted).slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
      }
      catalog.byFunctionName[name] = { server, tool: tool.name };
      catalog.functionTools.push(mcpToolToFunctionTool(tool, { name }));
    }
  }
  return catalog;
}

export function resolveToolCall(catalog: ToolCatalog, functionName: string): ToolRef | undefined {
  return Object.prototype.hasOwnProperty.call(catalog.byFunctionName, functionName)
    ? catalog.byFunctionName[functionName]
    : undefined;
}

export type ParsedArguments = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Models send raw JSON text; an empty string means "no arguments". Never throws. */
export function parseToolArguments(raw: string): ParsedArguments {
  if (raw.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `arguments are not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'arguments must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
