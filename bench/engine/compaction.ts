// Phase 3 of `npm run bench:engine`: RPC stalls while the write-ahead log is compacted under load.
// A durable engine holds many runs (a large snapshot); clients then signal them as fast as they can
// until several compactions have completed. Reports the slowest RPC and the engine's longest
// event-loop stall in that window, the compactions seen (snapshot.bin replaced) and peak disk use.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { forkChild } from './children';

export interface CompactionOptions {
  runs: number;
  inFlight: number;
  /** Stop after this many compactions in the load window, or after maxSeconds. */
  compactions: number;
  maxSeconds: number;
  walCompactBytes?: number;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Watches the data directory: every replacement of snapshot.bin is one finished compaction. */
function watchDataDir(dir: string) {
  const seen: Array<{ at: number; bytes: number }> = [];
  let ino = -1;
  let peakDisk = 0;
  const timer = setInterval(() => {
    let total = 0;
    for (const name of fs.readdirSync(dir)) {
      try {
        const st = fs.statSync(path.join(dir, name));
        total += st.size;
        if (name === 'snapshot.bin' && st.ino !== ino) {
          if (ino !== -1) seen.push({ at: Date.now(), bytes: st.size });
          ino = st.ino;
        }
      } catch {
        // renamed or removed between readdir and stat
      }
    }
    peakDisk = Math.max(peakDisk, total);
  }, 5);
  return { seen, peakDisk: () => peakDisk, stop: () => clearInterval(timer) };
}

export async function compactionPhase(o: CompactionOptions): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-compaction-'));
  const env: Record<string, string> = { BENCH_DATA_DIR: dataDir };
  if (o.walCompactBytes) env.BENCH_WAL_COMPACT_BYTES = String(o.walCompactBytes);
  const engine = forkChild('engine-child.ts', env, (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean));
  try {
    const { address } = await engine.ready;
    const connection = await Connection.connect({ address: address! });
    const client = new Client({ connection });
    const pad = 'p'.repeat(2048);
    const ids = Array.from({ length: o.runs }, (_, i) => `held-${i}`);
    let next = 0;
    await Promise.all(Array.from({ length: 200 }, async () => {
      while (next < ids.length) {
        const workflowId = ids[next++];
        // Nobody polls this queue: the runs stay open with a scheduled first task.
        await client.workflow.start('parkedWorkflow', { taskQueue: 'compaction-bench-nobody', workflowId, args: [{ pad }] });
      }
    }));
    const watch = watchDataDir(dataDir);
    await engine.stats(); // resets the engine's stall monitor
    const latencies: number[] = [];
    const note = 'n'.repeat(1024);
    const t0 = Date.now();
    let i = 0;
    await Promise.all(Array.from({ length: o.inFlight }, async () => {
      while (watch.seen.length < o.compactions && Date.now() - t0 < o.maxSeconds * 1000) {
        const id = ids[(i++ * 7919) % ids.length];
        const start = performance.now();
        await client.workflow.getHandle(id).signal('note', note);
        latencies.push(performance.now() - start);
      }
    }));
    const seconds = (Date.now() - t0) / 1000;
    const stats = await engine.stats();
    watch.stop();
    latencies.sort((a, b) => a - b);
    const sizes = watch.seen.map((s) => mb(s.bytes)).join(', ') || 'none';
    console.log(`held runs            ${o.runs}, ${o.inFlight} signalers for ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)} signals/s`);
    console.log(`compactions          ${watch.seen.length} (snapshots ${sizes}); peak disk ${mb(watch.peakDisk())}`);
    console.log(`signal RPC           p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);
    console.log(`engine max stall     ${stats.loopDelayMaxMs.toFixed(0)} ms (longest event-loop delay in the window)`);
    await connection.close();
  } finally {
    engine.proc.disconnect();
    await new Promise((r) => engine.proc.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
