// Classifies what an MCP call throws: the server's refusals (unknown tool, invalid arguments, other
// JSON-RPC errors) are permanent; transport failures and timeouts are retryable, and transport
// failures also mean the pooled connection should be dropped.
import { ApplicationFailure } from '@temporalio/common';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpFailure } from '../../src/agent-runtime/failure-types';

export interface ClassifiedMcpError {
  failure: ApplicationFailure;
  /** The connection is suspect: drop it so the retry reconnects. */
  dropConnection: boolean;
}

const permanent = (message: string, type: string, details?: object) =>
  ApplicationFailure.create({ message, type, nonRetryable: true, details: details ? [details] : undefined });
const retryable = (message: string, type: string) => ApplicationFailure.create({ message, type, nonRetryable: false });

const looksLikeUnknownTool = (message: string) => /\btool\b.*\b(not found|disabled|unknown)\b|unknown tool/i.test(message);

/** The server's InvalidParams: either the tool does not exist or the arguments do not fit. */
export function invalidParamsFailure(message: string, server: string, tool: string): ApplicationFailure {
  const aboutArguments = /input validation error|invalid arguments/i.test(message);
  return !aboutArguments && looksLikeUnknownTool(message)
    ? permanent(message, McpFailure.UnknownTool, { server, tool })
    : permanent(message, McpFailure.InvalidToolArguments, { server, tool });
}

export function classifyMcpError(error: unknown, ref: { server: string; tool?: string }): ClassifiedMcpError {
  const details = { server: ref.server, ...(ref.tool ? { tool: ref.tool } : {}) };
  if (error instanceof McpError) {
    switch (error.code) {
      case ErrorCode.InvalidParams:
        return { failure: invalidParamsFailure(error.message, ref.server, ref.tool ?? ''), dropConnection: false };
      case ErrorCode.RequestTimeout:
        // A slow tool is not a broken connection; keep it for the retry.
        return { failure: retryable(error.message, McpFailure.Timeout), dropConnection: false };
      case ErrorCode.ConnectionClosed:
        return { failure: retryable(error.message, McpFailure.TransportFailed), dropConnection: true };
      case ErrorCode.InternalError:
        return { failure: retryable(error.message, McpFailure.ServerError), dropConnection: false };
      default:
        return { failure: permanent(error.message, McpFailure.RequestRejected, { ...details, code: error.code }), dropConnection: false };
    }
  }
  if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403)) {
    return { failure: permanent(error.message, McpFailure.AuthFailed, { ...details, status: error.code }), dropConnection: true };
  }
  // Everything else is the transport: refused or dropped connections, HTTP 4xx/5xx on the session
  // (404 means the server restarted and lost it), a closed pool during worker shutdown.
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: unknown };
  const causeText = cause && typeof cause === 'object' && 'message' in cause ? `: ${String((cause as { message: unknown }).message)}` : '';
  return { failure: retryable(`${String(message ?? error)}${causeText}`, McpFailure.TransportFailed), dropConnection: true };
}

/**
 * McpServer (the TypeScript SDK) folds its own InvalidParams errors into an isError result whose only
 * text is the McpError message. Those are refusals of the call itself, not tool output for the model.
 */
export function foldedProtocolError(result: { isError?: boolean; content?: unknown[] }): string | undefined {
  if (result.isError !== true || result.content?.length !== 1) return undefined;
  const [block] = result.content as Array<{ type?: unknown; text?: unknown }>;
  if (block?.type !== 'text' || typeof block.text !== 'string') return undefined;
  return block.text.startsWith(`MCP error ${ErrorCode.InvalidParams}:`) ? block.text : undefined;
}
