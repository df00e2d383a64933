// A task's whole history across continue-as-new: every run of the workflow id from the given first
// run, followed through each run's ContinuedAsNew event, so a bounded-history change that hands off
// runs mid-stream still has every event counted.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface TimedEvent {
  /** Date.now() scale (the engine stamps events on this machine's clock). */
  at: number;
  type: string;
}

const { EventType } = temporal.api.enums.v1;
const timeOf = (ts: temporal.api.history.v1.IHistoryEvent['eventTime']) => Number(ts?.seconds ?? 0) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);

/** At most `maxRuns` runs are followed, so a runaway chain cannot hang the benchmark. */
export async function historyAcrossRuns(client: Client, workflowId: string, firstRunId: string, maxRuns = 1000): Promise<{ events: TimedEvent[]; runs: number }> {
  const events: TimedEvent[] = [];
  let runId: string | undefined = firstRunId;
  let runs = 0;
  while (runId && runs < maxRuns) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs += 1;
    runId = undefined;
    for (const event of history.events ?? []) {
      events.push({ at: timeOf(event.eventTime), type: EventType[event.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(event.eventType) });
      const next: string | null | undefined = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW && next) runId = next;
    }
  }
  return { events, runs };
}

/** Event counts by type, most frequent first. */
export function countByType(events: TimedEvent[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}
