// Runs one tool call under its time limit. The run gets an AbortSignal that fires on the limit or
// when the client cancels; work that honours it (PDF extraction terminates its worker) stops, and
// the caller is answered at the limit either way. Results carry JSON text plus structuredContent.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger';
import { ToolError, toToolError, toolErrorResult } from './tool-errors';

export interface ToolRun {
  signal: AbortSignal;
  /** The id a stored output takes when the caller sent an idempotency key (else the store picks one). */
  outputBlobId?: string;
  /** The task a stored output belongs to (the artifact store's per-task index), when the caller named one. */
  outputTaskId?: string;
}

export interface RunToolOptions {
  tool: string;
  timeoutMs: number;
  /** The request's own signal: the client cancelled or the connection closed. */
  callerSignal?: AbortSignal;
  outputBlobId?: string;
  outputTaskId?: string;
  logger: Logger;
}

export async function runTool(options: RunToolOptions, work: (run: ToolRun) => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  const { tool, timeoutMs, callerSignal, logger } = options;
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(new ToolError('cancelled', 'the call was cancelled by the client'));
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  if (callerSignal?.aborted) onCallerAbort();
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => controller.abort(new ToolError('timeout', `${tool} exceeded its time limit of ${timeoutMs} ms and was stopped`)),
      timeoutMs,
    );
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    if (controller.signal.aborted) reject(controller.signal.reason);
  });
  try {
    const structured = await Promise.race([work({ signal: controller.signal, ...outputTarget(options) }), stopped]);
    return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
  } catch (error) {
    // When the limit fired, the work's own error (e.g. "extraction aborted") is a symptom; report the cause.
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
    const toolError = reason instanceof ToolError ? reason : toToolError(error);
    if (toolError.code === 'internal') logger.error({ tool, err: error }, 'tool failed unexpectedly');
    return toolErrorResult(tool, toolError);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

function outputTarget(options: RunToolOptions): Pick<ToolRun, 'outputBlobId' | 'outputTaskId'> {
  return { ...(options.outputBlobId ? { outputBlobId: options.outputBlobId } : {}), ...(options.outputTaskId ? { outputTaskId: options.outputTaskId } : {}) };
}
