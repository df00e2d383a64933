// Server-Sent Events for A2A streams. Invariants: the first item is awaited before any header is
// sent (for one heartbeat interval at most), so an early failure is a plain error response; every frame carries `id: <seq>` for
// Last-Event-ID resume; idle streams get heartbeat comments; a failure after the headers becomes a
// final `event: error` frame; a client disconnect (or shutdown) aborts the request's signal and
// returns the iterator, so the handler stops its work for this stream.
import { once } from 'node:events';
import type { ApiContext } from '../app-types';
import type { SequencedStreamEvent } from '../request-handler';
import { isShutdownAbort, shutdownRefusal } from './request-context';
import type { StreamRegistry } from './stream-registry';

/** `T` is any sequenced item (A2A stream events by default; the approvals feed sends its lists). */
export interface SseOptions<T extends { seq: number } = SequencedStreamEvent> {
  ctx: ApiContext;
  /** Called inside the early-error guard, so a synchronous throw is an early error too. */
  source: () => AsyncIterable<T>;
  /** The JSON `data` of one item's frame. */
  frame: (item: T) => unknown;
  /** The JSON `data` of the final error frame. */
  errorFrame: (err: unknown) => unknown;
  /** Answers with a normal (non-stream) error response; nothing has been sent yet. */
  earlyError: (err: unknown) => void;
  heartbeatMs: number;
  registry: StreamRegistry;
  /** Whose stream this is (see api/limits/principal-key.ts); counted against the per-principal limit. */
  owner?: string;
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  // nginx would otherwise buffer the stream.
  'X-Accel-Buffering': 'no',
} as const;

const STOP = Symbol('stop');
const PATIENCE = Symbol('patience');

export async function pipeSse<T extends { seq: number }>(options: SseOptions<T>): Promise<void> {
  let release: (() => void) | undefined;
  try {
    release = options.owner === undefined ? undefined : options.registry.reserve(options.owner);
  } catch (err) {
    options.earlyError(err);
    return;
  }
  try {
    await streamTo(options);
  } finally {
    release?.();
  }
}

async function streamTo<T extends { seq: number }>(options: SseOptions<T>): Promise<void> {
  const { ctx, registry } = options;
  const res = ctx.res;
  const abort = ctx.state.abort;
  let stop!: () => void;
  const stopped = new Promise<typeof STOP>((resolve) => (stop = () => resolve(STOP)));
  if (abort.signal.aborted) stop();
  abort.signal.addEventListener('abort', () => stop(), { once: true });

  // A next() that loses the race to `stopped` may still reject later; that must not go unhandled.
  const next = (it: AsyncIterator<T>) => {
    const pending = it.next();
    pending.catch(() => undefined);
    return Promise.race([pending, stopped]);
  };

  let iterator: AsyncIterator<T>;
  let firstItem: Promise<IteratorResult<T> | typeof STOP>;
  let first: IteratorResult<T> | typeof STOP | typeof PATIENCE;
  // A subscription resumed where nothing new has happened yet may wait long for its first item:
  // after one heartbeat interval the stream starts anyway (heartbeats keep it open, a shutdown can
  // end it with a retry hint), and a later failure becomes an error frame.
  let patience: ReturnType<typeof setTimeout> | undefined;
  try {
    iterator = options.source()[Symbol.asyncIterator]();
    firstItem = next(iterator);
    first = await Promise.race([firstItem, new Promise<typeof PATIENCE>((resolve) => (patience = setTimeout(() => resolve(PATIENCE), options.heartbeatMs)))]);
  } catch (err) {
    options.earlyError(err);
    return;
  } finally {
    clearTimeout(patience);
  }
  if (first === STOP) {
    void returnQuietly(iterator);
    // Nobody to answer when the client left; a shutdown tells the client to come back.
    if (isShutdownAbort(abort.signal)) options.earlyError(shutdownRefusal());
    return;
  }

  ctx.respond = false;
  // A write racing a disconnect can error; the disconnect itself is handled through `abort`.
  res.on('error', () => stop());
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();

  let retryMs: number | undefined;
  let finishStream!: () => void;
  registry.track(
    {
      shutdown: (ms) => {
        retryMs = ms;
        abort.abort(new Error('server shutting down'));
        stop();
      },
    },
    new Promise<void>((resolve) => (finishStream = resolve)),
  );

  let wroteSinceTick = false;
  const write = async (chunk: string) => {
    if (res.destroyed || res.writableEnded) return stop();
    wroteSinceTick = true;
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), stopped]);
  };
  const heartbeat = setInterval(() => {
    if (!wroteSinceTick && !res.writableEnded && !res.destroyed) res.write(': heartbeat\n\n');
    wroteSinceTick = false;
  }, options.heartbeatMs);

  let exhausted = false;
  try {
    if (first === PATIENCE) await write(': waiting for the next event\n\n');
    let item: IteratorResult<T> | typeof STOP = first === PATIENCE ? await firstItem : first;
    while (item !== STOP && !item.done) {
      await write(`id: ${item.value.seq}\ndata: ${JSON.stringify(options.frame(item.value))}\n\n`);
      item = await next(iterator);
    }
    exhausted = item !== STOP;
  } catch (err) {
    exhausted = true;
    if (!res.writableEnded && !res.destroyed) res.write(`event: error\ndata: ${JSON.stringify(options.errorFrame(err))}\n\n`);
  } finally {
    clearInterval(heartbeat);
    if (!exhausted) {
      if (!abort.signal.aborted) abort.abort(new Error('stream closed'));
      void returnQuietly(iterator);
    }
    if (retryMs !== undefined && !res.writableEnded && !res.destroyed) res.write(`retry: ${retryMs}\n\n`);
    if (!res.writableEnded) res.end();
    finishStream();
  }
}

/** Ask the producer to stop; it may still be settling a pending next(), so this is not awaited. */
async function returnQuietly(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The stream is over for the client either way.
  }
}
