// `npm run bench:reads`: GetTask latency with every worker stopped (issue 9, item 6; goal p99 < 50 ms
// and no error). Production-shaped processes (engine CLI, a worker, an API); BENCH_READS_TASKS tasks
// parked in input-required, then the worker stopped and each task read BENCH_READS_ROUNDS times, by
// the API that served them and by a fresh API process (which has cached nothing).
// Every call is bounded (BENCH_READS_TIMEOUT_MS) and so is the whole phase (BENCH_READS_BUDGET_S):
// a read that hangs is reported as a timeout, never waited for. Asserts nothing.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createHttpClient, TimeoutError } from './a2a/http-client';
import { cleanupSync, devUserHeaders, startApi, startEngine, startWorker, tempDir, type Child } from './a2a/processes';
import { machine, ms, pool, table } from './a2a/stats';

const TASKS = Number(process.env.BENCH_READS_TASKS ?? 50);
const ROUNDS = Number(process.env.BENCH_READS_ROUNDS ?? 4);
const TIMEOUT_MS = Number(process.env.BENCH_READS_TIMEOUT_MS ?? 5_000);
const BUDGET_MS = Number(process.env.BENCH_READS_BUDGET_S ?? 60) * 1000;
/** Pause between the worker's exit and the first read (0: read at once, as during a deploy). */
const SETTLE_MS = Number(process.env.BENCH_READS_SETTLE_MS ?? 1_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Reads {
  /** Every attempted read's time, failures included (a timeout counts as its full timeout). */
  latencies: number[];
  errors: Map<string, number>;
  /** Reads not attempted because the budget ran out. */
  skipped: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

async function readAll(read: (id: string) => Promise<void>, ids: string[], rounds: number): Promise<Reads> {
  const out: Reads = { latencies: [], errors: new Map(), skipped: 0 };
  const stopAt = performance.now() + BUDGET_MS;
  for (let round = 0; round < rounds; round++) {
    for (const id of ids) {
      if (performance.now() >= stopAt) {
        out.skipped += 1;
        continue;
      }
      const t0 = performance.now();
      try {
        await read(id);
      } catch (err) {
        const kind = err instanceof TimeoutError ? `timeout (${TIMEOUT_MS} ms)` : (err instanceof Error ? err.message : String(err)).slice(0, 120);
        out.errors.set(kind, (out.errors.get(kind) ?? 0) + 1);
      }
      out.latencies.push(performance.now() - t0);
    }
  }
  return out;
}

function row(label: string, reads: Reads): string[] {
  const sorted = [...reads.latencies].sort((a, b) => a - b);
  const errors = [...reads.errors.values()].reduce((a, b) => a + b, 0);
  return [label, String(sorted.length), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)), ms(sorted.at(-1) ?? NaN), String(errors), String(reads.skipped)];
}

async function main(): Promise<void> {
  console.log(`reads bench on ${machine()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
  const dataDir = tempDir('reads');
  const children: Child[] = [];
  try {
    const engine = await startEngine(dataDir);
    children.push(engine);
    const worker = await startWorker(engine.ready, dataDir);
    children.push(worker);
    let api = await startApi(engine.ready, dataDir);
    children.push(api);
    let http = createHttpClient(16, devUserHeaders(dataDir));
    let url = `${api.ready}/agents/conformance`;

    log(`reads: parking ${TASKS} tasks in input-required`);
    const ids = await pool(TASKS, 8, async () => {
      const result = await http.rpc(url, 'SendMessage', { message: { messageId: `tck-input-required-${randomUUID()}`, role: 'ROLE_USER', parts: [{ text: 'park' }] } }, { timeoutMs: 60_000 });
      const task = result.task as { id: string; status: { state: string } };
      if (task.status.state !== 'TASK_STATE_INPUT_REQUIRED') throw new Error(`expected input-required, got ${task.status.state}`);
      return task.id;
    });
    const getTask = async (id: string) => {
      const task = await http.rpc(url, 'GetTask', { id }, { timeoutMs: TIMEOUT_MS });
      const state = (task as { status?: { state?: string } }).status?.state;
      if (state !== 'TASK_STATE_INPUT_REQUIRED') throw new Error(`GetTask answered state ${state}`);
    };
    const listTasks = async () => {
      const page = await http.rpc(url, 'ListTasks', { pageSize: Math.min(100, TASKS) }, { timeoutMs: TIMEOUT_MS });
      if (!Array.isArray(page.tasks)) throw new Error('ListTasks answered no tasks array');
    };
    const listIds = Array.from({ length: 5 }, () => 'page');

    log('reads: with the worker running');
    const warm = await readAll(getTask, ids, 1);
    const warmList = await readAll(listTasks, listIds, 1);
    log('reads: stopping the worker');
    const stopped0 = Date.now();
    await worker.stop();
    children.splice(children.indexOf(worker), 1);
    log(`reads: worker exited after ${Date.now() - stopped0} ms; reading in ${SETTLE_MS} ms`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const cold = await readAll(getTask, ids, ROUNDS);
    const coldList = await readAll(listTasks, listIds, 1);
    http.close();
    // A fresh API process knows nothing of the tasks: what it answers comes from Temporal alone.
    log('reads: restarting the API (no worker running)');
    await api.stop();
    children.splice(children.indexOf(api), 1);
    api = await startApi(engine.ready, dataDir);
    children.push(api);
    http = createHttpClient(16, devUserHeaders(dataDir));
    url = `${api.ready}/agents/conformance`;
    const fresh = await readAll(getTask, ids, ROUNDS);
    const freshList = await readAll(listTasks, listIds, 1);
    http.close();

    console.log(`\n== GetTask with every worker stopped: ${TASKS} tasks in input-required, ${ROUNDS} sequential reads each (goal p99 < 50 ms, no error) ==`);
    console.log(`each call bounded at ${TIMEOUT_MS} ms (a timeout counts as an error, at its full time); the phase at ${BUDGET_MS / 1000} s`);
    console.log(table(['reads', 'n', 'p50', 'p95', 'p99', 'max', 'errors', 'skipped'], [
      row('GetTask, worker running', warm),
      row('GetTask, no worker, same API process', cold),
      row('GetTask, no worker, fresh API process', fresh),
      row(`ListTasks page of ${Math.min(100, TASKS)}, worker running`, warmList),
      row(`ListTasks page of ${Math.min(100, TASKS)}, no worker, same API`, coldList),
      row(`ListTasks page of ${Math.min(100, TASKS)}, no worker, fresh API`, freshList),
    ]));
    const failing = { 'GetTask, no worker, same API': cold, 'GetTask, no worker, fresh API': fresh, 'ListTasks, no worker, same API': coldList, 'ListTasks, no worker, fresh API': freshList };
    for (const [label, reads] of Object.entries(failing)) {
      for (const [kind, n] of reads.errors) console.log(`${label}: ${n} x ${kind}`);
    }
    const goal = (label: string, reads: Reads) => {
      const sorted = [...reads.latencies].sort((a, b) => a - b);
      const errors = [...reads.errors.values()].reduce((a, b) => a + b, 0);
      const met = errors === 0 && reads.skipped === 0 && percentile(sorted, 99) < 50;
      return [`GetTask with no worker (${label}): p99 < 50 ms, no error`, `p99 ${ms(percentile(sorted, 99))}, ${errors} errors, ${reads.skipped} skipped`, met ? 'met' : 'MISSED'];
    };
    console.log('\n== goals ==');
    console.log(table(['goal', 'measured', ''], [goal('same API process', cold), goal('fresh API process', fresh)]));
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (other work on the machine skews every figure)`);
}

main()
  .then(() => cleanupSync())
  .catch((err) => {
    console.error(err);
    cleanupSync();
    process.exit(1);
  });
