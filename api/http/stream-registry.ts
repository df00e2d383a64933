// The open SSE streams of one app, so a graceful shutdown can end them all with a `retry:` hint
// (clients reconnect after that delay, to another instance, resuming with Last-Event-ID). It also
// counts streams per principal, so one caller cannot hold every connection the server has.
import { A2AError } from '../a2a-error';

export interface ActiveStream {
  /** Ends the stream: writes `retry: <ms>` when given, aborts the work behind it, closes the response. */
  shutdown(retryMs?: number): void;
}

export class StreamRegistry {
  private readonly streams = new Map<ActiveStream, Promise<void>>();
  private readonly perOwner = new Map<string, number>();

  /** `maxPerOwner`: streams one principal may have open at once (unlimited when omitted); `limit` names it in refusals. */
  constructor(
    private readonly maxPerOwner = Number.POSITIVE_INFINITY,
    private readonly limit = 'maxStreamsPerPrincipal',
  ) {}

  /** Counts a stream against `owner` until the returned release is called; refuses one past the limit. */
  reserve(owner: string): () => void {
    const open = this.perOwner.get(owner) ?? 0;
    if (open >= this.maxPerOwner) {
      throw A2AError.resourceExhausted(
        this.limit,
        `Too many open streams: at most ${this.maxPerOwner} per principal (${this.limit}); close one or resubscribe later`,
        { limitValue: this.maxPerOwner },
      );
    }
    this.perOwner.set(owner, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perOwner.get(owner) ?? 1) - 1;
      if (left <= 0) this.perOwner.delete(owner);
      else this.perOwner.set(owner, left);
    };
  }

  /** Streams `owner` has open (reserved) right now. */
  openFor(owner: string): number {
    return this.perOwner.get(owner) ?? 0;
  }

  get size(): number {
    return this.streams.size;
  }

  /** Registers a stream until `finished` settles. */
  track(stream: ActiveStream, finished: Promise<void>): void {
    const done = finished.finally(() => this.streams.delete(stream));
    this.streams.set(stream, done);
  }

  async closeAll(options: { retryMs?: number } = {}): Promise<void> {
    const pending = [...this.streams.entries()];
    for (const [stream] of pending) stream.shutdown(options.retryMs);
    await Promise.allSettled(pending.map(([, done]) => done));
  }
}
