// Task queues with long polls. A task is only handed to a poll whose call is still alive; a poll
// that ends (client cancel, deadline, shutdown) is dropped from the queue, so no task is swallowed.
// Tasks are opaque refs: the engine re-validates them when taken (stale refs are skipped).

export type TakeResult = 'taken' | 'stale';

export interface Waiter<T> {
  alive(): boolean;
  /** Starts `task` for this poll and answers it; 'stale' when the task no longer needs doing. */
  take(task: T): TakeResult;
}

class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    (this.items as unknown[])[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Keeps only items passing `keep` (used to drop stale refs from a queue nobody polls). */
  retain(keep: (item: T) => boolean): void {
    this.items = this.items.slice(this.head).filter(keep);
    this.head = 0;
  }

  remove(item: T): void {
    const i = this.items.indexOf(item, this.head);
    if (i >= 0) this.items.splice(i, 1);
  }
}

export class TaskQueue<T> {
  readonly tasks = new Deque<T>();
  private compactAt = 256;

  constructor(private readonly isLive: (task: T) => boolean = () => true) {}

  readonly waiters = new Deque<Waiter<T>>();
  lastPollAt = 0;
  /** Poller identity -> last poll time, for DescribeTaskQueue (bounded). */
  readonly pollers = new Map<string, number>();

  /** Records a poll from `identity` (called when a poll arrives). */
  notePoller(identity: string): void {
    this.lastPollAt = Date.now();
    this.pollers.delete(identity);
    this.pollers.set(identity, this.lastPollAt);
    if (this.pollers.size > 100) this.pollers.delete(this.pollers.keys().next().value as string);
  }

  /** Hands `task` to the first live waiter, or queues it. */
  offer(task: T): void {
    for (;;) {
      const waiter = this.waiters.shift();
      if (!waiter) break;
      if (!waiter.alive()) continue;
      if (waiter.take(task) === 'stale') return;
      return;
    }
    this.tasks.push(task);
    if (this.tasks.length >= this.compactAt) {
      // Refs go stale when tasks time out or move (sticky fallback); a queue nobody polls would
      // otherwise keep them forever.
      this.tasks.retain(this.isLive);
      this.compactAt = Math.max(256, this.tasks.length * 2);
    }
  }

  /** Takes queued tasks for a new poll until one is valid; false when the queue has none. */
  serve(waiter: Waiter<T>): boolean {
    for (;;) {
      const task = this.tasks.shift();
      if (task === undefined) return false;
      if (waiter.take(task) === 'taken') return true;
    }
  }

  park(waiter: Waiter<T>): void {
    this.waiters.push(waiter);
  }

  unpark(waiter: Waiter<T>): void {
    this.waiters.remove(waiter);
    this.lastPollAt = Date.now();
  }

  /** A sticky queue counts as alive while a poll waits on it or one came recently. */
  hasRecentPoller(now: number, windowMs: number): boolean {
    return this.waiters.length > 0 || now - this.lastPollAt < windowMs;
  }

  drain(): T[] {
    const out: T[] = [];
    for (let t = this.tasks.shift(); t !== undefined; t = this.tasks.shift()) out.push(t);
    return out;
  }
}

export class QueueRegistry<T> {
  private queues = new Map<string, TaskQueue<T>>();

  constructor(private readonly isLive: (task: T) => boolean = () => true) {}

  get(namespace: string, name: string): TaskQueue<T> {
    const key = `${namespace}\u0000${name}`;
    let q = this.queues.get(key);
    if (!q) {
      q = new TaskQueue<T>(this.isLive);
      this.queues.set(key, q);
    }
    return q;
  }

  peek(namespace: string, name: string): TaskQueue<T> | undefined {
    return this.queues.get(`${namespace}\u0000${name}`);
  }

  delete(namespace: string, name: string): void {
    this.queues.delete(`${namespace}\u0000${name}`);
  }
}
