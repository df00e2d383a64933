// Classifies what an MCP call throws, like the model's errors: the server's refusals (unknown tool,
// invalid arguments, other JSON-RPC errors, HTTP 4xx but 408/429) are permanent; timeouts, 408, 429
// and 5xx (honouring Retry-After) and transport failures are retryable, and transport failures also
// mean the pooled connection should be dropped.
import { ApplicationFailure } from '@temporalio/common';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpFailure } from '../../src/agent-runtime/failure-types';
import { McpHttpError } from './http-status';

export interface ClassifiedMcpError {
  failure: ApplicationFailure;
  /** The connection is suspect: drop it so the retry reconnects. */
  dropConnection: boolean;
}

const permanent = (message: string, type: string, details?: object) =>
  ApplicationFailure.create({ message, type, nonRetryable: true, details: details ? [details] : undefined });
const retryable = (message: string, type: string, nextRetryDelay?: number) => ApplicationFailure.create({ message, type, nonRetryable: false, nextRetryDelay });

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
    // The SDK client checks structuredContent against the schema the server published; a mismatch is
    // a malformed result (the model cannot fix it by changing its arguments).
    if (/structured content does not match|did not return structured content/i.test(error.message)) {
      return { failure: permanent(`${ref.tool ?? 'the tool'} on MCP server ${ref.server}: ${error.message}`, McpFailure.MalformedToolResult, details), dropConnection: false };
    }
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
  if (error instanceof McpHttpError) return fromHttpStatus(error, details);
  // The SDK's own HTTP errors come from the session's GET stream and DELETE, so a 404 there is a
  // session the server lost (retryable below, on a new connection).
  if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403)) {
    return { failure: permanent(error.message, McpFailure.AuthFailed, { ...details, status: error.code }), dropConnection: true };
  }
  // Everything else is the transport: refused or dropped connections, HTTP 4xx/5xx on the session
  // (404 means the server restarted and lost it), a closed pool during worker shutdown.
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: unknown };
  const causeText = cause && typeof cause === 'object' && 'message' in cause ? `: ${String((cause as { message: unknown }).message)}` : '';
  return { failure: retryable(`${String(message ?? error)}${causeText}`, McpFailure.TransportFailed), dropConnection: true };
}

function fromHttpStatus(error: McpHttpError, details: Record<string, string>): ClassifiedMcpError {
  const { status, message } = error;
  const delay = error.detail.retryAfterMs;
  if (status === 429) return { failure: retryable(message, McpFailure.RateLimited, delay), dropConnection: false };
  if (status === 408) return { failure: retryable(message, McpFailure.Timeout, delay), dropConnection: false };
  // A restarted server answers 5xx until it is up; the retry reconnects in case it lost the session.
  if (status >= 500) return { failure: retryable(message, McpFailure.ServerError, delay), dropConnection: true };
  // Inside a session a 404 is the spec's "session expired, start a new one".
  if (status === 404 && error.detail.inSession) return { failure: retryable(message, McpFailure.TransportFailed), dropConnection: true };
  const refused = { ...details, status };
  if (status === 401 || status === 403) return { failure: permanent(message, McpFailure.AuthFailed, refused), dropConnection: true };
  if (status === 404) return { failure: permanent(message, McpFailure.NotFound, refused), dropConnection: true };
  return { failure: permanent(message, McpFailure.RequestRejected, refused), dropConnection: false };
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
