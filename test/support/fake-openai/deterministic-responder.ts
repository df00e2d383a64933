// Zero-latency answers computed from the request alone, for benchmarks and end-to-end tests where a
// script queue would be tedious: tool calls decided by a function, otherwise a short fixed summary.
import type { RecordedRequest, Responder, ToolCallSpec } from './script';
import { step } from './script';

export interface DeterministicOptions {
  /** Text of a plain reply; default: a fixed summary naming the last user message's length. */
  summary?: string | ((request: RecordedRequest) => string);
  /** Tool calls to make for this request, or undefined/[] to reply with the summary. */
  toolCalls?: (request: RecordedRequest) => ToolCallSpec[] | undefined;
}

function lastUserText(request: RecordedRequest): string {
  const user = [...request.messages].reverse().find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
}

export function createDeterministicResponder(options: DeterministicOptions = {}): Responder {
  return (request) => {
    const calls = options.toolCalls?.(request);
    if (calls && calls.length > 0) return step.toolCalls(calls);
    const summary =
      typeof options.summary === 'function'
        ? options.summary(request)
        : options.summary ?? `Summary: the document was reviewed (${lastUserText(request).length} characters of input).`;
    return step.text(summary);
  };
}
