// A run in memory: its persistent state, its history as framed encoded events (so responses splice
// bytes instead of re-encoding), and runtime-only data (stickiness, waiting queries, long polls)
// that is deliberately lost on restart.
import { EventLog } from './event-log';
import { EventType, HistoryEventType, Status } from '../proto/schema';
import { fromMs } from '../proto/time';
import type { RunState } from './types';
import type { UpdateEntry } from './updates';

/** A speculative workflow task (carrying updates): its events are dropped if it produces none. */
export interface SpeculativeTask {
  /** Event id of its WorkflowTaskScheduled event. */
  fromEventId: number;
  historyBytes: number;
  /** Id of the last event the speculative task itself wrote; anything after makes it a normal task. */
  lastId: number;
}

export interface StickyBinding {
  queue: string;
  scheduleToStartMs: number;
}

export interface PendingQuery {
  id: string;
  queryType: string;
  queryArgs?: unknown;
  header?: unknown;
  resolve(result: { answer?: unknown; error?: string; failure?: unknown }): void;
}

const attrKeyCache = new Map<number, string>();

/** `EVENT_TYPE_TIMER_FIRED` -> `timerFiredEventAttributes`, the oneof member for that type. */
export function attrKeyOf(eventType: number): string {
  let key = attrKeyCache.get(eventType);
  if (!key) {
    const name = (EventType as unknown as Record<number, string>)[eventType].replace(/^EVENT_TYPE_/, '');
    key = name.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) + 'EventAttributes';
    attrKeyCache.set(eventType, key);
  }
  return key;
}

/** One encoded HistoryEvent (transient workflow-task events are encoded without being appended). */
export function encodeEvent(eventId: number, eventType: number, attrs: Record<string, unknown>, time: number): Uint8Array {
  return HistoryEventType.encode({ eventId, eventTime: fromMs(time), eventType, taskId: eventId, [attrKeyOf(eventType)]: attrs }).finish();
}

export class Run {
  /** The history: framed `History.events` entries, index = eventId - 1. */
  events = new EventLog();
  /** How many of `events` are already in the write-ahead log. */
  persistedEvents = 0;
  sticky: StickyBinding | null = null;
  /** True while the current workflow task sits on (or was taken from) the sticky queue. */
  wtOnSticky = false;
  /** Queries waiting for the next workflow task; they ride on it in `queries`. */
  queuedQueries: PendingQuery[] = [];
  /** Queries sent with the started workflow task, answered in its completion. */
  inflightQueries: PendingQuery[] = [];
  /**
   * The query task offered to workers for this run, and the ones waiting their turn: one at a time,
   * as a worker holds one buffered task per run and may drop a second offered meanwhile.
   */
  queryTaskOffered: string | null = null;
  queryTasksWaiting: PendingQuery[] = [];
  /** Long polls waiting for this run to change; allocated only while someone waits. */
  historyWaiters: Set<() => void> | null = null;
  /** The update registry (admitted, sent and accepted updates); built from `state.updates` on first use. */
  updates: Map<string, UpdateEntry> | null = null;
  speculative: SpeculativeTask | null = null;
  /** While a completed task's commands apply: a close leaves the updates it carried to be rejected as unprocessed. */
  applyingTask = false;
  /** Decoded search attributes for list queries; reset whenever they change. */
  visibilityCache: Record<string, unknown> | null = null;
  /** Its history passed a warn limit and that was logged (once per run and process). */
  historyWarned = false;

  constructor(public state: RunState) {}

  get isOpen(): boolean {
    return this.state.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  appendEvent(eventType: number, attrs: Record<string, unknown>, time = Date.now()): number {
    const st = this.state;
    const eventId = st.nextEventId++;
    const body = encodeEvent(eventId, eventType, attrs, time);
    this.events.append(body);
    st.historyBytes += body.length;
    return eventId;
  }

  /**
   * What the write-ahead log may hold: without a speculative task's events and task, which exist only
   * in memory (as on the server) until they are followed by events of their own.
   */
  durableState(): { state: RunState; eventCount: number } {
    const spec = this.speculative;
    if (spec && this.state.nextEventId - 1 > spec.lastId) this.speculative = null;
    if (!this.speculative) return { state: this.state, eventCount: this.events.count };
    const s = this.speculative;
    return { state: { ...this.state, wt: null, nextEventId: s.fromEventId, historyBytes: s.historyBytes }, eventCount: s.fromEventId - 1 };
  }

  /** Concatenated framed events [fromId, toId] inclusive: the body of an encoded `History`. */
  historyBytes(fromId = 1, toId = this.state.nextEventId - 1): Buffer {
    return this.events.range(fromId - 1, toId);
  }

  notifyHistoryWaiters(): void {
    if (!this.historyWaiters) return;
    const waiters = [...this.historyWaiters];
    this.historyWaiters = null;
    for (const w of waiters) w();
  }
}
