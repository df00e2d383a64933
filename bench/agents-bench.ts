// `npm run bench:agents`: 100 document-verifier tasks of the 3-page sample invoice through the whole
// platform as `npm start` wires it in one process (embedded engine with a data directory, worker, A2A
// API, the document tool server over HTTP), with a zero-latency fake model on loopback. Prints tasks/s,
// p50/p99 per step, and the share of each task's time spent outside the tools and the model (the
// platform's overhead). The sample needs no approval, so no approval wait is in the figures.
// BENCH_AGENTS_TASKS and BENCH_AGENTS_IN_FLIGHT change the load; BENCH_AGENTS_MODEL_DELAY_MS gives the
// fake model a latency (to see the overhead share with a model that takes time). A second phase runs
// BENCH_AGENTS_SERIAL_TASKS (default 30; 0 skips it) one at a time, where no task queues for CPU
// behind another's, so the figures show the platform's own latency apart from load. Asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createAgentRegistry } from '../src/agents/agent-registry';
import { samplePdf, sampleInvoice } from '../src/documents/samples';
import { createSilentLogger } from '../src/logger';
import { startPlatform } from '../src/platform/start-platform';
import { taskWorkflowId } from '../src/task-runtime/contract';
import { installSdkLogging } from '../src/temporal/sdk-logging';
import { createDeterministicResponder, startFakeOpenAiServer } from '../test/support/fake-openai';
import { coveredTime, createActivityTimer, type StepInterval } from './agents/activity-timer';
import { OVERHEAD_KINDS, overheadBreakdown } from './agents/overhead-breakdown';

const TASKS = Number(process.env.BENCH_AGENTS_TASKS ?? 100);
const IN_FLIGHT = Number(process.env.BENCH_AGENTS_IN_FLIGHT ?? 10);
const MODEL_DELAY_MS = Number(process.env.BENCH_AGENTS_MODEL_DELAY_MS ?? 0);
const SERIAL_TASKS = Number(process.env.BENCH_AGENTS_SERIAL_TASKS ?? 30);
const WARM_UP = 5;
const STEP_ORDER = [
  'storeInlineDocument',
  'fingerprint_document',
  'extract_text',
  'classify_document',
  'check_required_fields',
  'detect_pii',
  'check_consistency',
  'redact',
  'describeStoredDocument',
  'model',
];
const CHECK_TOOLS = new Set(['fingerprint_document', 'classify_document', 'check_required_fields', 'detect_pii', 'check_consistency', 'redact']);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms.toFixed(1));
const row = (cells: Array<string | number>, widths: number[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');

async function main(): Promise<void> {
  installSdkLogging(createSilentLogger(), 'ERROR');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agents-bench-'));
  const answer = createDeterministicResponder();
  const model = await startFakeOpenAiServer({ responder: async (request) => ({ ...(await answer(request)), delayMs: MODEL_DELAY_MS }), record: false });
  const timer = createActivityTimer();
  const platform = await startPlatform({
    logger: createSilentLogger(),
    agents: createAgentRegistry(),
    taskQueue: 'agents-bench',
    temporal: { namespace: 'default', embedded: { port: 0, dataDir: path.join(dataDir, 'engine') } },
    api: { host: '127.0.0.1', port: 0 },
    artifacts: { directory: path.join(dataDir, 'artifacts') },
    model: { baseUrl: model.baseUrl, model: 'fake-model', requestTimeoutMs: 30_000 },
    toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
    worker: { enabled: true, instrumentActivities: (activities) => timer.instrument(activities) },
    webhooks: { allowHttp: true, timeoutMs: 5_000 },
  });
  const pdf = samplePdf(sampleInvoice());
  const raw = Buffer.from(pdf).toString('base64');
  const url = `${platform.api!.url}/agents/document-verifier`;

  async function runTask(i: number): Promise<{ taskId: string; wallMs: number; state: string; startedAt: number; endedAt: number }> {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: i,
        method: 'SendMessage',
        params: {
          message: { messageId: `bench-${i}-${Date.now()}`, role: 'ROLE_USER', parts: [{ raw, mediaType: 'application/pdf', filename: 'invoice-INV-2025-0042.pdf' }] },
          configuration: { returnImmediately: true },
        },
      }),
    });
    const reply = (await response.json()) as { result?: { task?: { id: string } }; error?: unknown };
    const taskId = reply.result?.task?.id;
    if (!taskId) throw new Error(`SendMessage failed: ${JSON.stringify(reply.error)}`);
    const result = (await platform.client.workflow.getHandle(taskWorkflowId(taskId)).result()) as { snapshot: { task: { status: { state: string } } } };
    const endedAt = performance.now();
    return { taskId, wallMs: endedAt - started, state: result.snapshot.task.status.state, startedAt: started, endedAt };
  }

  async function pool<T>(count: number, offset: number, fn: (i: number) => Promise<T>, inFlight = IN_FLIGHT): Promise<T[]> {
    const out: T[] = new Array(count);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(inFlight, count) }, async () => {
        while (next < count) {
          const i = next++;
          out[i] = await fn(offset + i);
        }
      }),
    );
    return out;
  }

  process.stderr.write(`warming up (${WARM_UP} tasks)…\n`);
  await pool(WARM_UP, 0, runTask);
  timer.clear();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const runs = await pool(TASKS, WARM_UP, runTask);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);

  const byStep = new Map<string, number[]>();
  const extract: number[] = [];
  const checks: number[] = [];
  const modelTimes: number[] = [];
  let wallTotal = 0;
  let toolsAndModel = 0;
  let documentOnly = 0;
  for (const run of runs) {
    const intervals = timer.intervals(run.taskId);
    for (const it of intervals) byStep.set(it.step, [...(byStep.get(it.step) ?? []), it.end - it.start]);
    const of = (pick: (it: StepInterval) => boolean) => coveredTime(intervals.filter(pick));
    extract.push(of((it) => it.step === 'extract_text'));
    checks.push(of((it) => CHECK_TOOLS.has(it.step)));
    modelTimes.push(of((it) => it.kind === 'model'));
    wallTotal += run.wallMs;
    toolsAndModel += of((it) => it.kind !== 'document');
    documentOnly += of((it) => it.kind === 'document');
  }
  if (process.env.BENCH_AGENTS_TRACE) await trace(platform.client, runs[Math.floor(runs.length / 2)].taskId, timer.intervals(runs[Math.floor(runs.length / 2)].taskId));
  const breakdownOf = async (of: typeof runs) => {
    const out: Record<string, number> = {};
    for (const run of of) {
      for (const [kind, time] of Object.entries(await overheadBreakdown(platform.client, run, timer.intervals(run.taskId)))) out[kind] = (out[kind] ?? 0) + time;
    }
    return out;
  };
  const breakdown = await breakdownOf(runs);
  const breakdownLines = (b: Record<string, number>, wall: number) =>
    OVERHEAD_KINDS.filter((k) => b[k]).map((k) => `    ${k.padEnd(48)} ${((b[k] / wall) * 100).toFixed(1).padStart(5)}%`);
  const walls = runs.map((r) => r.wallMs);
  const states = runs.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {});

  const widths = [28, 6, 9, 9];
  const lines = [
    '',
    `document-verifier × ${TASKS}: sample invoice (3-page PDF, ${pdf.byteLength} bytes), ${IN_FLIGHT} in flight, ${MODEL_DELAY_MS > 0 ? `fake model answering after ${MODEL_DELAY_MS} ms` : 'zero-latency fake model'}`,
    `one process as npm start wires it (engine with data dir, worker, API, tool server over HTTP); ${os.cpus().length} CPUs, Node ${process.version}`,
    `outcomes: ${Object.entries(states).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    `throughput: ${(TASKS / elapsed).toFixed(1)} tasks/s (${elapsed.toFixed(1)} s); task wall p50 ${fmt(percentile(walls, 50))} ms, p99 ${fmt(percentile(walls, 99))} ms; CPU ${((cpu.user + cpu.system) / 1e6 / elapsed * 100).toFixed(0)}% of one core`,
    '',
    row(['step (activity time)', 'count', 'p50 ms', 'p99 ms'], widths),
    ...STEP_ORDER.filter((s) => byStep.has(s)).map((s) => row([s, byStep.get(s)!.length, fmt(percentile(byStep.get(s)!, 50)), fmt(percentile(byStep.get(s)!, 99))], widths)),
    '',
    row(['per task', 'count', 'p50 ms', 'p99 ms'], widths),
    row(['extract', extract.length, fmt(percentile(extract, 50)), fmt(percentile(extract, 99))], widths),
    row(['checks (6 tools in parallel)', checks.length, fmt(percentile(checks, 50)), fmt(percentile(checks, 99))], widths),
    row(['model', modelTimes.length, fmt(percentile(modelTimes, 50)), fmt(percentile(modelTimes, 99))], widths),
    row(['whole task (client wall)', walls.length, fmt(percentile(walls, 50)), fmt(percentile(walls, 99))], widths),
    '',
    `time outside the tools and the model (platform overhead): ${((1 - toolsAndModel / wallTotal) * 100).toFixed(1)}% of task wall time (goal < 20%)`,
    `  of which document intake/describe activities (artifact store): ${((documentOnly / wallTotal) * 100).toFixed(1)}%`,
    '  by what the platform was doing (share of task wall time, history event times are whole ms):',
    ...breakdownLines(breakdown, wallTotal),
    '',
  ];
  process.stdout.write(lines.join('\n'));

  if (SERIAL_TASKS > 0) {
    const s0 = performance.now();
    const serial = await pool(SERIAL_TASKS, WARM_UP + TASKS, runTask, 1);
    const serialElapsed = (performance.now() - s0) / 1000;
    const serialWall = serial.reduce((sum, r) => sum + r.wallMs, 0);
    const covered = serial.reduce((sum, r) => sum + coveredTime(timer.intervals(r.taskId).filter((it) => it.kind !== 'document')), 0);
    const serialWalls = serial.map((r) => r.wallMs);
    process.stdout.write(
      [
        `one at a time × ${SERIAL_TASKS}: ${(SERIAL_TASKS / serialElapsed).toFixed(1)} tasks/s; task wall p50 ${fmt(percentile(serialWalls, 50))} ms, p99 ${fmt(percentile(serialWalls, 99))} ms`,
        `time outside the tools and the model at 1 in flight: ${((1 - covered / serialWall) * 100).toFixed(1)}% of task wall time`,
        ...breakdownLines(await breakdownOf(serial), serialWall),
        '',
      ].join('\n'),
    );
  }
  await platform.close();
  await model.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** BENCH_AGENTS_TRACE=1: one task's history and activity intervals on one time line, to see where time goes. */
async function trace(client: Client, taskId: string, intervals: StepInterval[]): Promise<void> {
  const names = temporal.api.enums.v1.EventType as unknown as Record<number, string>;
  const history = await client.workflow.getHandle(taskWorkflowId(taskId)).fetchHistory();
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  const t0 = ms(history.events![0].eventTime);
  const offset = Date.now() - performance.now();
  const lines = [
    ...history.events!.map((e) => [ms(e.eventTime) - t0, `${names[e.eventType as number].replace('EVENT_TYPE_', '')}`] as const),
    ...intervals.map((it) => [it.start + offset - t0, `  >> ${it.step} ${(it.end - it.start).toFixed(1)} ms`] as const),
  ].sort((a, b) => a[0] - b[0]);
  process.stderr.write(lines.map(([at, what]) => `${at.toFixed(1).padStart(8)}  ${what}`).join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
