// Maps what the openai client throws to Temporal failures. The client runs with maxRetries 0, so this
// is the one place deciding retryable (rate limits, 5xx, timeouts, lost connections) or not (other 4xx).
import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import { ModelFailure } from '../../src/agent-runtime/failure-types';

/** retry-after-ms, else retry-after in seconds or as an HTTP date; undefined when absent or past. */
export function parseRetryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) && date > now ? date - now : undefined;
}

const retryable = (message: string, type: string, nextRetryDelay?: number, details?: object) =>
  ApplicationFailure.create({ message, type, nonRetryable: false, nextRetryDelay, details: details ? [details] : undefined });

const permanent = (message: string, type: string, details?: object) =>
  ApplicationFailure.create({ message, type, nonRetryable: true, details: details ? [details] : undefined });

function fromStatus(error: APIError, status: number): ApplicationFailure {
  const details = { status, code: error.code ?? null, param: error.param ?? null, requestId: error.requestID ?? null };
  const delay = parseRetryAfterMs(error.headers);
  // A provider may say explicitly whether a retry can help; it knows better than the status code.
  const shouldRetry = error.headers?.get('x-should-retry');
  if (status === 429) return retryable(error.message, ModelFailure.RateLimited, delay, details);
  if (status === 408) return retryable(error.message, ModelFailure.Timeout, delay, details);
  if (status === 409 || status >= 500 || shouldRetry === 'true') {
    return retryable(error.message, ModelFailure.ServerError, delay, details);
  }
  if (status === 401 || status === 403) return permanent(error.message, ModelFailure.AuthFailed, details);
  if (status === 404) return permanent(error.message, ModelFailure.NotFound, details);
  if (error.code === 'context_length_exceeded') return permanent(error.message, ModelFailure.ContextLengthExceeded, details);
  return permanent(error.message, ModelFailure.RequestRejected, details);
}

/**
 * `timeoutMs` is set when the step aborted the request itself because its deadline passed.
 * Cancellation of the activity is handled by the caller before this runs.
 */
export function toModelFailure(error: unknown, hint: { timeoutMs?: number } = {}): Error {
  if (error instanceof ApplicationFailure) return error; // already classified by the step
  if (hint.timeoutMs !== undefined) {
    return retryable(`no response from the model within ${hint.timeoutMs} ms`, ModelFailure.Timeout);
  }
  if (error instanceof APIConnectionTimeoutError) return retryable(error.message, ModelFailure.Timeout);
  if (error instanceof APIConnectionError || error instanceof APIUserAbortError) {
    const cause = (error as { cause?: unknown }).cause;
    const suffix = cause instanceof Error && cause.message !== error.message ? `: ${cause.message}` : '';
    return retryable(`${error.message}${suffix}`, ModelFailure.Unavailable);
  }
  if (error instanceof APIError) {
    // No status: an error event inside an otherwise successful stream, i.e. a failure on their side.
    return error.status === undefined ? retryable(error.message, ModelFailure.ServerError) : fromStatus(error, error.status);
  }
  if (error instanceof OpenAIError) return retryable(error.message, ModelFailure.BadResponse);
  // A body cut mid-stream surfaces from fetch as a plain `TypeError: terminated`: a lost connection.
  // Duck-typed because undici's errors come from another realm than user code under some runners.
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: unknown };
  if (typeof message === 'string' && /terminated|socket|ECONNRESET|other side closed/i.test(`${message} ${String(cause ?? '')}`)) {
    return retryable(message, ModelFailure.Unavailable);
  }
  return error instanceof Error ? error : new Error(String(message ?? error));
}
