// Server-side retry policy: defaults filled in like the Temporal server, and the next-attempt decision
// (non-retryable failures and types, maximum attempts, nextRetryDelay, expiry before the next attempt).
import { enums, type Failure, type temporal } from '../proto/schema';
import { durMs, dur } from './durations';
import { invalidArgument } from '../grpc/errors';
import type { RetryPolicyState } from './types';

export function normalizeRetryPolicy(p: temporal.api.common.v1.IRetryPolicy | null | undefined): RetryPolicyState {
  const initialIntervalMs = durMs(p?.initialInterval) || 1000;
  const backoffCoefficient = p?.backoffCoefficient || 2;
  if (backoffCoefficient < 1) throw invalidArgument('BackoffCoefficient cannot be less than 1 on retry policy.');
  const maximumIntervalMs = durMs(p?.maximumInterval) || 100 * initialIntervalMs;
  if (maximumIntervalMs < initialIntervalMs) throw invalidArgument('MaximumInterval cannot be less than InitialInterval on retry policy.');
  const maximumAttempts = p?.maximumAttempts ?? 0;
  if (maximumAttempts < 0) throw invalidArgument('MaximumAttempts cannot be negative on retry policy.');
  return { initialIntervalMs, backoffCoefficient, maximumIntervalMs, maximumAttempts, nonRetryableErrorTypes: [...(p?.nonRetryableErrorTypes ?? [])] };
}

export function retryPolicyMessage(p: RetryPolicyState): Record<string, unknown> {
  return {
    initialInterval: dur(p.initialIntervalMs),
    backoffCoefficient: p.backoffCoefficient,
    maximumInterval: dur(p.maximumIntervalMs),
    maximumAttempts: p.maximumAttempts,
    nonRetryableErrorTypes: p.nonRetryableErrorTypes,
  };
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; retryState: number };

export function decideRetry(o: { policy: RetryPolicyState; attempt: number; failure?: Failure | null; now: number; expiresAt: number }): RetryDecision {
  const RS = enums.RetryState;
  const info = o.failure?.applicationFailureInfo;
  // A server failure marked non-retryable (e.g. a result over the blob limit) ends the activity too.
  if (info?.nonRetryable || o.failure?.serverFailureInfo?.nonRetryable) return { retry: false, retryState: RS.RETRY_STATE_NON_RETRYABLE_FAILURE };
  if (info?.type && o.policy.nonRetryableErrorTypes.includes(info.type)) {
    return { retry: false, retryState: RS.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  if (o.policy.maximumAttempts > 0 && o.attempt >= o.policy.maximumAttempts) {
    return { retry: false, retryState: RS.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  const explicit = info?.nextRetryDelay ? durMs(info.nextRetryDelay) : 0;
  const computed = Math.min(o.policy.initialIntervalMs * o.policy.backoffCoefficient ** (o.attempt - 1), o.policy.maximumIntervalMs);
  const delayMs = explicit > 0 ? explicit : computed;
  if (o.expiresAt > 0 && o.now + delayMs >= o.expiresAt) return { retry: false, retryState: RS.RETRY_STATE_TIMEOUT };
  return { retry: true, delayMs };
}
