// Snapshots: a meta record (format version, sequence number S), the namespaces, one record per run.
// A snapshot written while the engine serves is *fuzzy*: it is produced in small batches between
// transactions, so each run is captured at its own moment after S. It is only complete together with
// the log records after S, which recovery replays over it; see store.ts for why that is exact.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Engine, NamespaceState } from '../engine/engine';
import type { RunState } from '../engine/types';
import { frameRecord, syncDirAsync, unlinkQuietly } from './wal';

/** 2: snapshots may be fuzzy (meaningful only with the log records after `seq`). 1 is still read. */
export const FORMAT_VERSION = 2;
export const READABLE_VERSIONS = new Set([1, 2]);

export interface RunRecord {
  state: RunState;
  /** Event id of the first event in `events`. */
  from: number;
  events: Buffer;
}

export type SnapshotRecord =
  | { k: 'meta'; version: number; seq: number }
  | { k: 'ns'; ns: NamespaceState }
  | { k: 'run'; run: RunRecord };

/**
 * The snapshot's records, each run serialized only when pulled. Pulled between transactions, a run's
 * state and its persisted events are exactly those of the last committed transaction that touched it.
 */
export function* snapshotChunks(engine: Engine, seq: number): Generator<Buffer> {
  yield frameRecord({ k: 'meta', version: FORMAT_VERSION, seq } satisfies SnapshotRecord);
  for (const ns of [...engine.namespaces.values()]) yield frameRecord({ k: 'ns', ns } satisfies SnapshotRecord);
  // A Map iterator survives changes: runs dropped before being reached are skipped, new ones visited.
  for (const run of engine.runs.values()) {
    const state = run.durableState().state;
    yield frameRecord({ k: 'run', run: { state, from: 1, events: run.events.range(0, run.persistedEvents) } } satisfies SnapshotRecord);
  }
}

/** Main-thread time one batch may take before the writer yields to the event loop. */
const BATCH_BUDGET_MS = 4;
const BATCH_MAX_BYTES = 4 * 1024 * 1024;
let tmpCounter = 0;

export function isSnapshotTemp(name: string): boolean {
  return /^snapshot\.bin(\..+)?\.tmp$/.test(name);
}

/**
 * Writes `chunks` to a temporary file in batches of at most a few milliseconds of serialization,
 * yielding to the event loop after each, then fsyncs it and renames it over `file`. Returns null,
 * leaving `file` untouched, when `aborted()` turns true (the engine closed) before the rename.
 */
export async function writeSnapshotInBackground(file: string, chunks: Iterator<Buffer>, aborted: () => boolean): Promise<{ bytes: number; batches: number } | null> {
  // A name of its own: a closed engine's abandoned writer can never write into a newer snapshot.
  const tmp = `${file}.${process.pid}-${++tmpCounter}.tmp`;
  const handle = await fs.promises.open(tmp, 'w');
  let bytes = 0;
  let batches = 0;
  let complete = false;
  try {
    for (let done = false; !done; ) {
      if (aborted()) return null;
      const batch: Buffer[] = [];
      let batchBytes = 0;
      const t0 = performance.now();
      for (;;) {
        const next = chunks.next();
        if (next.done) {
          done = true;
          break;
        }
        batch.push(next.value);
        batchBytes += next.value.length;
        if (batchBytes >= BATCH_MAX_BYTES || performance.now() - t0 >= BATCH_BUDGET_MS) break;
      }
      await writeAll(handle, batch, batchBytes);
      bytes += batchBytes;
      batches++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await handle.sync();
    complete = true;
  } finally {
    await handle.close();
    if (!complete) await unlinkQuietly(tmp);
  }
  if (aborted()) {
    await unlinkQuietly(tmp);
    return null;
  }
  fs.renameSync(tmp, file); // synchronous: nothing may run between the abort check and the rename
  await syncDirAsync(file);
  return { bytes, batches };
}

async function writeAll(handle: fs.promises.FileHandle, batch: Buffer[], total: number): Promise<void> {
  if (batch.length === 0) return;
  const { bytesWritten } = await handle.writev(batch);
  if (bytesWritten < total) {
    const rest = Buffer.concat(batch).subarray(bytesWritten);
    for (let pos = 0; pos < rest.length; ) pos += (await handle.write(rest, pos)).bytesWritten;
  }
}
