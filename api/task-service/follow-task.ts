// A subscriber's view of a task feed as an async iterator: events in sequence order from a given
// position, no gap and no duplicate. It ends after the status update that closes its kind of stream
// (see `closesStream`) or a direct message, when the client goes away, or with the feed's error.
import { closesStream, type StreamKind } from '../../src/a2a-model/stream-close';
import { isTerminalState } from '../../src/a2a-model/types';
import type { SequencedStreamEvent } from '../request-handler';
import type { TaskGateway } from '../temporal/task-gateway';
import type { FeedSubscriber, TaskFeeds } from './task-feed';

export { closesStream, type StreamKind };

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
        const snapshot = await gateway.getSnapshot(taskId, { includeArtifacts: true, historyLength: options.historyLength }, { fresh: true });
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
