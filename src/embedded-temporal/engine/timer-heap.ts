// One binary min-heap of due times drives every engine timeout, user timer and retry backoff, with a
// single Node timer armed for the earliest entry. Entries are never removed: the handler re-checks
// the run state when an entry fires (lazy deletion), which keeps scheduling O(log n).
export interface TimerEntry {
  at: number;
  kind: TimerKind;
  runId: string;
  /** Identifies the thing within the run (activity scheduled id, timer id, task attempt...). */
  key: string;
  seq: number;
}

export type TimerKind =
  | 'user-timer'
  | 'wt-start-to-close'
  | 'wt-sticky'
  | 'activity'
  | 'run-timeout'
  | 'first-wt-backoff'
  | 'retention';

export class TimerHeap {
  private heap: TimerEntry[] = [];
  private seq = 0;
  private handle: NodeJS.Timeout | null = null;
  private armedAt = Infinity;
  private closed = false;

  constructor(private readonly onFire: (entry: TimerEntry) => void) {}

  get size(): number {
    return this.heap.length;
  }

  schedule(at: number, kind: TimerKind, runId: string, key = ''): void {
    const entry: TimerEntry = { at, kind, runId, key, seq: this.seq++ };
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
    if (at < this.armedAt) this.arm();
  }

  close(): void {
    this.closed = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
  }

  private pop(): TimerEntry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  private arm(): void {
    if (this.closed) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.armedAt = Infinity;
    if (this.heap.length === 0) return;
    const at = this.heap[0].at;
    // setTimeout caps at ~24.8 days; a far entry simply re-arms when the capped timer fires.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    this.armedAt = at;
    // Unref'd: the gRPC server keeps a process alive, the engine's own clock must not.
    this.handle = setTimeout(() => this.fireDue(), delay).unref();
  }

  private fireDue(): void {
    this.handle = null;
    this.armedAt = Infinity;
    const now = Date.now();
    let fired = 0;
    // Bounded batch so a flood of due entries cannot starve the gRPC server.
    while (this.heap.length > 0 && this.heap[0].at <= now && fired < 1000) {
      const entry = this.pop() as TimerEntry;
      fired++;
      this.onFire(entry);
      if (this.closed) return;
    }
    if (fired >= 1000) {
      this.handle = setTimeout(() => this.fireDue(), 0).unref();
      this.armedAt = now;
      return;
    }
    this.arm();
  }
}

function less(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
