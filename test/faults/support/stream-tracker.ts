// An SSE stream followed across process deaths: frames are kept as they arrive; when the connection
// breaks, `resume` reconnects with Last-Event-ID set to the last id seen, as an EventSource would.
// At the end, `seen` is every frame this client received over all its connections, in order.
import { openSse, type SseConnection } from '../../support/a2a-sse';

export interface TrackedFrame {
  id: number;
  /** The stream payload (for JSON-RPC, the `result` of the frame's response). */
  payload: unknown;
}

export interface StreamEnd {
  /** 'ended' when the server closed the stream, 'broken' when the connection died under it. */
  how: 'ended' | 'broken';
  /** A `retry:` hint written before the end, when there was one. */
  retryMs?: number;
}

/** Opens the stream's subscription on the API at `baseUrl`, resuming after `lastEventId` when given. */
export type Connect = (baseUrl: string, taskId: string, lastEventId: number | undefined) => Promise<SseConnection>;

export class TrackedStream {
  readonly seen: TrackedFrame[] = [];
  readonly ends: StreamEnd[] = [];
  connections = 0;
  /** Known once the first frame (the Task) has arrived, for streams started by a send. */
  taskId = '';
  private pumping: Promise<StreamEnd> | undefined;
  private connection: SseConnection | undefined;

  constructor(
    /** JSON-RPC frames carry the payload in `result`. */
    readonly jsonRpc: boolean,
    readonly connect: Connect,
  ) {}

  get lastId(): number | undefined {
    return this.seen.length ? this.seen[this.seen.length - 1].id : undefined;
  }

  /** The last frame seen ends the task's stream: a terminal or interrupted status (v0.3: `final`). */
  get sawFinal(): boolean {
    const last = this.seen[this.seen.length - 1]?.payload as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!last) return false;
    if (this.jsonRpc && last.kind === 'status-update') return last.final === true;
    const state = last.statusUpdate?.status?.state as string | undefined;
    return state !== undefined && /COMPLETED|FAILED|CANCELED|REJECTED|INPUT_REQUIRED|AUTH_REQUIRED/.test(state);
  }

  /**
   * Reads `first` (a stream a send opened), or subscribes again resuming after the last id seen (or
   * `after`), and keeps reading in the background.
   */
  async open(baseUrl: string, options: { first?: SseConnection; after?: number } = {}): Promise<void> {
    // Not awaited: a resumed subscription answers (headers included) only with its first new event.
    this.pumping = (async () => {
      let connection: SseConnection;
      try {
        connection = options.first ?? (await this.connect(baseUrl, this.taskId, options.after ?? this.lastId));
      } catch {
        // The process died before it answered: the same as a connection broken mid-stream.
        const end: StreamEnd = { how: 'broken' };
        this.ends.push(end);
        return end;
      }
      this.connection = connection;
      this.connections += 1;
      if (connection.status !== 200 || !connection.headers.get('content-type')?.startsWith('text/event-stream')) {
        throw new Error(`stream for task ${this.taskId} answered ${connection.status}: ${await connection.text()}`);
      }
      return this.pump(connection);
    })();
  }

  /** Drops the connection, as a client going away. */
  disconnect(): void {
    this.connection?.disconnect();
  }

  /** Resolves once the current connection has ended (by the server) or broken. */
  async finished(): Promise<StreamEnd> {
    if (!this.pumping) throw new Error('not open');
    return this.pumping;
  }

  /** Resolves once at least `count` frames have been seen on this stream. */
  async waitForFrames(count: number): Promise<void> {
    while (this.seen.length < count) {
      const end = await Promise.race([this.pumping, new Promise((resolve) => setTimeout(resolve, 20))]);
      if (end && this.seen.length < count) throw new Error(`stream for task ${this.taskId} ended after ${this.seen.length} frames`);
    }
  }

  private async pump(connection: SseConnection): Promise<StreamEnd> {
    let retryMs: number | undefined;
    try {
      for (let frame = await connection.next(); frame; frame = await connection.next()) {
        if (frame.retry !== undefined) retryMs = frame.retry;
        if (frame.data === undefined) continue;
        const body = JSON.parse(frame.data) as Record<string, unknown>;
        if (frame.event === 'error' || (this.jsonRpc && 'error' in body)) throw new Error(`error frame on task ${this.taskId}: ${frame.data}`);
        this.seen.push({ id: Number(frame.id), payload: this.jsonRpc ? body.result : body });
      }
      const end: StreamEnd = { how: 'ended', ...(retryMs !== undefined ? { retryMs } : {}) };
      this.ends.push(end);
      return end;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('error frame')) throw err;
      const end: StreamEnd = { how: 'broken', ...(retryMs !== undefined ? { retryMs } : {}) };
      this.ends.push(end);
      return end;
    }
  }
}

/** The ids of `seen` that are missing from, duplicated in, or out of order against `expected`. */
export function compareIds(seen: number[], expected: number[]): { lost: number; duplicated: number; outOfOrder: number } {
  const counts = new Map<number, number>();
  for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  const lost = expected.filter((id) => !counts.has(id)).length;
  const duplicated = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
  let outOfOrder = 0;
  for (let i = 1; i < seen.length; i++) if (seen[i] <= seen[i - 1]) outOfOrder += 1;
  return { lost, duplicated, outOfOrder };
}

export { openSse };
