// The model endpoint and the MCP document tool server failing for a while, under both document agents
// (document-verifier, document-analyst) on the real stack: tasks complete once the dependency is back,
// and no activity retries without bound. The bound is read from each task's workflow history: every
// scheduled activity carries a retry policy with a maximum of attempts (or a schedule-to-close
// timeout), and the attempts it took stay within it; an outage longer than the budget ends the
// activity after exactly its maximum, and the task still settles.
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import { temporal } from '@temporalio/proto';
import { createMemoryArtifactStore } from '../../src/artifact-store';
import { createPdfExtractor, defaultVerificationPolicy, type PdfExtractor } from '../../src/documents';
import { samplePdf, sampleInvoice } from '../../src/documents/samples';
import { createSilentLogger } from '../../src/logger';
import { startMcpHttpServer, type McpHttpServer } from '../../src/mcp-server';
import { step, type RecordedRequest } from '../support/fake-openai';
import { filePart, startDocumentStack, textPart, type Stack, type WireJson } from '../workflows/support/document-stack';
import { reportFigures } from './support/figures';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const quick = { initialIntervalMs: 100, maximumIntervalMs: 400, backoffCoefficient: 2 };
const BUDGET = 3;
const settings = (budget?: number) => ({
  toolHeartbeatTimeout: '2s',
  modelStep: { heartbeatTimeoutMs: 2_000, retry: { ...quick, ...(budget ? { maximumAttempts: budget } : {}) } },
  toolCalls: { defaults: { startToCloseTimeoutMs: 5_000, retry: { ...quick, ...(budget ? { maximumAttempts: budget } : {}) } } },
});

let stack: Stack;
let tools: McpHttpServer;
let pdf: PdfExtractor;
let proxy: SwitchableProxy;
/** Model requests left to fail with 503 (Infinity: the model is down until told otherwise). */
let modelFailuresLeft = 0;
let modelFailures = 0;

/**
 * An HTTP front for the tool server that can be switched off (requests dropped without an answer,
 * open connections cut) and on. It forwards with the tool server's own Host header, which the server
 * checks against DNS rebinding.
 */
interface SwitchableProxy {
  url: string;
  down(): void;
  up(): void;
  dropped(): number;
  waitForDropped(n: number): Promise<void>;
  close(): Promise<void>;
}

async function startProxy(target: URL): Promise<SwitchableProxy> {
  let isDown = false;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    if (isDown) {
      dropped += 1;
      req.socket.destroy();
      waiters.splice(0).forEach((wake) => wake());
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    down() {
      isDown = true;
      for (const s of sockets) s.destroy(); // kept-alive connections die with the server too
    },
    up: () => void (isDown = false),
    dropped: () => dropped,
    async waitForDropped(n) {
      while (dropped < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The analyst asks for one tool and then answers; the verifier's summary step gets text. */
function respond(request: RecordedRequest) {
  if (modelFailuresLeft > 0) {
    modelFailuresLeft -= 1;
    modelFailures += 1;
    return step.error(503, { message: 'the model is down for maintenance' });
  }
  if (request.tools?.length) {
    return request.messages.some((m) => m.role === 'tool') ? step.text('It is an invoice.') : step.toolCalls([{ name: 'classify_document', arguments: {} }]);
  }
  return step.text('The document looks fine.');
}

beforeAll(async () => {
  const store = createMemoryArtifactStore();
  pdf = createPdfExtractor({ maxWorkers: 1 });
  tools = await startMcpHttpServer({ store, pdf, policy: defaultVerificationPolicy(), logger: createSilentLogger(), host: '127.0.0.1', port: 0 });
  proxy = await startProxy(new URL(tools.url));
  stack = await startDocumentStack({
    store,
    mcpServers: { documents: { url: proxy.url } },
    agents: {
      'document-verifier': { settings: settings() },
      'document-analyst': { settings: settings() },
      'verifier-small-budget': { extends: 'document-verifier', settings: settings(BUDGET) },
      'analyst-small-budget': { extends: 'document-analyst', settings: settings(BUDGET) },
    },
  });
  stack.model!.respondWith(respond);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await tools?.close();
  await pdf?.close();
});

const invoice = () => filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice-INV-2025-0042.pdf');
const settled = (task: WireJson) => /COMPLETED|FAILED|CANCELED|REJECTED|INPUT_REQUIRED/.test(task.status.state);

interface ActivityRecord {
  type: string;
  maximumAttempts: number;
  scheduleToCloseMs: number;
  attempts: number;
  outcome: string;
}

const ms = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) => (d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6) : 0);

/** Every activity a task's workflow scheduled: its retry bound, the attempts it took, how it ended. */
async function activitiesOf(taskId: string): Promise<ActivityRecord[]> {
  const history = await stack.platform.client.workflow.getHandle(`a2a-task-${taskId}`).fetchHistory();
  const events: HistoryEvent[] = history.events ?? [];
  const bySchedule = (id: number, type: number) =>
    events.find((e) => e.eventType === type && Number(Object.values(e).find((v) => v && typeof v === 'object' && 'scheduledEventId' in v)?.scheduledEventId) === id);
  return events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
    .map((scheduled) => {
      const a = scheduled.activityTaskScheduledEventAttributes!;
      const id = Number(scheduled.eventId);
      const started = bySchedule(id, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
      const closed = [
        [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 'completed'],
        [EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, 'failed'],
        [EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, 'timed-out'],
        [EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, 'canceled'],
      ].find(([type]) => bySchedule(id, type as number));
      return {
        type: a.activityType?.name ?? '',
        maximumAttempts: a.retryPolicy?.maximumAttempts ?? 0,
        scheduleToCloseMs: ms(a.scheduleToCloseTimeout),
        attempts: started?.activityTaskStartedEventAttributes?.attempt ?? 0,
        outcome: closed ? String(closed[1]) : 'open',
      };
    });
}

/** Every activity has a bound, and stayed within it. */
function expectBounded(records: ActivityRecord[]): void {
  expect(records.length).toBeGreaterThan(0);
  for (const r of records) {
    expect([r.type, r.maximumAttempts > 0 || r.scheduleToCloseMs > 0]).toEqual([r.type, true]);
    if (r.maximumAttempts > 0) expect([r.type, r.attempts <= r.maximumAttempts]).toEqual([r.type, true]);
  }
}

const figures = { faultsInjected: 0, modelErrorsServed: 0, toolConnectionsDropped: 0, tasks: 0, tasksLost: 0, activities: 0, unboundedActivities: 0, attemptsOverBudget: 0 };
/** How each task ended whose dependency stayed down past its retry budget. */
const endings: Record<string, string> = {};

function tally(records: ActivityRecord[], done: WireJson, expectCompleted: boolean): void {
  figures.tasks += 1;
  if (expectCompleted && done.status.state !== 'TASK_STATE_COMPLETED') figures.tasksLost += 1;
  figures.activities += records.length;
  figures.unboundedActivities += records.filter((r) => !(r.maximumAttempts > 0 || r.scheduleToCloseMs > 0)).length;
  figures.attemptsOverBudget += records.filter((r) => r.maximumAttempts > 0 && r.attempts > r.maximumAttempts).length;
}

describe.each([
  ['document-verifier', 'verifier-small-budget'],
  ['document-analyst', 'analyst-small-budget'],
])('%s', (agent, smallBudget) => {
  it('completes after the model answered 503 three times, each a bounded retry of one model step', async () => {
    modelFailuresLeft = 3;
    const before = modelFailures;
    const task = await stack.start(agent, [invoice(), textPart('What is this?')]);
    const done = await stack.waitForTask(agent, task.id, settled, 90_000);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(modelFailures - before).toBe(3);
    figures.faultsInjected += 1;
    const records = await activitiesOf(task.id);
    expectBounded(records);
    // The failures landed on one model step, which took 4 attempts of its (default 6) budget.
    expect(records.filter((r) => r.type === 'callModel').map((r) => r.attempts)).toContain(4);
    tally(records, done, true);
  });

  it('completes after the tool server was down for a while, each tool call a bounded retry', async () => {
    proxy.down();
    const dropsBefore = proxy.dropped();
    const task = await stack.start(agent, [invoice(), textPart('What is this?')]);
    await proxy.waitForDropped(dropsBefore + 3);
    proxy.up();
    const done = await stack.waitForTask(agent, task.id, settled, 90_000);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    figures.faultsInjected += 1;
    const records = await activitiesOf(task.id);
    expectBounded(records);
    expect(records.some((r) => r.type === 'callMcpTool' && r.attempts > 1)).toBe(true);
    tally(records, done, true);
  });

  it('gives up on a model that stays down after exactly its maximum attempts, and the task still settles', async () => {
    modelFailuresLeft = Number.POSITIVE_INFINITY;
    try {
      const before = modelFailures;
      const task = await stack.start(smallBudget, [invoice(), textPart('What is this?')]);
      const done = await stack.waitForTask(smallBudget, task.id, settled, 90_000);
      figures.faultsInjected += 1;
      const records = await activitiesOf(task.id);
      expectBounded(records);
      const model = records.filter((r) => r.type === 'callModel');
      expect(model.map((r) => [r.attempts, r.maximumAttempts, r.outcome])).toContainEqual([BUDGET, BUDGET, 'failed']);
      // Every request the model saw for this task is one of those attempts: nothing retried beyond them.
      expect(modelFailures - before).toBe(model.reduce((n, r) => n + r.attempts, 0));
      endings[`${agent}: model down`] = done.status.state;
      tally(records, done, false);
    } finally {
      modelFailuresLeft = 0;
    }
  });

  it('gives up on a tool server that stays down after exactly its maximum attempts, and the task still settles', async () => {
    proxy.down();
    try {
      const task = await stack.start(smallBudget, [invoice(), textPart('What is this?')]);
      const done = await stack.waitForTask(smallBudget, task.id, settled, 90_000);
      figures.faultsInjected += 1;
      const records = await activitiesOf(task.id);
      expectBounded(records);
      const failedTools = records.filter((r) => r.type === 'callMcpTool' && r.outcome === 'failed');
      expect(failedTools.length).toBeGreaterThan(0);
      for (const r of failedTools) expect([r.attempts, r.maximumAttempts]).toEqual([BUDGET, BUDGET]);
      endings[`${agent}: tools down`] = done.status.state;
      tally(records, done, false);
    } finally {
      proxy.up();
    }
  });
});

afterAll(() => {
  reportFigures('model-and-tools-outage', {
    ...figures,
    modelErrorsServed: modelFailures,
    toolConnectionsDropped: proxy?.dropped() ?? 0,
    pastBudget: Object.entries(endings).map(([k, v]) => `${k} -> ${v}`).join('; '),
  });
});
