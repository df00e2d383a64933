// Item 6 of the A2A benchmark: many tasks parked in input-required on production processes (the
// engine CLI, a worker and an API, each `npm start`-style), then the memory of each process and
// GetTask latency over a random sample, with the API's snapshot cache warm and after a restart.
import { randomUUID } from 'node:crypto';
import { createHttpClient } from './http-client';
import { devUserHeaders, memoryOf, startApi, startEngine, startWorker, tempDir, type Child } from './processes';
import { pool, runLoad, summarize, type LoadResult, type Summary } from './stats';
import { answerParked } from './streams';

export interface ParkedResult {
  parked: number;
  parkSeconds: number;
  memory: Array<{ name: string; rss: number; peak: number }>;
  getTaskWarm: Summary;
  getTaskWarm16: LoadResult;
  getTaskCold: Summary;
  /** Input sent to a parked task → its `working` frame on the input's stream. */
  inputToFrame: Summary;
}

/** A deterministic shuffle, so every run samples alike. */
function sample<T>(items: T[], count: number): T[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

export async function parkedTasks(options: { count: number; sampleSize: number; log: (line: string) => void }): Promise<ParkedResult> {
  const dataDir = tempDir('parked');
  const engine = await startEngine(dataDir);
  const children: Child[] = [engine];
  try {
    const worker = await startWorker(engine.ready, dataDir);
    children.push(worker);
    let api = await startApi(engine.ready, dataDir);
    children.push(api);
    const headers = devUserHeaders(dataDir);
    const http = createHttpClient(64, headers);
    const agentUrl = () => `${api.ready}/agents/conformance`;

    const p0 = Date.now();
    let done = 0;
    const taskIds = await pool(options.count, 64, async () => {
      const result = await http.rpc(agentUrl(), 'SendMessage', {
        message: { messageId: `tck-input-required-${randomUUID()}`, role: 'ROLE_USER', parts: [{ text: 'park' }] },
        configuration: { historyLength: 0 },
      });
      const task = result.task as { id: string; status: { state: string } };
      if (task.status.state !== 'TASK_STATE_INPUT_REQUIRED') throw new Error(`expected input-required, got ${task.status.state}`);
      if (++done % 2000 === 0) options.log(`  parked ${done}`);
      return task.id;
    });
    const parkSeconds = (Date.now() - p0) / 1000;
    await new Promise((r) => setTimeout(r, 3_000)); // let the last workflow tasks settle

    const memory = children.map((c) => ({ name: c.name, ...memoryOf(c.proc.pid!) }));
    const picked = sample(taskIds, options.sampleSize);
    const getTask = async (id: string) => {
      const t0 = performance.now();
      const result = await http.rpc(agentUrl(), 'GetTask', { id });
      if ((result as { status?: { state?: string } }).status?.state !== 'TASK_STATE_INPUT_REQUIRED') throw new Error(`unexpected GetTask answer for ${id}`);
      return performance.now() - t0;
    };
    const warm: number[] = [];
    for (const id of picked) warm.push(await getTask(id));
    const getTaskWarm16 = await runLoad(16, 5_000, (i) => getTask(picked[i % picked.length]).then(() => undefined));
    // Input to tasks parked long ago: their workflows have mostly left the worker's cache.
    const answered = await answerParked(agentUrl(), picked.slice(0, 100), 1, headers);

    // A fresh API process has an empty snapshot cache: every GetTask is a describe plus a query.
    await api.stop();
    children.splice(children.indexOf(api), 1);
    api = await startApi(engine.ready, dataDir);
    children.push(api);
    const cold: number[] = [];
    const answeredIds = new Set(picked.slice(0, 100));
    for (const id of sample(taskIds.filter((id) => !answeredIds.has(id)), Math.min(options.sampleSize, 300))) cold.push(await getTask(id));
    http.close();
    return { parked: taskIds.length, parkSeconds, memory, getTaskWarm: summarize(warm), getTaskWarm16, getTaskCold: summarize(cold), inputToFrame: answered.inputToFrame };
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}
