// The per-workflow limits a real Temporal cluster enforces, with the server's defaults
// (common/dynamicconfig/constants.go) and its messages and failure causes, so code that would break
// on a cluster breaks here too. Every limit is configurable; 0 disables a count or size limit.
import { enums, lookupType, type temporal } from '../proto/schema';
import type { Run } from './run';
import { invalidArgument } from '../grpc/errors';

export interface EngineLimits {
  /** limit.blobSize.error: a payload over this fails (2 MiB). */
  blobSizeError: number;
  /** limit.historySize.error: a run whose history grows past this is terminated (50 MiB). */
  historySizeError: number;
  /** limit.historyCount.error: a run with more events than this is terminated (51,200). */
  historyCountError: number;
  /** limit.historySize.suggestContinueAsNew (4 MiB). */
  historySizeSuggestContinueAsNew: number;
  /** limit.historyCount.suggestContinueAsNew (4,096 events). */
  historyCountSuggestContinueAsNew: number;
  /** limit.historySize.warn / limit.historyCount.warn: logged once per run (10 MiB, 10,240). */
  historySizeWarn: number;
  historyCountWarn: number;
  pendingActivities: number;
  pendingSignals: number;
  pendingChildren: number;
  pendingCancelRequests: number;
  /** history.MaxBufferedQueryCount: consistent queries waiting for a workflow task (1). */
  maxBufferedQueries: number;
  /** Queries fail fast once the pending workflow task reaches this attempt (server constant 3). */
  failQueryAtAttempt: number;
  /** Failed workflow-task attempts after the first leave no events (the server's transient tasks). */
  transientWorkflowTasks: boolean;
}

export const serverLimits: EngineLimits = {
  blobSizeError: 2 * 1024 * 1024,
  historySizeError: 50 * 1024 * 1024,
  historyCountError: 50 * 1024,
  historySizeSuggestContinueAsNew: 4 * 1024 * 1024,
  historyCountSuggestContinueAsNew: 4 * 1024,
  historySizeWarn: 10 * 1024 * 1024,
  historyCountWarn: 10 * 1024,
  pendingActivities: 2000,
  pendingSignals: 2000,
  pendingChildren: 2000,
  pendingCancelRequests: 2000,
  maxBufferedQueries: 1,
  failQueryAtAttempt: 3,
  transientWorkflowTasks: true,
};

const FailureType = lookupType('temporal.api.failure.v1.Failure');

export const BLOB_TOO_LARGE = 'Blob data size exceeds limit.';
export const RESULT_TOO_LARGE = 'Complete result exceeds size limit.';

/**
 * Size of a payload as encoded, to within a few bytes (varint length prefixes are counted as fixed):
 * summed from its parts rather than re-encoded, since every signal and completion is checked.
 */
function payloadSize(p: temporal.api.common.v1.IPayload | null | undefined): number {
  if (!p) return 0;
  let size = (p.data?.length ?? 0) + 4;
  for (const [k, v] of Object.entries(p.metadata ?? {})) size += k.length + (v?.length ?? 0) + 6;
  return size;
}

export function payloadsSize(p: temporal.api.common.v1.IPayloads | null | undefined): number {
  let size = 0;
  for (const payload of p?.payloads ?? []) size += payloadSize(payload) + 4;
  return size;
}

export function failureSize(f: temporal.api.failure.v1.IFailure | null | undefined): number {
  return f ? FailureType.encode(f).finish().length : 0;
}

export function payloadMapSize(m: Record<string, temporal.api.common.v1.IPayload> | null | undefined): number {
  let size = 0;
  for (const [k, v] of Object.entries(m ?? {})) size += k.length + payloadSize(v) + 4;
  return size;
}

export function overBlobLimit(limits: EngineLimits, size: number): boolean {
  return limits.blobSizeError > 0 && size > limits.blobSizeError;
}

/** Reasons the SDK sees as continueAsNewSuggested, computed as the server does when a task starts. */
export function suggestContinueAsNew(limits: EngineLimits, run: Run): number[] {
  const R = enums.SuggestContinueAsNewReason;
  const reasons: number[] = [];
  if (limits.historySizeSuggestContinueAsNew > 0 && run.state.historyBytes >= limits.historySizeSuggestContinueAsNew) {
    reasons.push(R.SUGGEST_CONTINUE_AS_NEW_REASON_HISTORY_SIZE_TOO_LARGE);
  }
  if (limits.historyCountSuggestContinueAsNew > 0 && run.state.nextEventId >= limits.historyCountSuggestContinueAsNew) {
    reasons.push(R.SUGGEST_CONTINUE_AS_NEW_REASON_TOO_MANY_HISTORY_EVENTS);
  }
  return reasons;
}

/** The server's termination reason when the run's history is over an error limit, else null. */
export function historyLimitBreach(limits: EngineLimits, run: Run): string | null {
  if (!run.isOpen) return null;
  if (limits.historySizeError > 0 && run.state.historyBytes > limits.historySizeError) return 'Workflow history size exceeds limit.';
  if (limits.historyCountError > 0 && run.state.nextEventId - 1 > limits.historyCountError) return 'Workflow history count exceeds limit.';
  return null;
}

/** True when the run's history is past a warn threshold (the server only logs it). */
export function overHistoryWarn(limits: EngineLimits, run: Run): boolean {
  const st = run.state;
  return (limits.historySizeWarn > 0 && st.historyBytes > limits.historySizeWarn) || (limits.historyCountWarn > 0 && st.nextEventId - 1 > limits.historyCountWarn);
}

/** RPC payloads (start input, signal input) over the blob limit are refused, as the frontend does. */
export function requireWithinBlobLimit(limits: EngineLimits, ...payloads: Array<temporal.api.common.v1.IPayloads | null | undefined>): void {
  for (const p of payloads) if (overBlobLimit(limits, payloadsSize(p))) throw invalidArgument(BLOB_TOO_LARGE);
}

/** What the frontend records instead of an activity result over the blob limit. */
export function resultTooLargeFailure(): temporal.api.failure.v1.IFailure {
  return { message: RESULT_TOO_LARGE, source: '', serverFailureInfo: { nonRetryable: true } };
}
