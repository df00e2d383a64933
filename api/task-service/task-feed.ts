// One poller per task per API process, shared by every stream of that task. It waits on Temporal
// for the task's history to move (a long poll: idle tasks cost nothing until something happens),
// and once no workflow task is pending runs one query for the events after the slowest
// subscriber's position and fans them out.
import type { TaskSnapshot } from '../../src/task-runtime/contract';
import { isTerminalState } from '../../src/a2a-model/types';
import type { Logger } from '../../src/logger';
import type { TaskGateway } from '../temporal/task-gateway';

export interface FeedSubscriber {
  /** Sequence number of the last event this subscriber has; the feed sends what follows. */
  lastSeq: number;
  deliver(snapshot: TaskSnapshot): void;
  fail(err: unknown): void;
}

export interface TaskFeedOptions {
  gateway: TaskGateway;
  logger: Logger;
  /** Longest single wait on Temporal before asking again. */
  maxWaitMs?: number;
  /** Pause after an answer without change, doubling up to `maxIdlePauseMs`. */
  minIdlePauseMs?: number;
  maxIdlePauseMs?: number;
}

export class TaskFeeds {
  private readonly feeds = new Map<string, TaskFeed>();

  constructor(private readonly options: TaskFeedOptions) {}

  /** Returns the unsubscribe function; the feed stops when its last subscriber leaves. */
  subscribe(taskId: string, subscriber: FeedSubscriber): () => void {
    let feed = this.feeds.get(taskId);
    if (!feed) {
      const created: TaskFeed = new TaskFeed(taskId, this.options, () => {
        // A stopping feed leaves the map at once, so a newcomer gets a fresh, running feed.
        if (this.feeds.get(taskId) === created) this.feeds.delete(taskId);
      });
      feed = created;
      this.feeds.set(taskId, feed);
    }
    feed.add(subscriber);
    const joined = feed;
    return () => joined.remove(subscriber);
  }

  get activeFeeds(): number {
    return this.feeds.size;
  }

  stopAll(): void {
    for (const feed of this.feeds.values()) feed.stop();
  }
}

class TaskFeed {
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly abort = new AbortController();
  private running = false;

  constructor(
    private readonly taskId: string,
    private readonly options: TaskFeedOptions,
    private readonly onStopped: () => void,
  ) {}

  add(subscriber: FeedSubscriber): void {
    this.subscribers.add(subscriber);
    if (!this.running) {
      this.running = true;
      void this.run();
    }
  }

  remove(subscriber: FeedSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop();
  }

  stop(): void {
    this.abort.abort();
    this.onStopped();
  }

  private async run(): Promise<void> {
    const { gateway } = this.options;
    const maxWaitMs = this.options.maxWaitMs ?? 20_000;
    const minPause = this.options.minIdlePauseMs ?? 25;
    const maxPause = this.options.maxIdlePauseMs ?? 1_000;
    let cursor: string | undefined;
    let pause = minPause;
    try {
      while (this.subscribers.size > 0 && !this.abort.signal.aborted) {
        const first = cursor === undefined;
        const waitStarted = Date.now();
        const change = await gateway.waitForChange(this.taskId, cursor, { maxWaitMs, signal: this.abort.signal });
        const changed = first || change.closed || change.cursor !== cursor;
        cursor = change.cursor;
        if (!changed) {
          // A long poll that ran its course found nothing: wait again at once, or a change landing
          // in a pause would reach the stream up to a pause late. Only answers without news that
          // came early (a server not holding long polls) get a pause that grows, so nothing spins.
          if (Date.now() - waitStarted >= maxWaitMs / 2) {
            pause = minPause;
          } else {
            await sleep(pause, this.abort.signal);
            pause = Math.min(pause * 2, maxPause);
          }
          continue;
        }
        pause = minPause;
        // A pending workflow task is about to change the state: a query now would wait for it (or,
        // if it closes the run, be replayed on a worker), so read the task once it is done.
        if (change.busy) continue;
        if (this.subscribers.size === 0) break;
        const afterSeq = Math.min(...[...this.subscribers].map((s) => s.lastSeq));
        const snapshot = await gateway.getSnapshot(this.taskId, { afterSeq, historyLength: 0, includeArtifacts: false });
        if (this.abort.signal.aborted) break;
        if (!snapshot) throw new Error(`task ${this.taskId} disappeared`);
        for (const subscriber of [...this.subscribers]) subscriber.deliver(snapshot);
        if (change.closed) {
          if (snapshot.mode === 'message' || isTerminalState(snapshot.task.status.state)) break;
          cursor = undefined; // the run continued as new: follow the new run from its start
        }
      }
    } catch (err) {
      if (!this.abort.signal.aborted) {
        this.options.logger.warn({ taskId: this.taskId, err: String(err) }, 'task feed failed');
        for (const subscriber of [...this.subscribers]) subscriber.fail(err);
      }
    } finally {
      this.running = false;
      this.onStopped();
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
