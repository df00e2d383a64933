// Graceful shutdown of `npm start` on SIGTERM, with work in every stage: open SSE streams (HTTP+JSON
// v1.0 and JSON-RPC v0.3), a blocking send waiting on a working task, tasks waiting for input, and a
// push delivery activity held in flight by its webhook. On SIGTERM the streams end with a `retry:`
// hint, the worker drains (the held delivery completes and is not repeated), and the process exits 0.
// After a restart on the same data directory nothing is lost: every task completes, every stream
// resumed with Last-Event-ID sees every event of the full log once, in order.
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { devUserToken, killStack, newPayloadKeySpec, spawnStack, temporalClient, type StackProcess } from '../support/stack-process';
import { reportFigures } from './support/figures';
import { compareIds, openSse, TrackedStream, type Connect } from './support/stream-tracker';

const HOLD_MS = 20_000;
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON under test

let dataDir: string;
let stack: StackProcess | undefined;
let temporal: { client: Client; close(): Promise<void> } | undefined;
let receiver: http.Server | undefined;
const keySpec = newPayloadKeySpec();
let token = '';

afterAll(async () => {
  await temporal?.close();
  await killStack(stack);
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A webhook that counts deliveries per event id and holds the first one until released. */
async function startWebhook() {
  const deliveries = new Map<string, number>();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let heldSeen!: () => void;
  const held = new Promise<void>((resolve) => (heldSeen = resolve));
  let holding = true;
  receiver = http.createServer((req, res) => {
    req.resume();
    const id = String(req.headers['x-a2a-event-id']);
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    if (holding) {
      holding = false;
      heldSeen();
      void released.then(() => res.writeHead(200).end());
    } else res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, deliveries, held, release };
}

async function start(): Promise<void> {
  stack = await spawnStack({
    dataDir,
    env: {
      AGENTS_CONFIG: path.join(dataDir, 'agents.json'),
      PAYLOAD_ENCRYPTION_KEYS: keySpec,
      RATE_LIMIT_PER_SECOND: '0',
      PUSH_WEBHOOK_ALLOWLIST: '127.0.0.1/32',
      RUN_MCP: 'false',
      LOG_LEVEL: 'info', // for the "shutting down" line
    },
  });
  token = devUserToken(dataDir);
}

const V1 = () => ({ 'content-type': 'application/json', 'a2a-version': '1.0', authorization: `Bearer ${token}` });
const V03 = () => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
let rpcId = 0;

async function rpc(method: string, params: unknown): Promise<Json> {
  const response = await fetch(`${stack!.apiUrl}/agents/conformance`, { method: 'POST', headers: V1(), body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }) });
  const json = (await response.json()) as Json;
  if (json.error) throw new Error(`${method} failed: ${JSON.stringify(json.error)}`);
  return json.result;
}

const message = (messageId: string, extra: object = {}) => ({ messageId, role: 'ROLE_USER', parts: [{ text: messageId }], ...extra });

const connectRest: Connect = (baseUrl, taskId, lastEventId) =>
  openSse(`${baseUrl}/agents/conformance/tasks/${taskId}:subscribe`, { headers: { ...V1(), ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) } });
const connectRpc03: Connect = (baseUrl, taskId, lastEventId) =>
  openSse(`${baseUrl}/agents/conformance`, {
    method: 'POST',
    headers: { ...V03(), ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'tasks/resubscribe', params: { id: taskId } }),
  });

async function openStream(i: number, run: string): Promise<TrackedStream> {
  const rest = i % 2 === 0;
  const messageId = `test-resubscribe-message-id-term-${run}-${i}`;
  const stream = new TrackedStream(!rest, rest ? connectRest : connectRpc03);
  const first = rest
    ? await openSse(`${stack!.apiUrl}/agents/conformance/message:stream`, { method: 'POST', headers: V1(), body: JSON.stringify({ message: message(messageId) }) })
    : await openSse(`${stack!.apiUrl}/agents/conformance`, {
        method: 'POST',
        headers: V03(),
        body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'message/stream', params: { message: { ...message(messageId), kind: 'message', role: 'user', parts: [{ kind: 'text', text: 'go' }] } } }),
      });
  await stream.open(stack!.apiUrl, { first });
  await stream.waitForFrames(2); // the Task, then working
  const payload = stream.seen[0].payload as Json;
  stream.taskId = rest ? payload.task.id : payload.id;
  return stream;
}

it('on SIGTERM, streams close with a retry hint, the worker drains, the process exits 0, and after a restart nothing is lost', async () => {
  const startedAt = Date.now();
  dataDir = mkdtempSync(path.join(tmpdir(), 'sigterm-'));
  writeFileSync(path.join(dataDir, 'agents.json'), JSON.stringify({ agents: { conformance: { settings: { resubscribeHoldMs: HOLD_MS } } } }));
  const run = `${process.pid}-${Date.now()}`;
  const webhook = await startWebhook();
  await start();

  const streams = await Promise.all(Array.from({ length: 10 }, (_, i) => openStream(i, run)));
  const waiting = await Promise.all(Array.from({ length: 5 }, async (_, i) => (await rpc('SendMessage', { message: message(`tck-input-required-term-${run}-${i}`) })).task.id as string));
  // A task whose first push delivery the webhook holds: an activity in flight at SIGTERM.
  const pushed = (await rpc('SendMessage', { message: message(`tck-complete-task-term-${run}`), configuration: { returnImmediately: true, taskPushNotificationConfig: { url: webhook.url } } })).task.id as string;
  // A blocking send on a task that works for HOLD_MS: a request in flight at SIGTERM.
  const blockingId = `test-resubscribe-message-id-term-${run}-blocking`;
  const blocking: Promise<{ status: number; body: Json }> = fetch(`${stack!.apiUrl}/agents/conformance/message:send`, { method: 'POST', headers: V1(), body: JSON.stringify({ message: message(blockingId) }) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as Json }),
    (err: unknown) => ({ status: 0, body: `${String(err)} (${String((err as { cause?: unknown }).cause)})` }),
  );
  await webhook.held;
  // The blocking send is being served (its task-start audit record is out) before the SIGTERM.
  while (!stack!.output().includes(blockingId)) await new Promise((resolve) => setTimeout(resolve, 20));

  const first = stack!;
  first.child.kill('SIGTERM');
  // The delivery is released only once the API has closed (the worker is draining next), so the
  // drain has to wait for the activity rather than race it.
  while (await fetch(`${first.apiUrl}/healthz`).then(() => true, () => false)) await new Promise((resolve) => setTimeout(resolve, 20));
  webhook.release();
  const exit = await first.exited;
  const ends = await Promise.all(streams.map((s) => s.finished()));
  const blockingAnswer = await blocking;

  expect(exit).toEqual({ code: 0, signal: null });
  expect(ends.map((e) => e.how)).toEqual(streams.map(() => 'ended'));
  expect(ends.map((e) => e.retryMs)).toEqual(streams.map(() => 1000));
  // The blocking send did not hold the shutdown open: it was answered with its task, still working.
  expect([blockingAnswer.status, blockingAnswer.body?.task?.status?.state]).toEqual([200, 'TASK_STATE_WORKING']);
  const blockingTask = blockingAnswer.body.task.id as string;

  // Restart on the same data directory: resume every stream, answer the waiting tasks.
  await start();
  for (const stream of streams) await stream.open(stack!.apiUrl);
  await Promise.all(waiting.map((taskId, i) => rpc('SendMessage', { message: message(`term-answer-${run}-${i}`, { taskId }) })));
  await Promise.all(streams.map((s) => s.finished()));

  temporal = await temporalClient(stack!.temporalAddress, keySpec);
  const taskIds = [...streams.map((s) => s.taskId), ...waiting, pushed, blockingTask];
  const results = new Map<string, Json>();
  for (const taskId of taskIds) results.set(taskId, await temporal.client.workflow.getHandle(`a2a-task-${taskId}`).result());
  const tasksLost = [...results.values()].filter((r) => r.snapshot.task.status.state !== 'completed').length;

  let eventsExpected = 0;
  let eventsLost = 0;
  let eventsDuplicated = 0;
  let eventsOutOfOrder = 0;
  for (const stream of streams) {
    const logIds: number[] = [0, ...results.get(stream.taskId).snapshot.events.map((e: Json) => e.seq as number)];
    const diff = compareIds(stream.seen.map((f) => f.id), logIds);
    eventsExpected += logIds.length;
    eventsLost += diff.lost;
    eventsDuplicated += diff.duplicated;
    eventsOutOfOrder += diff.outOfOrder;
  }
  const pushedEvents = results.get(pushed).snapshot.events.map((e: Json) => `${pushed}:${e.seq}`);
  const deliveries = pushedEvents.map((id: string) => webhook.deliveries.get(id) ?? 0);

  const figures = {
    faultsInjected: 1,
    faults: 'SIGTERM with 10 streams open, a blocking send, 5 tasks waiting for input and a push delivery in flight',
    exitCode: exit.code ?? -1,
    streamsClosedWithRetryHint: ends.filter((e) => e.how === 'ended' && e.retryMs !== undefined).length,
    blockingSendAnswer: blockingAnswer.status,
    tasks: taskIds.length,
    tasksLost,
    eventsExpected,
    eventsLost,
    eventsDuplicated,
    eventsOutOfOrder,
    pushEventsDeliveredOtherThanOnce: deliveries.filter((n: number) => n !== 1).length,
    wallSeconds: Math.round((Date.now() - startedAt) / 1000),
  };
  reportFigures('sigterm-drain', figures);
  expect(figures).toMatchObject({ tasksLost: 0, eventsLost: 0, eventsDuplicated: 0, eventsOutOfOrder: 0, pushEventsDeliveredOtherThanOnce: 0 });
  expect(deliveries.length).toBeGreaterThan(0);
}, 180_000);
