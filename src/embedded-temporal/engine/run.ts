// A run in memory: its persistent state, its history as framed encoded events (so responses splice
// bytes instead of re-encoding), and runtime-only data (stickiness, waiting queries, long polls)
// that is deliberately lost on restart.
import { EventLog } from './event-log';
import { EventType, HistoryEventType, Status } from '../proto/schema';
import { fromMs } from '../proto/time';
import type { RunState } from './types';

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
  /** Long polls waiting for this run to change; allocated only while someone waits. */
  historyWaiters: Set<() => void> | null = null;
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
