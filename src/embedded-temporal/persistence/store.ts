// Durable state for `dataDir`: snapshot.bin plus write-ahead logs holding one record per committed
// transaction (touched runs' whole states and new history events, namespace changes, dropped runs),
// written before the RPC is answered (fsync optional). The live log is wal.log; a compaction seals it
// as wal.<seq>.log (its last record's sequence number), starts a fresh wal.log and writes a fuzzy
// snapshot in the background (snapshot.ts); once that snapshot is durable the sealed logs go.
//
// Why recovery from a fuzzy snapshot is exact: let S be the last record of the sealed log. Each run
// in the snapshot was captured between transactions after S, so its state and events are those of
// the last record r that touched it (or of the snapshot it came from). Recovery replays every record
// after S in order; a record sets the run's whole state and appends only the events the run does not
// have yet (events never change once written, and each record continues its run's previous one), so
// after the run's last record the run is exactly as it was committed, whether that record was taken
// before its capture (state briefly older, then overwritten) or after. Runs created after S are in
// those records from their first event; runs dropped after S are dropped again. Crash points: before
// the rename of snapshot.bin the old snapshot plus all logs are read; after it, the new one plus the
// records after S, which the fresh wal.log and any leftover sealed logs hold.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Engine, NamespaceState, Persistence } from '../engine/engine';
import { Run } from '../engine/run';
import type { RunState } from '../engine/types';
import { restoreRuns } from '../engine/recovery';
import { EventLog, framedEnds } from '../engine/event-log';
import type { EngineLogger } from '../logger';
import { frameRecord, readRecords, syncDir, unlinkQuietly, writeFileAtomic } from './wal';
import { isSnapshotTemp, READABLE_VERSIONS, snapshotChunks, writeSnapshotInBackground, type RunRecord, type SnapshotRecord } from './snapshot';

const MIN_COMPACT_BYTES = 64 * 1024 * 1024;
const SEALED_LOG = /^wal\.(\d+)\.log$/;

interface WalRecord {
  seq: number;
  runs: RunRecord[];
  namespaces: NamespaceState[];
  dropped: string[];
}

export interface StoreOptions {
  dir: string;
  fsync: boolean;
  logger: EngineLogger;
  compactBytes?: number;
}

/** Sealed logs in the order they were written. */
function sealedLogs(dir: string): Array<{ seq: number; file: string }> {
  return fs
    .readdirSync(dir)
    .flatMap((name) => {
      const m = SEALED_LOG.exec(name);
      return m ? [{ seq: Number(m[1]), file: path.join(dir, name) }] : [];
    })
    .sort((a, b) => a.seq - b.seq);
}

export function openStore(engine: Engine, o: StoreOptions): void {
  fs.mkdirSync(o.dir, { recursive: true });
  const snapshotPath = path.join(o.dir, 'snapshot.bin');
  const walPath = path.join(o.dir, 'wal.log');
  const started = Date.now();

  const runs = new Map<string, { state: RunState; events: EventLog }>();
  const applyRun = (r: RunRecord) => {
    const events = runs.get(r.state.runId)?.events ?? new EventLog();
    // Idempotent: events already present (same ids) are skipped.
    const ends = framedEnds(r.events);
    const skip = events.count + 1 - r.from;
    if (skip >= 0 && skip < ends.length) {
      const offset = skip === 0 ? 0 : ends[skip - 1];
      events.appendFramed(r.events.subarray(offset), ends.slice(skip).map((e) => e - offset));
    }
    runs.set(r.state.runId, { state: r.state, events });
  };

  const snapshot = readRecords<SnapshotRecord>(snapshotPath);
  let seq = 0;
  for (const rec of snapshot.records) {
    if (rec.k === 'meta') {
      if (!READABLE_VERSIONS.has(rec.version)) throw new Error(`${snapshotPath}: unsupported format version ${rec.version}`);
      seq = rec.seq;
    } else if (rec.k === 'ns') engine.namespaces.set(rec.ns.name, rec.ns);
    else applyRun(rec.run);
  }
  if (snapshot.validBytes !== snapshot.totalBytes) throw new Error(`${snapshotPath} is corrupt (snapshots are written atomically, so this is not a torn write)`);

  let replayed = 0;
  const sealed = sealedLogs(o.dir);
  for (const file of [...sealed.map((s) => s.file), walPath]) {
    const wal = readRecords<WalRecord>(file);
    for (const rec of wal.records) {
      if (rec.seq <= seq) continue;
      seq = rec.seq;
      replayed++;
      for (const ns of rec.namespaces) engine.namespaces.set(ns.name, ns);
      for (const r of rec.runs) applyRun(r);
      for (const id of rec.dropped) runs.delete(id);
    }
    if (wal.validBytes !== wal.totalBytes) {
      o.logger.warn('write-ahead log had a torn last record (crash during a write); it was discarded', { file: path.basename(file), bytes: wal.totalBytes - wal.validBytes });
    }
  }

  const restored: Run[] = [];
  for (const { state, events } of runs.values()) {
    const run = new Run(state);
    if (!run.isOpen) events.trim();
    run.events = events;
    run.persistedEvents = events.count;
    restored.push(run);
  }
  restoreRuns(engine, restored);

  // Nothing is served yet, so the fresh snapshot is written at once; it also drops a torn tail.
  for (const name of fs.readdirSync(o.dir)) if (isSnapshotTemp(name)) fs.rmSync(path.join(o.dir, name), { force: true });
  const snapshotBytes = writeFileAtomic(snapshotPath, snapshotChunks(engine, seq));
  for (const s of sealed) fs.rmSync(s.file, { force: true });
  fs.writeFileSync(walPath, '');
  if (o.fsync) syncDir(walPath);
  engine.persistence = new Store(engine, { ...o, snapshotPath, walPath, seq, snapshotBytes });
  o.logger.info('embedded temporal state recovered', { runs: restored.length, walRecords: replayed, ms: Date.now() - started });
}

class Store implements Persistence {
  private fd: number;
  private seq: number;
  private walBytes = 0;
  private snapshotBytes: number;
  /** The background compaction in progress, if any (it never rejects). */
  private compaction: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly engine: Engine,
    private readonly o: StoreOptions & { snapshotPath: string; walPath: string; seq: number; snapshotBytes: number },
  ) {
    this.seq = o.seq;
    this.snapshotBytes = o.snapshotBytes;
    this.fd = fs.openSync(o.walPath, 'a');
  }

  write(runs: Run[], namespaces: NamespaceState[], dropped: string[]): void {
    if (this.closed) throw new Error('the embedded engine is closed');
    const record: WalRecord = {
      seq: ++this.seq,
      runs: runs.map((run) => {
        const durable = run.durableState();
        return { state: durable.state, from: run.persistedEvents + 1, events: run.events.range(run.persistedEvents, durable.eventCount) };
      }),
      namespaces,
      dropped,
    };
    const bytes = frameRecord(record);
    fs.writeSync(this.fd, bytes);
    if (this.o.fsync) fs.fdatasyncSync(this.fd);
    this.walBytes += bytes.length;
    if (!this.compaction && this.walBytes > Math.max(this.o.compactBytes ?? MIN_COMPACT_BYTES, this.snapshotBytes)) this.startCompaction();
  }

  /** Seals wal.log as wal.<seq>.log, continues in a fresh wal.log and snapshots in the background. */
  private startCompaction(): void {
    const seq = this.seq;
    const sealed = path.join(this.o.dir, `wal.${seq}.log`);
    try {
      fs.renameSync(this.o.walPath, sealed);
      let fd: number;
      try {
        fd = fs.openSync(this.o.walPath, 'a');
      } catch (err) {
        fs.renameSync(sealed, this.o.walPath); // keep appending where recovery will look
        throw err;
      }
      fs.closeSync(this.fd);
      this.fd = fd;
      // With fsync on, the new name must be durable before records that depend on it are.
      if (this.o.fsync) syncDir(this.o.walPath);
    } catch (err) {
      this.o.logger.error('could not seal the write-ahead log for compaction', { error: (err as Error).message });
      this.walBytes = 0; // try again once another threshold's worth has been written
      return;
    }
    this.walBytes = 0;
    const started = performance.now();
    this.compaction = this.compact(seq)
      .then((done) => {
        if (done) this.o.logger.info('write-ahead log compacted', { ...done, seq, ms: Math.round(performance.now() - started) });
      })
      .catch((err) => this.o.logger.error('write-ahead log compaction failed; the logs are kept and it is retried later', { error: (err as Error).stack }))
      .finally(() => {
        this.compaction = null;
      });
  }

  private async compact(seq: number): Promise<{ bytes: number; batches: number } | null> {
    // The sealed logs stay until the new snapshot is durable: until then recovery reads the old
    // snapshot, which is only complete with every one of them.
    const written = await writeSnapshotInBackground(this.o.snapshotPath, snapshotChunks(this.engine, seq), () => this.closed);
    if (!written) return null;
    this.snapshotBytes = written.bytes;
    // The durable snapshot plus the records after `seq` (all in wal.log) now stand for every sealed log.
    for (const s of sealedLogs(this.o.dir)) if (s.seq <= seq) await unlinkQuietly(s.file);
    return written;
  }

  /** Stops logging at once; resolves when a background compaction has finished or given up. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    return this.compaction ?? Promise.resolve();
  }
}
