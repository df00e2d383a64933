// `npm run bench:history`: how many history events a streamed model answer costs per second of
// streaming (issue 9, item 6; goal <= 5/s, not growing with webhooks). The document-analyst agent on
// the whole platform in one process (as bench:agents), the fake OpenAI server of the tests streaming
// its answer at BENCH_HISTORY_CHUNKS_PER_SECOND (20) for BENCH_HISTORY_SECONDS (10), without and with
// two real loopback webhooks. Every wait is bounded (BENCH_HISTORY_TIMEOUT_S). Asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAgentRegistry } from '../src/agents/agent-registry';
import { samplePdf, sampleInvoice } from '../src/documents/samples';
import { createSilentLogger } from '../src/logger';
import { startPlatform, type Platform } from '../src/platform/start-platform';
import { taskWorkflowId } from '../src/task-runtime/contract';
import { installSdkLogging } from '../src/temporal/sdk-logging';
import { startFakeOpenAiServer, type ScriptStep } from '../test/support/fake-openai';
import { createHttpClient } from './a2a/http-client';
import { machine, table } from './a2a/stats';
import { countByType, historyAcrossRuns, type TimedEvent } from './history/history-events';
import { startWebhookReceiver, type WebhookReceiver } from './history/webhook-receivers';

const RATE = Number(process.env.BENCH_HISTORY_CHUNKS_PER_SECOND ?? 20);
const SECONDS = Number(process.env.BENCH_HISTORY_SECONDS ?? 10);
const TIMEOUT_MS = Number(process.env.BENCH_HISTORY_TIMEOUT_S ?? 120) * 1000;
const GOAL_PER_SECOND = 5;
const log = (line: string) => process.stderr.write(`${line}\n`);

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref())]);

interface Run {
  label: string;
  streamed: boolean;
  webhooks: number;
  state: string;
  error?: string;
  /** The stream's start and its planned end (the last chunk's send time plus one chunk period). */
  window?: { start: number; end: number };
  events: TimedEvent[];
  runs: number;
  deliveries: number;
}

/** The fake model waits at `gate` (so webhooks are registered first), then streams `deltas`. */
function createGatedModel() {
  const deltas = Array.from({ length: Math.max(1, Math.round(RATE * SECONDS)) }, (_, i) => `word${i} `);
  let release: () => void = () => {};
  let gate = Promise.resolve();
  let streamed = true;
  let window: Run['window'];
  return {
    arm(streamAnswer: boolean) {
      streamed = streamAnswer;
      window = undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => release(),
    window: () => window,
    async respond(): Promise<ScriptStep> {
      await withTimeout(gate, TIMEOUT_MS, 'the model gate').catch(() => undefined);
      const content = deltas.join('');
      if (!streamed) return { kind: 'reply', content, deltas: [content] };
      const period = 1000 / RATE;
      const start = Date.now();
      window = { start, end: start + deltas.length * period };
      return { kind: 'reply', content, deltas, chunkDelayMs: period };
    },
  };
}

async function runTask(platform: Platform, model: ReturnType<typeof createGatedModel>, hooks: WebhookReceiver[], streamed: boolean): Promise<Run> {
  const label = `${streamed ? `streamed ${RATE} chunks/s for ${SECONDS} s` : 'same answer in one chunk'}, ${hooks.length} webhooks`;
  log(`history: ${label}`);
  const http = createHttpClient(4);
  const url = `${platform.api!.url}/agents/document-analyst`;
  const raw = Buffer.from(samplePdf(sampleInvoice())).toString('base64');
  const before = hooks.map((h) => h.received());
  model.arm(streamed);
  const run: Run = { label, streamed, webhooks: hooks.length, state: 'unknown', events: [], runs: 0, deliveries: 0 };
  try {
    const sent = await http.rpc(url, 'SendMessage', {
      message: { messageId: `history-${Date.now()}`, role: 'ROLE_USER', parts: [{ text: 'Summarise this invoice.' }, { raw, mediaType: 'application/pdf', filename: 'invoice.pdf' }] },
      configuration: { returnImmediately: true, ...(hooks[0] ? { pushNotificationConfig: { url: hooks[0].url } } : {}) },
    });
    const taskId = (sent.task as { id: string }).id;
    for (const hook of hooks.slice(1)) await http.rpc(url, 'CreateTaskPushNotificationConfig', { taskId, url: hook.url });
    const handle = platform.client.workflow.getHandle(taskWorkflowId(taskId));
    const firstRunId = (await withTimeout(handle.describe(), TIMEOUT_MS, 'describe')).runId;
    model.release();
    try {
      await withTimeout(handle.result(), TIMEOUT_MS, 'the task');
    } catch (err) {
      run.error = err instanceof Error ? err.message : String(err);
    }
    const task = await withTimeout(http.rpc(url, 'GetTask', { id: taskId, historyLength: 0 }), TIMEOUT_MS, 'GetTask').catch(() => undefined);
    run.state = (task as { status?: { state?: string } } | undefined)?.status?.state ?? 'unknown';
    const history = await historyAcrossRuns(platform.client, taskWorkflowId(taskId), firstRunId);
    Object.assign(run, history, { window: model.window() });
  } catch (err) {
    run.error ??= err instanceof Error ? err.message : String(err);
  } finally {
    model.release();
    http.close();
  }
  run.deliveries = hooks.reduce((sum, h, i) => sum + h.received() - before[i], 0);
  return run;
}

const inWindow = (run: Run) => (run.window ? run.events.filter((e) => e.at >= run.window!.start && e.at < run.window!.end) : []);
const perSecond = (run: Run) => (run.window ? inWindow(run).length / ((run.window.end - run.window.start) / 1000) : NaN);

function report(runs: Run[]): void {
  const control = (webhooks: number) => runs.find((r) => !r.streamed && r.webhooks === webhooks);
  /** Every event the streaming caused, whenever written (pushes may drain after the stream ended). */
  const extraPerSecond = (r: Run) => (control(r.webhooks) ? (r.events.length - control(r.webhooks)!.events.length) / SECONDS : NaN);
  console.log(`\n== history events per second of streamed model output (goal <= ${GOAL_PER_SECOND}/s, not growing with webhooks) ==`);
  console.log('extra: the task\'s events (all runs) minus those of the same answer unstreamed, per second of streaming (the goal\'s figure);');
  console.log('in window: events stamped while the answer streamed, per second of streaming');
  console.log(
    table(
      ['task', 'state', 'total events', 'runs', 'extra vs unstreamed', 'extra per s', 'events in window', 'per s', 'webhook deliveries'],
      runs.map((r) => {
        const extra = r.streamed ? extraPerSecond(r) * SECONDS : NaN;
        return [
          r.label + (r.error ? ` (${r.error})` : ''),
          r.state,
          String(r.events.length),
          String(r.runs),
          Number.isNaN(extra) ? '' : String(extra),
          Number.isNaN(extra) ? '' : (extra / SECONDS).toFixed(1),
          r.streamed ? String(inWindow(r).length) : '',
          r.streamed ? perSecond(r).toFixed(1) : '',
          String(r.deliveries),
        ];
      }),
    ),
  );
  for (const r of runs.filter((run) => run.streamed)) {
    console.log(`\nevents in the streaming window by type (${r.label}): ${countByType(inWindow(r)).map(([type, n]) => `${type} ${n}`).join(', ') || 'none'}`);
  }
  const [plain, hooked] = [runs.find((r) => r.streamed && r.webhooks === 0), runs.find((r) => r.streamed && r.webhooks > 0)];
  const goals: string[][] = [];
  const ok = (r: Run | undefined) => Boolean(r && !r.error && r.state === 'TASK_STATE_COMPLETED');
  for (const r of [plain, hooked]) {
    if (r) goals.push([`<= ${GOAL_PER_SECOND} events/s (${r.webhooks} webhooks)`, `${extraPerSecond(r).toFixed(1)}/s, ${r.state}`, ok(r) && extraPerSecond(r) <= GOAL_PER_SECOND ? 'met' : 'MISSED']);
  }
  if (plain && hooked) {
    // Noise allowance: 10% or 0.5 events/s, whichever is larger.
    const [without, withHooks] = [extraPerSecond(plain), extraPerSecond(hooked)];
    goals.push(['not growing with webhooks', `${without.toFixed(1)}/s -> ${withHooks.toFixed(1)}/s`, withHooks <= without + Math.max(0.5, without * 0.1) ? 'met' : 'MISSED']);
  }
  console.log('\n== goals ==');
  console.log(table(['goal', 'measured', ''], goals));
}

async function main(): Promise<void> {
  console.log(`history bench on ${machine()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
  installSdkLogging(createSilentLogger(), 'ERROR');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'history-bench-'));
  const model = createGatedModel();
  const fake = await startFakeOpenAiServer({ responder: () => model.respond(), record: false });
  const hooks = [await startWebhookReceiver(), await startWebhookReceiver()];
  let platform: Platform | undefined;
  try {
    platform = await startPlatform({
      logger: createSilentLogger(),
      agents: createAgentRegistry(),
      taskQueue: 'history-bench',
      temporal: { namespace: 'default', embedded: { port: 0, dataDir: path.join(dataDir, 'engine') } },
      api: { host: '127.0.0.1', port: 0 },
      artifacts: { directory: path.join(dataDir, 'artifacts') },
      model: { baseUrl: fake.baseUrl, model: 'fake-model', requestTimeoutMs: 30_000 },
      toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
      worker: { enabled: true },
      webhooks: { allowHttp: true, allowlist: ['127.0.0.1'], timeoutMs: 5_000 },
    });
    const runs: Run[] = [];
    for (const webhooks of [0, 2]) {
      for (const streamed of [false, true]) runs.push(await runTask(platform, model, hooks.slice(0, webhooks), streamed));
    }
    report(runs);
  } finally {
    if (platform) await withTimeout(platform.close(), 30_000, 'closing the platform').catch((err: Error) => log(err.message));
    await Promise.all(hooks.map((h) => h.close()));
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (other work on the machine skews every figure)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
