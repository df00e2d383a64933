// Shared contract of the model and MCP activities: plain types with no runtime dependencies, so the
// agent-loop workflow can import them and stay bundleable. Activities parse their input against zod
// schemas that are checked against these types at compile time.

export type JsonSchemaObject = { [key: string]: unknown };

/** A tool call as the model produced it; `arguments` stays the raw JSON text (it may be invalid). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** OpenAI function-tool shape, so a converted MCP tool can be offered to the model unchanged. */
export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: JsonSchemaObject };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** Where streamed deltas of this step go: an artifact of a task. */
export interface StreamTarget {
  taskId: string;
  artifactId: string;
}

export interface CallModelInput {
  messages: ChatMessage[];
  tools?: FunctionTool[];
  toolChoice?: ToolChoice;
  /** Overrides the configured model for this step. */
  model?: string;
  maxTokens?: number;
  temperature?: number;
  stream?: StreamTarget;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | 'unknown';

export interface CallModelResult {
  message: { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] };
  finishReason: FinishReason;
  usage: TokenUsage;
  model: string;
}

export interface McpToolDescriptor {
  name: string;
  title?: string;
  description?: string;
  inputSchema: JsonSchemaObject;
}

export interface ListMcpToolsInput {
  server: string;
  /** Per-agent allowlist of tool names; absent means every tool of the server. */
  allowedTools?: string[];
}

export interface ListMcpToolsResult {
  server: string;
  tools: McpToolDescriptor[];
}

export interface CallMcpToolInput {
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  allowedTools?: string[];
  /** Request timeout; keep it below the activity's start-to-close timeout (see tool-settings). */
  timeoutMs?: number;
  /**
   * `tool` is one of our document tools and its structuredContent must fit that tool's output schema
   * (src/mcp-server): the caller reads it by those types. A result that does not fit fails for good.
   */
  validateOutput?: boolean;
}

/**
 * Where our tool server puts `{ code, retryable }` in an isError result's `_meta`: the one place the
 * tool server and the MCP activity agree on whether a tool failure is worth retrying.
 */
export const TOOL_ERROR_META_KEY = 'a2a-temporal/error';

/**
 * Where the MCP activity puts a key in a tools/call request's `_meta` that is the same for every
 * attempt of the call: our tool server stores an output under an id derived from it, so a retried
 * call overwrites its earlier output instead of orphaning it. Other servers ignore it.
 */
export const IDEMPOTENCY_META_KEY = 'a2a-temporal/idempotency-key';

/**
 * Where the MCP activity names the task a call works for in `_meta`: our tool server records a stored
 * output under that task in the artifact store's index, so retention and purges find it. Other
 * servers ignore it.
 */
export const TASK_META_KEY = 'a2a-temporal/task-id';

/** MCP content blocks are passed through as the server sent them (text, image, resource, …). */
export type McpContentBlock = { type: string; [key: string]: unknown };

export interface CallMcpToolResult {
  /** True when the tool reported a failure: data for the model, never an exception. */
  isError: boolean;
  content: McpContentBlock[];
  structuredContent?: Record<string, unknown>;
}
