// `npm run bench:a2a`: the A2A facade's figures (issue 3, item 13) on production-shaped processes:
// the engine CLI, a worker (`RUN_API=false npm start`) and an API. Prints tables; asserts nothing.
// BENCH_A2A_PHASES=throughput,streams,parked picks phases; BENCH_A2A_SECONDS sets each load point;
// BENCH_A2A_SYSTEMS picks the throughput phase's systems (issue 9, item 6 adds the SDK on SQLite).
// BENCH_TRACING=1 runs the API and worker with tracing on, exporting over OTLP to a discarding
// collector on loopback. BENCH_A2A_PHASES=observability (`npm run bench:observability`) measures
// tracing and metrics on against both off in one run (bench/a2a/observability.ts).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { ApiChildStats } from './a2a/api-child';
import { createHttpClient } from './a2a/http-client';
import { startOtlpSink } from './a2a/otlp-sink';
import { observabilityEnvs, scrapeEvery } from './a2a/observability';
import { parkedTasks } from './a2a/parked';
import { loadConfig } from '../src/config';
import { createSilentLogger } from '../src/logger';
import { resolvePayloadCodec } from '../src/platform/codec-config';
import { DEV_TENANT } from '../src/platform/dev-tokens';
import { cleanupSync, cpuSecondsOf, deploymentEnv, devUserHeaders, spawnNode, startEngine, startWorker, tempDir, type Child } from './a2a/processes';
import { machine, mib, ms, ratio, summarize, table } from './a2a/stats';
import { activePropagation, HOLD_AGENTS, holdAgentsConfig, openHeldStreams } from './a2a/streams';
import { CONCURRENCIES, directEcho, httpEcho, measureSystems, streamedEcho, type LoadSystem, type ThroughputPoint } from './a2a/throughput';

const PHASES = new Set((process.env.BENCH_A2A_PHASES ?? 'throughput,streams,parked').split(','));
const SECONDS = Number(process.env.BENCH_A2A_SECONDS ?? 6);
/** The throughput phase's systems; facade, direct and sdk-sqlite are needed for the goals. */
const SYSTEMS = new Set((process.env.BENCH_A2A_SYSTEMS ?? 'facade,stream,direct,sdk,sdk-sqlite').split(','));
const PARKED = Number(process.env.BENCH_A2A_PARKED ?? 10_000);
const IDLE_STREAMS = Number(process.env.BENCH_A2A_IDLE_STREAMS ?? 200);
const TASK_QUEUE = 'a2a-tasks';
const TRACING = process.env.BENCH_TRACING === '1';
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The issue's goals with what this run measured, printed last. */
type Goals = string[][];
const verdict = (goals: Goals, goal: string, measured: string, met: boolean) => goals.push([goal, measured, met ? 'met' : 'MISSED']);

function apiStats(api: Child): Promise<ApiChildStats> {
  return new Promise((resolve) => {
    const id = Math.random();
    const onMessage = (m: { type?: string; id?: number; stats?: ApiChildStats }) => {
      if (m?.type !== 'stats' || m.id !== id) return;
      api.proc.off('message', onMessage);
      resolve(m.stats!);
    };
    api.proc.on('message', onMessage);
    api.proc.send({ type: 'stats', id });
  });
}

interface Deployment {
  engine: Child;
  worker: Child;
  api: Child;
  dataDir: string;
  /** The dev-user's bearer token. */
  headers: Record<string, string>;
}

async function throughput({ api, worker, engine, dataDir, headers }: Deployment, goals: Goals): Promise<void> {
  const missing = ['facade', 'direct', 'sdk-sqlite'].filter((name) => !SYSTEMS.has(name));
  if (missing.length > 0) throw new Error(`BENCH_A2A_SYSTEMS must include ${missing.join(', ')} (the goals compare them)`);
  const connection = await Connection.connect({ address: engine.ready });
  // The same payload encryption as the API's client, from the deployment's key file.
  const { codec } = resolvePayloadCodec(loadConfig({ ...process.env, ...deploymentEnv(dataDir) }), createSilentLogger());
  const client = new Client({ connection, ...(codec ? { dataConverter: { payloadCodecs: [codec] } } : {}) });
  const sdk = await spawnNode({ name: 'sdk-echo', entry: 'bench/a2a/sdk-echo-server.ts', ready: /listening on (\S+)/ });
  // The durable anchor: the same SDK server saving every task to SQLite with fsync, on the same disk
  // as the engine's data directory.
  const sqliteFile = path.join(dataDir, 'sdk-tasks.sqlite');
  const sdkSqlite = await spawnNode({ name: 'sdk-sqlite', entry: 'bench/a2a/sdk-echo-server.ts', env: { SDK_TASK_STORE: 'sqlite', SDK_SQLITE_FILE: sqliteFile }, ready: /listening on (\S+)/ });
  const self = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  const cpuOf = (child: Child) => cpuSecondsOf(child.proc.pid!);
  const all: LoadSystem[] = [
    {
      name: 'facade',
      make: (c) => httpEcho(`${api.ready}/agents/echo`, c, headers),
      cpu: async () => ({ engine: cpuOf(engine), worker: cpuOf(worker), api: cpuOf(api), client: self() }),
    },
    {
      name: 'stream',
      make: () => streamedEcho(`${api.ready}/agents/echo`, headers),
      cpu: async () => ({ engine: cpuOf(engine), worker: cpuOf(worker), api: cpuOf(api), client: self() }),
    },
    {
      name: 'direct',
      make: () => ({ send: directEcho(client, TASK_QUEUE, { tenant: DEV_TENANT, subject: 'dev-user' }), close() {} }),
      cpu: async () => ({ engine: cpuOf(engine), worker: cpuOf(worker), client: self() }),
    },
    { name: 'sdk', make: (c) => httpEcho(sdk.ready, c), cpu: async () => ({ server: cpuOf(sdk), client: self() }) },
    { name: 'sdk-sqlite', make: (c) => httpEcho(sdkSqlite.ready, c), cpu: async () => ({ server: cpuOf(sdkSqlite), client: self() }) },
  ];
  const systems = all.filter((system) => SYSTEMS.has(system.name));
  try {
    const points = await measureSystems(systems, { seconds: SECONDS, warmupSeconds: 3, rounds: 3 });
    const at = (name: string, c: number) => points.get(name)?.find((p) => p.concurrency === c);
    const cpu = (p: ThroughputPoint) => Object.entries(p.cpuMsPerTask).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    const row = (label: string, p: ThroughputPoint, ratios: string[]) => [label, p.result.perSecond.toFixed(0), ms(p.result.latency.p50), ms(p.result.latency.p99), ...ratios, String(p.result.failed), cpu(p)];
    const rows = CONCURRENCIES.flatMap((c) => {
      const [f, st, d, m, q] = [at('facade', c)!, at('stream', c), at('direct', c)!, at('sdk', c), at('sdk-sqlite', c)!];
      const vsFacade = (p: ThroughputPoint) => [ratio(p.result.perSecond / f.result.perSecond), ratio(f.result.latency.p50 / p.result.latency.p50)];
      return [
        row(`c=${c}  facade, HTTP JSON-RPC v1.0`, f, [ratio(d.result.perSecond / f.result.perSecond), ratio(f.result.latency.p50 / d.result.latency.p50)]),
        ...(st ? [row(`c=${c}  facade, SSE stream to completed`, st, [ratio(d.result.perSecond / st.result.perSecond), ratio(st.result.latency.p50 / d.result.latency.p50)])] : []),
        row(`c=${c}  temporal client, direct`, d, ['', '']),
        ...(m ? [row(`c=${c}  @a2a-js/sdk in-memory`, m, vsFacade(m))] : []),
        row(`c=${c}  @a2a-js/sdk SQLite (WAL, FULL)`, q, vsFacade(q)),
      ];
    });
    console.log(`\n== 1–3. blocking send, echo agent (${SECONDS} s per point in 3 alternating slices) ==`);
    console.log('facade rows: direct/facade tasks/s and facade/direct p50 (goal: facade adds <= 10%, i.e. <= 1.10x)');
    console.log('sdk rows: sdk/facade tasks/s and facade/sdk p50 (goal: facade >= 1/2 of SQLite, i.e. SQLite row <= 2.00x)');
    console.log('reference, measured once outside the project at c=16: in-memory 1,942/s, SQLite fsync 482/s, facade 105/s');
    console.log(table(['workload', 'tasks/s', 'p50', 'p99', 'thr ratio', 'p50 ratio', 'failed', 'CPU ms per task by process'], rows));
    for (const c of CONCURRENCIES) {
      const [f, d] = [at('facade', c)!.result, at('direct', c)!.result];
      const [thr, p50] = [d.perSecond / f.perSecond, f.latency.p50 / d.latency.p50];
      verdict(goals, `facade vs direct workflow start <= 1.10x at c=${c}`, `tasks/s ${ratio(thr)}, p50 ${ratio(p50)}`, thr <= 1.1 && p50 <= 1.1);
    }
    for (const c of CONCURRENCIES) {
      const [f, q] = [at('facade', c)!.result.perSecond, at('sdk-sqlite', c)!.result.perSecond];
      verdict(goals, `facade >= 1/2 of the SDK on SQLite fsync at c=${c}`, `${f.toFixed(0)}/s vs ${q.toFixed(0)}/s (${(f / q).toFixed(2)})`, f >= q / 2);
    }
  } finally {
    await sdk.stop();
    await sdkSqlite.stop();
    await connection.close();
  }
}

async function streams({ api, headers }: Deployment, goals: Goals): Promise<void> {
  const http = createHttpClient(16, headers);
  const rpc = (method: string, params: unknown) => http.rpc(`${api.ready}/agents/conformance`, method, params);
  log('streams: active path (input to parked tasks)');
  const active = await activePropagation(rpc, `${api.ready}/agents/conformance`, { count: 200, concurrency: 4, idleMs: 3_000, headers });
  log('streams: idle path (2 s and 10 s holds)');
  const short = await openHeldStreams(api.ready, 'hold-2s', { count: 40, spacingMs: 10, headers });
  const mid = await openHeldStreams(api.ready, 'hold-10s', { count: 40, spacingMs: 20, headers });
  const [shortMs, midMs] = await Promise.all([short.completed, mid.completed]);
  log(`streams: ${IDLE_STREAMS} idle streams held 30 s`);
  const long = await openHeldStreams(api.ready, 'hold-30s', { count: IDLE_STREAMS, spacingMs: 5, headers });
  // The window: from just after the last stream opened until just before the first one completes.
  const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
  await sleepUntil(long.lastOpenAt + 1_000);
  const s0 = await apiStats(api);
  const t0 = Date.now();
  await sleepUntil(long.firstOpenAt + HOLD_AGENTS['hold-30s'] - 1_000);
  const s1 = await apiStats(api);
  const seconds = (Date.now() - t0) / 1000;
  const longMs = await long.completed;
  http.close();

  const idle = summarize([...shortMs, ...midMs, ...longMs]);
  console.log('\n== 4. SSE propagation (goal: p50 <= 50 ms, p99 <= 250 ms) ==');
  console.log(table(['path', 'n', 'p50', 'p99'], [
    [`input sent -> working frame (tasks parked ${active.parkedIdleSeconds} s)`, String(active.inputToFrame.n), ms(active.inputToFrame.p50), ms(active.inputToFrame.p99)],
    ['  status timestamp -> frame (same frames)', String(active.statusToFrame.n), ms(active.statusToFrame.p50), ms(active.statusToFrame.p99)],
    ['status timestamp -> frame after 2 s idle', ...fig(summarize(shortMs))],
    ['status timestamp -> frame after 10 s idle', ...fig(summarize(midMs))],
    ['status timestamp -> frame after 30 s idle', ...fig(summarize(longMs))],
    ['status timestamp -> frame, all idle paths', ...fig(idle)],
  ]));
  const propagation = (label: string, s: { p50: number; p99: number }) =>
    verdict(goals, `propagation p50 <= 50 ms, p99 <= 250 ms (${label})`, `${ms(s.p50)}, ${ms(s.p99)}`, s.p50 <= 50 && s.p99 <= 250);
  propagation('input -> frame', active.inputToFrame);
  propagation('status -> frame, active', active.statusToFrame);
  propagation('status -> frame, after idle', idle);
  const per = (k: string) => (s1.calls[k] - s0.calls[k]) / seconds / IDLE_STREAMS;
  verdict(goals, 'idle stream <= 1 query/s', `${per('query').toFixed(4)} queries/s`, per('query') <= 1);
  console.log(`\n== 5. idle stream cost: ${IDLE_STREAMS} streams idle for ${seconds.toFixed(0)} s (goal: <= 1 query/s per stream) ==`);
  console.log(table(['Temporal calls per second per idle stream', 'value'], [
    ['query', per('query').toFixed(4)],
    ['describe', per('describe').toFixed(4)],
    ['long-poll (history wait)', per('longPoll').toFixed(4)],
    ['all calls', (Object.keys(s1.calls).reduce((sum, k) => sum + per(k), 0)).toFixed(4)],
    ['API CPU per idle stream (ms/s)', (((s1.cpuSeconds - s0.cpuSeconds) / seconds / IDLE_STREAMS) * 1000).toFixed(3)],
    ['active feeds during the window', String(s1.activeFeeds)],
  ]));
}

const fig = (s: { n: number; p50: number; p99: number }) => [String(s.n), ms(s.p50), ms(s.p99)];

async function parked(goals: Goals): Promise<void> {
  log(`parked: ${PARKED} tasks on fresh production processes`);
  const r = await parkedTasks({ count: PARKED, sampleSize: 1000, log });
  const total = r.memory.reduce((sum, m) => sum + m.rss, 0);
  console.log(`\n== 6. ${r.parked} tasks parked in input-required (parked in ${r.parkSeconds.toFixed(1)} s = ${(r.parked / r.parkSeconds).toFixed(0)}/s) ==`);
  console.log('goals: under 1 GiB RSS in all, GetTask p99 < 25 ms');
  console.log(table(['process', 'RSS', 'peak RSS'], [...r.memory.map((m) => [m.name, mib(m.rss), mib(m.peak)]), ['total', mib(total), '']]));
  console.log(table(['GetTask', 'n', 'p50', 'p99'], [
    ['warm cache, sequential', ...fig(r.getTaskWarm)],
    [`warm cache, 16 in flight (${r.getTaskWarm16.perSecond.toFixed(0)}/s)`, ...fig(r.getTaskWarm16.latency)],
    ['fresh API process (cold cache), sequential', ...fig(r.getTaskCold)],
  ]));
  console.log(table(['input to a parked task (streamed)', 'n', 'p50', 'p99'], [['input sent -> working frame, sequential', ...fig(r.inputToFrame)]]));
  verdict(goals, `${r.parked} parked tasks < 1 GiB RSS in all`, mib(total), total < 1024 ** 3);
  verdict(goals, `GetTask p99 < 25 ms (${r.parked} parked, sequential)`, ms(r.getTaskWarm.p99), r.getTaskWarm.p99 < 25);
}

/** Tracing and metrics on versus off: one deployment each, echo through the facade, alternating slices. */
async function observability(goals: Goals): Promise<void> {
  const sink = await startOtlpSink();
  const envs = await observabilityEnvs(sink);
  await withDeployment((off) =>
    withDeployment(async (on) => {
      const stopScraping = scrapeEvery(envs.metricsPorts, 5_000);
      const system = (name: string, d: Deployment): LoadSystem => ({
        name,
        make: (c) => httpEcho(`${d.api.ready}/agents/echo`, c, d.headers),
        cpu: async () => ({ engine: cpuSecondsOf(d.engine.proc.pid!), worker: cpuSecondsOf(d.worker.proc.pid!), api: cpuSecondsOf(d.api.proc.pid!) }),
      });
      const points = await measureSystems([system('off', off), system('on', on)], { seconds: SECONDS, warmupSeconds: 3, rounds: 3 });
      const scraped = stopScraping();
      const rows = CONCURRENCIES.flatMap((c) => {
        const [a, b] = [points.get('off')!.find((p) => p.concurrency === c)!, points.get('on')!.find((p) => p.concurrency === c)!];
        const cost = 1 - b.result.perSecond / a.result.perSecond;
        verdict(goals, `tracing + metrics cost <= 5% of tasks/s at c=${c}`, `${a.result.perSecond.toFixed(1)}/s off, ${b.result.perSecond.toFixed(1)}/s on (${(cost * 100).toFixed(1)}%)`, cost <= 0.05);
        const cpu = (p: ThroughputPoint) => Object.entries(p.cpuMsPerTask).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
        return [
          [`c=${c}  off`, a.result.perSecond.toFixed(1), ms(a.result.latency.p50), ms(a.result.latency.p99), String(a.result.failed), cpu(a)],
          [`c=${c}  on`, b.result.perSecond.toFixed(1), ms(b.result.latency.p50), ms(b.result.latency.p99), String(b.result.failed), cpu(b)],
        ];
      });
      const { requests, bytes } = sink.received();
      console.log(`\n== 7. tracing and metrics: on versus off (${SECONDS} s per point in 3 alternating slices) ==`);
      console.log(table(['echo via the facade', 'tasks/s', 'p50', 'p99', 'failed', 'CPU ms per task by process'], rows));
      console.log(`on: ${requests} OTLP exports (${mib(bytes)}), ${scraped.scrapes} scrapes (${mib(scraped.bytes)}), ${scraped.failures} failed scrapes`);
    }, { ...envs.on.worker }, { ...envs.on.api }),
  envs.off);
  await sink.close();
}

const load = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/**
 * A fresh deployment (engine, worker, the API with counters) for one phase, so no phase inherits the
 * state another left behind (the engine compacts its write-ahead log once it outgrows 64 MiB, which
 * stalls it for a moment).
 */
async function withDeployment(
  run: (deployment: Deployment) => Promise<void>,
  extraEnv: Record<string, string> = {},
  apiEnv: Record<string, string> = extraEnv,
): Promise<void> {
  const dataDir = tempDir('deployment');
  const engine = await startEngine(dataDir);
  const agentsConfig = path.join(dataDir, 'agents.json');
  writeFileSync(agentsConfig, JSON.stringify(holdAgentsConfig()));
  const worker = await startWorker(engine.ready, dataDir, { AGENTS_CONFIG: agentsConfig, ...extraEnv });
  const api = await spawnNode({
    name: 'api',
    entry: 'bench/a2a/api-child.ts',
    env: { ...deploymentEnv(dataDir), RUN_WORKER: 'false', TEMPORAL_ADDRESS: engine.ready, PORT: '0', AGENTS_CONFIG: agentsConfig, ...apiEnv },
    ready: /listening on (\S+)/,
    ipc: true,
  });
  try {
    await run({ engine, worker, api, dataDir, headers: devUserHeaders(dataDir) });
  } finally {
    for (const child of [api, worker, engine]) await child.stop();
  }
}

async function main(): Promise<void> {
  console.log(`a2a bench on ${machine()}; ${load()} at start`);
  const goals: Goals = [];
  const sink = TRACING ? await startOtlpSink() : undefined;
  const tracingEnv: Record<string, string> = sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {};
  console.log(`tracing: ${sink ? `on (OTLP/HTTP protobuf to a discarding collector at ${sink.url})` : 'off (BENCH_TRACING=1 turns it on)'}`);
  if (PHASES.has('throughput')) await withDeployment((deployment) => throughput(deployment, goals), tracingEnv);
  if (PHASES.has('streams')) await withDeployment((deployment) => streams(deployment, goals), tracingEnv);
  if (PHASES.has('parked')) await parked(goals);
  if (PHASES.has('observability')) await observability(goals);
  console.log('\n== goals ==');
  console.log(table(['goal', 'measured', ''], goals));
  if (sink) {
    const { requests, bytes } = sink.received();
    console.log(`\ntracing exported ${requests} OTLP requests, ${mib(bytes)} (the parked phase runs without tracing)`);
    await sink.close();
  }
  console.log(`\n${load()} at the end (other work on the machine skews every figure)`);
}

main()
  .then(() => cleanupSync())
  .catch((err) => {
    console.error(err);
    cleanupSync();
    process.exit(1);
  });
