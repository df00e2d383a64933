// Makes an MCP server's HTTP refusals carry what classifying them needs. The SDK's transport throws
// a StreamableHTTPError with only the status; this fetch answers a failed POST with an McpHttpError
// that also keeps Retry-After and whether the request belonged to a session (a 404 then means the
// server forgot the session, which a new one fixes, rather than a wrong URL, which nothing fixes).
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { parseRetryAfterMs } from '../llm/model-errors';

export class McpHttpError extends Error {
  override readonly name = 'McpHttpError';

  constructor(
    message: string,
    readonly status: number,
    readonly detail: { retryAfterMs?: number; inSession: boolean },
  ) {
    super(message);
  }
}

/** Bounded: the body of an error page is for the log line, not a megabyte of HTML. */
const MAX_BODY_CHARS = 300;

export function fetchRaisingHttpErrors(baseFetch: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const response = await baseFetch(url, init);
    // GET (the optional SSE stream, 405 when unsupported) and DELETE are the SDK's to interpret;
    // redirects stay with its redirect policy.
    if ((init?.method ?? 'GET') !== 'POST' || response.status < 400) return response;
    const body = (await response.text().catch(() => '')).slice(0, MAX_BODY_CHARS);
    const inSession = new Headers(init?.headers).has('mcp-session-id');
    const retryAfterMs = parseRetryAfterMs(response.headers);
    throw new McpHttpError(`MCP server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${body ? `: ${body}` : ''}`, response.status, {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      inSession,
    });
  };
}
