// The open SSE streams of one app, so a graceful shutdown can end them all with a `retry:` hint
// (clients reconnect after that delay, to another instance, resuming with Last-Event-ID).
export interface ActiveStream {
  /** Ends the stream: writes `retry: <ms>` when given, aborts the work behind it, closes the response. */
  shutdown(retryMs?: number): void;
}

export class StreamRegistry {
  private readonly streams = new Map<ActiveStream, Promise<void>>();

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
