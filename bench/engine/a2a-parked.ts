// `node -r ./scripts/register-ts.js bench/engine/a2a-parked.ts [count]`: the engine's memory for A2A
// tasks parked in input-required, with the real platform (worker and API as `npm start` runs them)
// against the engine in a benchmark child that reports heap figures after a full GC.
// BENCH_HEAP_SNAPSHOT=1 also writes an engine heap snapshot while the tasks are parked.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { forkChild } from './children';
import { createHttpClient } from '../a2a/http-client';
import { cleanupSync, devUserHeaders, startApi, startWorker, tempDir } from '../a2a/processes';
import { pool } from '../a2a/stats';

const COUNT = Number(process.argv[2] ?? process.env.BENCH_PARKED ?? 10_000);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const dataDir = tempDir('engine-parked');
  const engine = forkChild('engine-child.ts', { BENCH_DATA_DIR: path.join(dataDir, 'engine') });
  try {
    const { address } = await engine.ready;
    const worker = await startWorker(address!, dataDir);
    const api = await startApi(address!, dataDir);
    const http = createHttpClient(64, devUserHeaders(dataDir));
    const url = `${api.ready}/agents/conformance`;
    const park = async () => {
      const result = await http.rpc(url, 'SendMessage', {
        message: { messageId: `tck-input-required-${randomUUID()}`, role: 'ROLE_USER', parts: [{ text: 'park' }] },
        configuration: { historyLength: 0 },
      });
      if ((result.task as { status: { state: string } }).status.state !== 'TASK_STATE_INPUT_REQUIRED') throw new Error('not parked');
    };
    await pool(50, 16, park); // warm-up: JIT, caches, namespace registration
    await new Promise((r) => setTimeout(r, 2000));
    const before = await engine.stats();
    const t0 = Date.now();
    await pool(COUNT, 64, park);
    const seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 3000));
    const after = await engine.stats();
    const per = (f: (s: typeof after) => number) => `${((f(after) - f(before)) / COUNT / 1024).toFixed(1)} KiB/task`;
    console.log(`parked ${COUNT} A2A tasks in ${seconds.toFixed(1)} s`);
    console.log(`engine RSS        ${mib(after.rssBytes)} (before ${mib(before.rssBytes)}) = ${per((s) => s.rssBytes)}`);
    console.log(`engine heap used  ${mib(after.heapUsedBytes)} (before ${mib(before.heapUsedBytes)}) = ${per((s) => s.heapUsedBytes)}`);
    console.log(`engine external   ${mib(after.externalBytes)} (before ${mib(before.externalBytes)}) = ${per((s) => s.externalBytes)}`);
    console.log(`engine peak RSS   ${mib(after.peakRssBytes)}`);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      engine.proc.send({ type: 'heapsnapshot' });
      await new Promise((r) => setTimeout(r, 20_000));
    }
    http.close();
    await api.stop();
    await worker.stop();
  } finally {
    engine.proc.kill('SIGTERM');
    cleanupSync();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
