// `npm run bench:engine`: the embedded engine in its own process, an SDK worker in another, the
// client here. Phase 1 runs 2,000 one-activity workflows, 50 in flight, and reports throughput,
// start-to-result latency and the CPU/RSS of engine vs worker. Phase 2 parks 10,000 workflows on a
// signal and reports the engine's memory, then releases them. Phase 3 measures RPC stalls while a
// durable engine compacts its write-ahead log under load. Prints figures; asserts nothing.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { forkChild, type Child } from './engine/children';
import { compactionPhase } from './engine/compaction';
import type { ProcessStats } from './engine/stats';
import { pool } from './a2a/stats';

const TOTAL = Number(process.env.BENCH_WORKFLOWS ?? 2000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 50);
const PARKED = Number(process.env.BENCH_PARKED ?? 10_000);
const TASK_QUEUE = 'engine-bench';
const HELD = Number(process.env.BENCH_COMPACTION_RUNS ?? 20_000);
const PHASES = new Set((process.env.BENCH_PHASES ?? '1,2,3').split(','));

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const delta = (a: ProcessStats, b: ProcessStats) => b.cpuSeconds - a.cpuSeconds;

/** BENCH_TRACE=1: where a workflow's time goes, from the event times of a few sample histories. */
async function traceHistories(client: Client, total: number): Promise<void> {
  const names = temporal.api.enums.v1.EventType as unknown as Record<number, string>;
  for (const i of [Math.floor(total / 2), Math.floor(total / 2) + 1, total - 10]) {
    const history = await client.workflow.getHandle(`wf-${i}`).fetchHistory();
    const t0 = tsMs(history.events![0].eventTime);
    console.log(`wf-${i}: ` + history.events!.map((e) => `${names[e.eventType as number].replace('EVENT_TYPE_', '')}+${tsMs(e.eventTime) - t0}`).join(' '));
  }
}

function tsMs(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
}

/** Phases 1 and 2 share one in-memory engine and one worker. */
async function workflowPhases(): Promise<void> {
  // BENCH_ENGINE_NODE_ARGS='--cpu-prof' profiles the engine child.
  const engine = forkChild('engine-child.ts', {}, (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const { address } = await engine.ready;
  const worker = forkChild('worker-child.ts', { BENCH_ADDRESS: address!, BENCH_TASK_QUEUE: TASK_QUEUE });
  await worker.ready;
  const connection = await Connection.connect({ address: address! });
  const client = new Client({ connection });
  console.log(`engine at ${address}`);

  if (PHASES.has('1')) await phase1(client, engine, worker);
  if (PHASES.has('2')) await phase2(client, engine);

  await connection.close();
  worker.proc.send({ type: 'stop' });
  await new Promise((r) => worker.proc.once('exit', r));
  engine.proc.disconnect();
  await new Promise((r) => engine.proc.once('exit', r));
}

async function phase1(client: Client, engine: Child, worker: Child): Promise<void> {
  console.log(`${TOTAL} one-activity workflows, ${IN_FLIGHT} in flight`);
  // Warm-up so bundling and JIT do not count against the measured phase.
  await pool(100, IN_FLIGHT, (i) => client.workflow.execute('oneActivityWorkflow', { taskQueue: TASK_QUEUE, workflowId: `warm-${i}`, args: [{ n: i }] }));

  const [e0, w0] = await Promise.all([engine.stats(), worker.stats()]);
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  const latencies = await pool(TOTAL, IN_FLIGHT, async (i) => {
    const start = performance.now();
    await client.workflow.execute('oneActivityWorkflow', { taskQueue: TASK_QUEUE, workflowId: `wf-${i}`, args: [{ n: i }] });
    return performance.now() - start;
  });
  const seconds = (Date.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const [e1, w1] = await Promise.all([engine.stats(), worker.stats()]);
  latencies.sort((a, b) => a - b);
  const engineCpu = delta(e0, e1);
  const workerCpu = delta(w0, w1);
  console.log('\n== phase 1: one-activity workflows ==');
  console.log(`completed            ${TOTAL} in ${seconds.toFixed(1)} s = ${(TOTAL / seconds).toFixed(0)} workflows/s`);
  console.log(`latency start->result p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms`);
  console.log(`engine CPU           ${engineCpu.toFixed(2)} s (${((engineCpu / TOTAL) * 1000).toFixed(2)} ms/workflow), peak RSS ${mb(e1.peakRssBytes)}`);
  console.log(`worker CPU           ${workerCpu.toFixed(2)} s (${((workerCpu / TOTAL) * 1000).toFixed(2)} ms/workflow), peak RSS ${mb(w1.peakRssBytes)}`);
  console.log(`client CPU           ${((c1.user + c1.system) / 1e6).toFixed(2)} s`);
  console.log(`engine / worker CPU  ${(engineCpu / workerCpu).toFixed(2)} (goal <= 0.33)`);

  if (process.env.BENCH_TRACE) await traceHistories(client, TOTAL);
}

async function phase2(client: Client, engine: Child): Promise<void> {
  console.log(`\n== phase 2: ${PARKED} workflows parked on a signal ==`);
  const before = await engine.stats();
  const p0 = Date.now();
  await pool(PARKED, 200, (i) => client.workflow.start('parkedWorkflow', { taskQueue: TASK_QUEUE, workflowId: `parked-${i}` }));
  // Wait until the last ones have completed their first workflow task (they are then truly parked).
  for (const i of [PARKED - 1, PARKED - 2, Math.floor(PARKED / 2)]) {
    for (;;) {
      const d = await client.workflow.getHandle(`parked-${i}`).describe();
      if (Number(d.historyLength) >= 4) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const parked = await engine.stats();
  console.log(`parked               ${PARKED} in ${((Date.now() - p0) / 1000).toFixed(1)} s`);
  if (process.env.BENCH_HEAP_SNAPSHOT) engine.proc.send({ type: 'heapsnapshot' });
  console.log(`engine heap          used ${mb(parked.heapUsedBytes)} of ${mb(parked.heapTotalBytes)}, external ${mb(parked.externalBytes)} (before parking: used ${mb(before.heapUsedBytes)} of ${mb(before.heapTotalBytes)}, external ${mb(before.externalBytes)})`);
  console.log(`engine RSS           ${mb(parked.rssBytes)} after GC (was ${mb(before.rssBytes)} before parking; goal < 300 MB), peak ${mb(parked.peakRssBytes)}`);
  const r0 = Date.now();
  await pool(PARKED, 200, async (i) => {
    const handle = client.workflow.getHandle(`parked-${i}`);
    await handle.signal('release');
    await handle.result();
  });
  console.log(`released             ${PARKED} in ${((Date.now() - r0) / 1000).toFixed(1)} s`);
  const end = await engine.stats();
  console.log(`engine RSS at end    ${mb(end.rssBytes)}, peak ${mb(end.peakRssBytes)}`);
}

async function main(): Promise<void> {
  if (PHASES.has('1') || PHASES.has('2')) await workflowPhases();
  if (PHASES.has('3')) {
    console.log(`\n== phase 3: write-ahead log compaction under load (durable engine, ${HELD} held runs) ==`);
    await compactionPhase({
      runs: HELD,
      inFlight: 32,
      compactions: Number(process.env.BENCH_COMPACTIONS ?? 3),
      maxSeconds: 60,
      walCompactBytes: process.env.BENCH_WAL_COMPACT_BYTES ? Number(process.env.BENCH_WAL_COMPACT_BYTES) : undefined,
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
