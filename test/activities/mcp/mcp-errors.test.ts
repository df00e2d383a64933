// Classification of MCP failures, including McpServer's habit of folding InvalidParams into isError.
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpHttpError } from '../../../activities/mcp/http-status';
import { classifyMcpError, foldedProtocolError, invalidParamsFailure } from '../../../activities/mcp/mcp-errors';

const ref = { server: 'docs', tool: 'extract_text' };

describe('MCP error classification', () => {
  it.each([
    [new McpError(ErrorCode.InvalidParams, 'Tool extract_text not found'), 'UnknownTool', true, false],
    [new McpError(ErrorCode.InvalidParams, 'Input validation error: Invalid arguments for tool extract_text: id not found'), 'InvalidToolArguments', true, false],
    [new McpError(ErrorCode.RequestTimeout, 'Request timed out'), 'McpTimeout', false, false],
    [new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), 'McpTransportFailed', false, true],
    [new McpError(ErrorCode.InternalError, 'boom'), 'McpServerError', false, false],
    [new McpError(ErrorCode.MethodNotFound, 'Method not found'), 'McpRequestRejected', true, false],
    [new McpError(ErrorCode.InvalidParams, "Structured content does not match the tool's output schema: data/sum must be number"), 'McpMalformedToolResult', true, false],
    [new McpError(ErrorCode.InvalidRequest, 'Tool add has an output schema but did not return structured content'), 'McpMalformedToolResult', true, false],
    [new StreamableHTTPError(401, 'unauthorized'), 'McpAuthFailed', true, true],
    [new StreamableHTTPError(404, 'Session not found'), 'McpTransportFailed', false, true],
    [new TypeError('fetch failed'), 'McpTransportFailed', false, true],
    [new McpHttpError('HTTP 400', 400, { inSession: true }), 'McpRequestRejected', true, false],
    [new McpHttpError('HTTP 404', 404, { inSession: false }), 'McpNotFound', true, true],
    [new McpHttpError('HTTP 404', 404, { inSession: true }), 'McpTransportFailed', false, true],
    [new McpHttpError('HTTP 429', 429, { inSession: true, retryAfterMs: 2_000 }), 'McpRateLimited', false, false],
    [new McpHttpError('HTTP 502', 502, { inSession: true }), 'McpServerError', false, true],
  ])('%s → %s', (error, type, nonRetryable, dropConnection) => {
    const classified = classifyMcpError(error, ref);
    expect(classified.failure).toMatchObject({ type, nonRetryable });
    expect(classified.dropConnection).toBe(dropConnection);
  });

  it('recognises only the SDK-folded InvalidParams text as a refusal, not ordinary tool errors', () => {
    const folded = { isError: true, content: [{ type: 'text', text: 'MCP error -32602: Tool shred not found' }] };
    expect(foldedProtocolError(folded)).toBe('MCP error -32602: Tool shred not found');
    expect(invalidParamsFailure(foldedProtocolError(folded)!, 'docs', 'shred')).toMatchObject({ type: 'UnknownTool' });
    expect(foldedProtocolError({ isError: true, content: [{ type: 'text', text: 'document not found' }] })).toBeUndefined();
    expect(foldedProtocolError({ isError: false, content: folded.content })).toBeUndefined();
  });
});
