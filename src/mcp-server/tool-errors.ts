// Mapping of everything a tool run can throw to an MCP tool error result: `isError: true`, a message
// that names the tool and says what was wrong, and `_meta` carrying a stable code and a retry hint
// for programmatic callers (the MCP activity). Never a stack trace, never document content.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ArtifactStoreError } from '../artifact-store';
import { DocumentError } from '../documents';
import { TOOL_ERROR_META_KEY } from '../agent-runtime/contracts';

export type ToolErrorCode =
  | 'invalid-arguments'
  | 'not-found'
  | 'too-large'
  | 'timeout'
  | 'cancelled'
  | 'unsupported-media-type'
  | 'corrupt'
  | 'encrypted'
  | 'truncated'
  | 'invalid-json'
  | 'not-text'
  | 'resource-limit'
  | 'undetermined-type'
  | 'internal';

export class ToolError extends Error {
  override readonly name = 'ToolError';
  constructor(
    readonly code: ToolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Key of the `_meta` entry on error results. */
export { TOOL_ERROR_META_KEY };

/** Failures that may pass on retry (load, a crashed worker); the rest repeat for the same input. */
const RETRYABLE: ReadonlySet<ToolErrorCode> = new Set(['internal', 'cancelled']);

export function toToolError(error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  if (error instanceof DocumentError) {
    switch (error.code) {
      case 'timeout':
        return new ToolError('timeout', error.message);
      case 'aborted':
        return new ToolError('cancelled', error.message);
      case 'extractor-failed':
        return new ToolError('internal', error.message);
      case 'too-large':
        return new ToolError('too-large', error.message);
      default:
        return new ToolError(error.code, error.message);
    }
  }
  if (error instanceof ArtifactStoreError) {
    switch (error.code) {
      case 'not-found':
        return new ToolError('not-found', `document.documentId: ${error.message} in the artifact store`);
      case 'too-large':
        return new ToolError('too-large', error.message);
      case 'invalid-id':
        return new ToolError('invalid-arguments', `document.documentId: ${error.message}`);
      default:
        return new ToolError('internal', `the artifact store failed: ${error.message}`);
    }
  }
  return new ToolError('internal', 'internal error (logged on the server)');
}

export function toolErrorResult(tool: string, error: ToolError): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: `${tool} failed (${error.code}): ${error.message}` }],
    _meta: { [TOOL_ERROR_META_KEY]: { code: error.code, retryable: RETRYABLE.has(error.code) } },
  };
}
