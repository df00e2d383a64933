// Durable state for `dataDir`: snapshot.bin (the whole state at some sequence number) plus wal.log
// (one record per committed transaction: touched run states, their new history events, namespace
// changes, dropped runs). Records are written before the RPC is answered (fsync optional). On start
// the snapshot and the log are replayed, a torn last record is cut off, and a fresh snapshot is
// written; the log is compacted the same way whenever it outgrows the snapshot.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine, NamespaceState, Persistence } from '../engine/engine';
import { Run } from '../engine/run';
import type { RunState } from '../engine/types';
import { restoreRuns } from '../engine/recovery';
import { EventLog, framedEnds } from '../engine/event-log';
import type { EngineLogger } from '../logger';
import { frameRecord, readRecords, writeFileAtomic } from './wal';

const FORMAT_VERSION = 1;
const MIN_COMPACT_BYTES = 64 * 1024 * 1024;

interface RunRecord {
  state: RunState;
  /** Event id of the first event in `events`. */
  from: number;
  events: Buffer;
}

interface WalRecord {
  seq: number;
  runs: RunRecord[];
  namespaces: NamespaceState[];
  dropped: string[];
}

type SnapshotRecord =
  | { k: 'meta'; version: number; seq: number }
  | { k: 'ns'; ns: NamespaceState }
  | { k: 'run'; run: RunRecord };

export interface StoreOptions {
  dir: string;
  fsync: boolean;
  logger: EngineLogger;
  compactBytes?: number;
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
      if (rec.version !== FORMAT_VERSION) throw new Error(`${snapshotPath}: unsupported format version ${rec.version}`);
      seq = rec.seq;
    } else if (rec.k === 'ns') engine.namespaces.set(rec.ns.name, rec.ns);
    else applyRun(rec.run);
  }
  if (snapshot.validBytes !== snapshot.totalBytes) throw new Error(`${snapshotPath} is corrupt (snapshots are written atomically, so this is not a torn write)`);

  const wal = readRecords<WalRecord>(walPath);
  let replayed = 0;
  for (const rec of wal.records) {
    if (rec.seq <= seq) continue;
    seq = rec.seq;
    replayed++;
    for (const ns of rec.namespaces) engine.namespaces.set(ns.name, ns);
    for (const r of rec.runs) applyRun(r);
    for (const id of rec.dropped) runs.delete(id);
  }
  if (wal.validBytes !== wal.totalBytes) {
    o.logger.warn('write-ahead log had a torn last record (crash during a write); it was discarded', { bytes: wal.totalBytes - wal.validBytes });
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

  const store = new Store(engine, { ...o, snapshotPath, walPath, seq });
  store.compact();
  engine.persistence = store;
  o.logger.info('embedded temporal state recovered', { runs: restored.length, walRecords: replayed, ms: Date.now() - started });
}

class Store implements Persistence {
  private fd: number;
  private seq: number;
  private walBytes = 0;
  private snapshotBytes = 0;

  constructor(
    private readonly engine: Engine,
    private readonly o: StoreOptions & { snapshotPath: string; walPath: string; seq: number },
  ) {
    this.seq = o.seq;
    this.fd = fs.openSync(o.walPath, 'a');
  }

  write(runs: Run[], namespaces: NamespaceState[], dropped: string[]): void {
    const record: WalRecord = {
      seq: ++this.seq,
      runs: runs.map((run) => ({ state: run.state, from: run.persistedEvents + 1, events: run.events.range(run.persistedEvents) })),
      namespaces,
      dropped,
    };
    const bytes = frameRecord(record);
    fs.writeSync(this.fd, bytes);
    if (this.o.fsync) fs.fdatasyncSync(this.fd);
    this.walBytes += bytes.length;
    if (this.walBytes > Math.max(this.o.compactBytes ?? MIN_COMPACT_BYTES, this.snapshotBytes)) {
      // The runs of this transaction are not marked persisted yet: do it now so the snapshot and the
      // next log record agree.
      for (const run of runs) run.persistedEvents = run.events.count;
      this.compact();
    }
  }

  /** Writes the whole state as a new snapshot, then empties the log (records up to `seq` are in it). */
  compact(): void {
    const chunks: Buffer[] = [frameRecord({ k: 'meta', version: FORMAT_VERSION, seq: this.seq })];
    for (const ns of this.engine.namespaces.values()) chunks.push(frameRecord({ k: 'ns', ns }));
    for (const run of this.engine.runs.values()) {
      chunks.push(frameRecord({ k: 'run', run: { state: run.state, from: 1, events: run.events.range(0, run.persistedEvents) } }));
    }
    this.snapshotBytes = writeFileAtomic(this.o.snapshotPath, chunks);
    fs.ftruncateSync(this.fd, 0);
    if (this.o.fsync) fs.fsyncSync(this.fd);
    this.walBytes = 0;
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
