// The visibility query of the retention sweep, in Temporal's list-filter language as a real server
// takes it (SQL and Elasticsearch visibility alike): closed runs by status and close time. A task that
// continued as new is open under its newest run, so ContinuedAsNew is not a close.

/** Every way a run ends for good (Temporal's ExecutionStatus names). */
export const CLOSED_STATUSES = ['Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut'] as const;

/**
 * Visibility may show a close a little after it happened (a real cluster's lag, the strict lane's
 * delay): each sweep looks this far back past what the last one covered, deleting twice at worst.
 */
export const VISIBILITY_LAG_ALLOWANCE_MS = 10 * 60_000;

export function closedTasksQuery(window: { closedBefore: Date; closedAfter?: Date }): string {
  const statuses = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');
  const clauses = [`ExecutionStatus IN (${statuses})`, `CloseTime < '${window.closedBefore.toISOString()}'`];
  if (window.closedAfter) clauses.push(`CloseTime >= '${window.closedAfter.toISOString()}'`);
  return clauses.join(' AND ');
}

/** The window's start for a sweep after one that covered up to `sweptUntil` (ISO 8601). */
export function closedAfterFor(sweptUntil: string | undefined): Date | undefined {
  if (sweptUntil === undefined) return undefined;
  const ms = Date.parse(sweptUntil);
  return Number.isNaN(ms) ? undefined : new Date(ms - VISIBILITY_LAG_ALLOWANCE_MS);
}
