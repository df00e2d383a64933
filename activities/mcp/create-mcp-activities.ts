// MCP activities: list and call tools through the worker's connection pool. Refusals (allowlist,
// unknown tool, invalid arguments) are non-retryable; transport trouble is retryable and drops the
// pooled connection; a tool result with isError is returned as data for the model. A document
// tool's result the caller will read by type is validated against that tool's output schema.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import {
  IDEMPOTENCY_META_KEY,
  TASK_META_KEY,
  TOOL_ERROR_META_KEY,
  type CallMcpToolInput,
  type CallMcpToolResult,
  type ListMcpToolsInput,
  type ListMcpToolsResult,
  type McpContentBlock,
} from '../../src/agent-runtime/contracts';
import { InvalidActivityInput, McpFailure } from '../../src/agent-runtime/failure-types';
import type { Logger } from '../../src/logger';
import { activityTaskId, attemptSeriesBlobId } from '../attempt-blob-id';
import type { McpConnection, McpConnectionPool } from './connection-pool';
import { classifyMcpError, foldedProtocolError, invalidParamsFailure } from './mcp-errors';
import { CallMcpToolInputSchema, ListMcpToolsInputSchema } from './mcp-input';
import { checkDocumentToolOutput } from './tool-output';
import { inToolCallSpan } from './tool-call-span';
import { taskIdOfAnyWorkflowId } from '../../src/task-runtime/task-workflow-id';

export interface McpActivitiesDeps {
  pool: McpConnectionPool;
  logger: Logger;
  /** Request timeout when the caller gives none. */
  defaultTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

function parse<T>(schema: z.ZodType<T>, input: unknown, activity: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid ${activity} input: ${parsed.error.message}`, InvalidActivityInput);
  return parsed.data;
}

export function createMcpActivities(deps: McpActivitiesDeps) {
  const defaultTimeoutMs = deps.defaultTimeoutMs ?? 60_000;
  // Compiled input-schema validators, per tool object (a new connection lists new objects).
  const ajv = new AjvJsonSchemaValidator();
  const validators = new WeakMap<Tool, ((args: unknown) => string | undefined) | null>();

  function validatorFor(tool: Tool) {
    if (!validators.has(tool)) {
      try {
        const validate = ajv.getValidator(tool.inputSchema as JsonSchemaType);
        validators.set(tool, (args) => {
          const result = validate(args);
          return result.valid ? undefined : result.errorMessage;
        });
      } catch (error) {
        // A schema this validator cannot compile is left to the server, which validates anyway.
        deps.logger.debug({ tool: tool.name, err: error }, 'tool input schema not compilable; skipping client-side validation');
        validators.set(tool, null);
      }
    }
    return validators.get(tool) ?? undefined;
  }

  /** Runs `work` on a pooled connection with heartbeats, mapping failures and honouring cancellation. */
  async function withConnection<T>(server: string, tool: string | undefined, work: (connection: McpConnection, signal: AbortSignal) => Promise<T>): Promise<T> {
    const ctx = Context.current();
    const signal = ctx.cancellationSignal;
    if (!deps.pool.hasServer(server)) {
      throw ApplicationFailure.nonRetryable(`no MCP server named ${server} is configured`, McpFailure.UnknownServer);
    }
    // No heartbeat at the start: the heartbeat timeout already runs from the start, a cancellation
    // is only learned from a heartbeat's answer anyway, and most tool calls end well before the
    // first interval, so an initial heartbeat was one more RPC per call for nothing.
    const heartbeat = setInterval(() => ctx.heartbeat(), deps.heartbeatIntervalMs ?? 1_000);
    let connection: McpConnection | undefined;
    try {
      connection = await deps.pool.acquire(server, { signal });
      return await work(connection, signal);
    } catch (error) {
      // Temporal reports the activity as cancelled only when it throws the cancellation itself.
      if (signal.aborted) throw signal.reason;
      if (error instanceof ApplicationFailure) throw error;
      const { failure, dropConnection } = classifyMcpError(error, { server, tool });
      if (dropConnection && connection) await deps.pool.invalidate(connection);
      deps.logger.warn({ server, tool, attempt: ctx.info.attempt, type: failure.type, err: error }, 'mcp request failed');
      throw failure;
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function listMcpTools(rawInput: ListMcpToolsInput): Promise<ListMcpToolsResult> {
    const input = parse(ListMcpToolsInputSchema, rawInput, 'listMcpTools');
    const tools = await withConnection(input.server, undefined, (connection, signal) => connection.tools({ signal, timeoutMs: defaultTimeoutMs }));
    const allowed = input.allowedTools ? new Set(input.allowedTools) : undefined;
    return {
      server: input.server,
      tools: tools
        .filter((t) => !allowed || allowed.has(t.name))
        .map((t) => ({
          name: t.name,
          ...(t.title !== undefined ? { title: t.title } : {}),
          ...(t.description !== undefined ? { description: t.description } : {}),
          inputSchema: t.inputSchema as Record<string, unknown>,
        })),
    };
  }

  async function callMcpTool(rawInput: CallMcpToolInput): Promise<CallMcpToolResult> {
    const input = parse(CallMcpToolInputSchema, rawInput, 'callMcpTool');
    const { server, tool } = input;
    // The allowlist is the agent's policy: checked before anything reaches the server.
    if (input.allowedTools && !input.allowedTools.includes(tool)) {
      throw ApplicationFailure.nonRetryable(`tool ${tool} is not allowed for this agent`, McpFailure.ToolNotAllowed, { server, tool });
    }
    const timeoutMs = input.timeoutMs ?? defaultTimeoutMs;
    const key = attemptSeriesBlobId(Context.current().info, 'mcp-tool-call');
    const taskId = activityTaskId(Context.current().info);
    const meta = { ...(key ? { [IDEMPOTENCY_META_KEY]: key } : {}), ...(taskId ? { [TASK_META_KEY]: taskId } : {}) };
    const idempotency = Object.keys(meta).length > 0 ? meta : undefined;
    const workflowId = Context.current().info.workflowExecution?.workflowId;
    const tracedTaskId = workflowId ? taskIdOfAnyWorkflowId(workflowId) : undefined;
    const traced = { server, tool, ...(tracedTaskId ? { taskId: tracedTaskId } : {}) };
    const result = await inToolCallSpan(traced, (traceMeta) => withConnection(server, tool, async (connection, signal) => {
      let descriptor = (await connection.tools({ signal, timeoutMs })).find((t) => t.name === tool);
      // The cached list may predate the tool; look once more before calling it unknown.
      descriptor ??= (await connection.tools({ signal, timeoutMs, refresh: true })).find((t) => t.name === tool);
      if (!descriptor) throw ApplicationFailure.nonRetryable(`MCP server ${server} has no tool ${tool}`, McpFailure.UnknownTool, { server, tool });
      const invalid = validatorFor(descriptor)?.(input.arguments);
      if (invalid) {
        throw ApplicationFailure.nonRetryable(`invalid arguments for ${tool}: ${invalid}`, McpFailure.InvalidToolArguments, { server, tool });
      }
      const meta = { ...idempotency, ...traceMeta };
      const result = await connection.client.callTool({ name: tool, arguments: input.arguments, ...(Object.keys(meta).length > 0 ? { _meta: meta } : {}) }, undefined, {
        signal,
        timeout: timeoutMs,
      });
      const refusal = foldedProtocolError(result as { isError?: boolean; content?: unknown[] });
      if (refusal) throw invalidParamsFailure(refusal, server, tool);
      // A fault the tool server says is transient is Temporal's to retry; every other isError
      // result is the tool's answer about this input, which the caller (or the model) handles.
      const hint = (result._meta as Record<string, { retryable?: boolean } | undefined> | undefined)?.[TOOL_ERROR_META_KEY];
      if (result.isError === true && hint?.retryable === true) {
        const text = ((result.content ?? []) as McpContentBlock[]).map((c) => (typeof c.text === 'string' ? c.text : '')).join(' ');
        throw ApplicationFailure.retryable(text || `${tool} failed with a transient error`, McpFailure.ToolTransient, { server, tool });
      }
      return {
        isError: result.isError === true,
        content: (result.content ?? []) as McpContentBlock[],
        ...(result.structuredContent ? { structuredContent: result.structuredContent as Record<string, unknown> } : {}),
      };
    }));
    // Returned as sent (not as parsed): a field the server adds is the caller's to ignore.
    if (input.validateOutput && !result.isError) checkDocumentToolOutput({ server, tool }, result.structuredContent);
    return result;
  }

  return { listMcpTools, callMcpTool };
}
