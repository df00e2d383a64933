// A subscriber's view of a task feed as an async iterator: events in sequence order from a given
// position, no gap and no duplicate. It ends after the status update that closes its kind of stream
// (see `closesStream`) or a direct message, when the client goes away, or with the feed's error.
import type { TaskState } from '../../src/a2a-model/types';
import { isTerminalState } from '../../src/a2a-model/types';
import type { SequencedStreamEvent } from '../request-handler';
import type { TaskGateway } from '../temporal/task-gateway';
import type { FeedSubscriber, TaskFeeds } from './task-feed';

/** A stream opened by a send (SendStreamingMessage, message/stream) or by SubscribeToTask. */
export type StreamKind = 'send' | 'subscription';

/**
 * Every stream closes at a terminal state (spec v1.0 §3.1.2, §3.1.6, §9.4.6). On interrupted states
 * the spec differs: §11.7 (and topics/streaming-and-async.md) closes a stream at "a terminal or
 * interrupted state"; §3.1.6 serves a subscription on any task not terminal and ends it only at a
 * terminal state; §7.6.1 says streams SHOULD be kept open through auth-required. So a subscription
 * stays open until the task is terminal, while a send's stream also closes at input-required: its
 * client answers with a new message (which opens a stream of its own), and a client that reads the
 * send's stream to its end before answering would otherwise wait forever. Through auth-required,
 * which may be resolved out of band, a send's stream stays open too (§7.6.1).
 */
export function closesStream(state: TaskState, kind: StreamKind): boolean {
  return isTerminalState(state) || (kind === 'send' && state === 'input-required');
}

export function isFinalStreamEvent(item: SequencedStreamEvent, kind: StreamKind): boolean {
  const { event } = item;
  if (event.kind === 'message') return true;
  if (event.kind !== 'status-update') return false;
  return closesStream(event.status.state, kind);
}

export async function* followTask(options: {
  feeds: TaskFeeds;
  gateway: TaskGateway;
  taskId: string;
  afterSeq: number;
  /** Where the stream closes; a subscription's rule (terminal states only) unless told otherwise. */
  kind?: StreamKind;
  /** Trims the history of a Task frame sent to catch up a gap (see `viewTask`). */
  historyLength?: number;
  signal: AbortSignal;
}): AsyncGenerator<SequencedStreamEvent> {
  const { feeds, gateway, taskId, signal } = options;
  const kind = options.kind ?? 'subscription';
  const pending: SequencedStreamEvent[] = [];
  let failure: unknown;
  let ended = false;
  let resync = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const subscriber: FeedSubscriber = {
    lastSeq: options.afterSeq,
    deliver(snapshot) {
      if (snapshot.mode === 'message' && snapshot.directMessage) {
        pending.push({ seq: snapshot.seq, event: { kind: 'message', message: snapshot.directMessage } });
        ended = true;
      } else {
        const mine = snapshot.events.filter((e) => e.seq > subscriber.lastSeq);
        if (snapshot.seq > subscriber.lastSeq && mine[0]?.seq !== subscriber.lastSeq + 1) {
          // The bounded log no longer holds what this subscriber missed: send the whole task.
          resync = true;
        } else if (mine.length > 0) {
          pending.push(...mine);
          subscriber.lastSeq = mine[mine.length - 1].seq;
        }
        if (snapshot.seq <= subscriber.lastSeq && isTerminalState(snapshot.task.status.state)) ended = true;
      }
      notify();
    },
    fail(err) {
      failure = err;
      notify();
    },
  };

  const unsubscribe = feeds.subscribe(taskId, subscriber);
  signal.addEventListener('abort', notify);
  try {
    while (!signal.aborted) {
      const next = pending.shift();
      if (next) {
        yield next;
        if (isFinalStreamEvent(next, kind)) return;
        continue;
      }
      if (resync) {
        resync = false;
        const snapshot = await gateway.getSnapshot(taskId, { includeArtifacts: true, historyLength: options.historyLength });
        if (!snapshot) throw new Error(`task ${taskId} disappeared`);
        subscriber.lastSeq = snapshot.seq;
        yield { seq: snapshot.seq, event: { kind: 'task', task: snapshot.task } };
        if (closesStream(snapshot.task.status.state, kind)) return;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', notify);
  }
}
