// Where streamed model output goes while a step runs, and a writer that batches small deltas into
// ordered chunks. Chunks are a live view only: the step's result carries the full text durably.
import type { StreamTarget } from '../../src/agent-runtime/contracts';

/** One artifact chunk; also the payload the task workflow's stream signal must accept. */
export interface ArtifactChunk extends StreamTarget {
  text: string;
  /** False on the first chunk of an attempt: it replaces whatever an earlier attempt streamed. */
  append: boolean;
  /** True on the final chunk of a completed step (its text may be empty). */
  lastChunk: boolean;
  /** Activity attempt that produced it; chunks from an attempt older than the newest seen are stale. */
  attempt: number;
  /** 0-based position within the attempt. */
  index: number;
}

export interface StreamSink {
  publish(chunk: ArtifactChunk): Promise<void>;
}

export interface StreamWriter {
  write(text: string): void;
  /** Publishes what is buffered as the last chunk and waits for every publish to finish. */
  end(): Promise<void>;
  /** Drops what is buffered (the step failed or was cancelled) and waits for in-flight publishes. */
  discard(): Promise<void>;
}

export interface BatchingOptions {
  /** Upper bound on how long a delta waits before it is published. */
  flushIntervalMs?: number;
  /** Publish as soon as this many characters are buffered. */
  maxBufferChars?: number;
}

export const DEFAULT_BATCHING = { flushIntervalMs: 1_000, maxBufferChars: 4_096 } as const;

export interface StreamWriterOptions extends BatchingOptions {
  sink: StreamSink;
  target: StreamTarget;
  attempt: number;
  /** Called once when the sink fails; streaming then stops for this attempt, the step goes on. */
  onSinkError?: (error: unknown) => void;
}

export function createBatchingStreamWriter(options: StreamWriterOptions): StreamWriter {
  // Each chunk is a signal (4 history events); a published chunk carries every delta of its window
  // (coalesced, one sequence number), so a stream costs at most ~4 events a second, whatever its speed.
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_BATCHING.flushIntervalMs;
  const maxBufferChars = options.maxBufferChars ?? DEFAULT_BATCHING.maxBufferChars;
  let buffer = '';
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failed = false;
  let closed = false;
  let flushed = false;
  // Publishes run one after another so chunks reach the sink in order; a publish takes whatever has
  // accumulated by the time it runs, so a slow sink gets fewer, larger chunks instead of a backlog.
  let tail: Promise<void> = Promise.resolve();

  const publishBuffered = async (lastChunk: boolean) => {
    if (failed) return;
    if (buffer === '' && !lastChunk) return;
    if (lastChunk && buffer === '' && index === 0) return; // nothing was ever streamed
    const chunk: ArtifactChunk = { ...options.target, text: buffer, append: index > 0, lastChunk, attempt: options.attempt, index };
    buffer = '';
    index += 1;
    try {
      await options.sink.publish(chunk);
    } catch (error) {
      failed = true;
      options.onSinkError?.(error);
    }
  };

  const schedule = (lastChunk: boolean) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!lastChunk) flushed = true;
    tail = tail.then(() => publishBuffered(lastChunk));
  };

  return {
    write(text) {
      if (closed || failed || text === '') return;
      buffer += text;
      if (buffer.length >= maxBufferChars) schedule(false);
      else if (timer === undefined) timer = setTimeout(() => schedule(false), flushIntervalMs);
    },
    async end() {
      if (closed) return tail;
      closed = true;
      if (!flushed) {
        // The whole output came before the first flush: the step's result, due at the same moment,
        // carries it, and a chunk would only cost the task's workflow a signal and a task of its own.
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        buffer = '';
        return tail;
      }
      schedule(true);
      return tail;
    },
    async discard() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      buffer = '';
      return tail;
    },
  };
}
