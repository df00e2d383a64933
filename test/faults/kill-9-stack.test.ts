// kill -9 of the whole stack (`npm start`: embedded engine on a data directory, worker, MCP server,
// API in one process), twice, while 200 tasks are in flight and 50 SSE streams are open:
//   round 1: 150 conformance tasks hold in `working` for HOLD_MS (50 of them streamed: 25 over
//            HTTP+JSON v1.0, 25 over JSON-RPC v0.3) and 50 wait in input-required; SIGKILL at once.
//   round 2: restart on the same data directory; every stream resumes with Last-Event-ID; half the
//            waiting tasks are answered without waiting; SIGKILL again while that settles.
//   round 3: restart; streams resume again; every answer is re-sent (same messageId) and the other
//            half answered twice, concurrently; every original message is re-sent too.
// Then: every task completed exactly once (one workflow each, each answer delivered once, re-sends
// answered with the same task, no second terminal status attempted in any process's log, one
// terminal frame per stream as the client received it), and every stream saw every event of the
// full log (read afterwards) once, in order. Figures: faults injected, tasks and events lost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { devUserToken, killStack, newPayloadKeySpec, spawnStack, temporalClient, type StackProcess } from '../support/stack-process';
import { RETENTION_SWEEP_WORKFLOW_ID } from '../../src/retention/retention-contract';
import { reportFigures } from './support/figures';
import { compareIds, openSse, TrackedStream, type Connect } from './support/stream-tracker';
import { refusalsAfterTerminal, terminalFrames } from './support/terminal-events';

/**
 * How long the holding tasks hold: long enough that they complete after the second restart, as the
 * rounds below intend (the second kill comes 20-26 s in on this machine, 28-45 s under heavy load).
 * KILL9_HOLD_MS moves it: 18500 here makes completions race the second kill, which reproduces an
 * open bug (v0.3 streams then show a `completed` whose timestamp the task's log does not have).
 */
const HOLD_MS = Number(process.env.KILL9_HOLD_MS ?? 50_000);
const HOLDING = 150;
const WAITING = 50;
const STREAMED = 50;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON under test

let dataDir: string;
let stack: StackProcess | undefined;
let temporal: { client: Client; close(): Promise<void> } | undefined;
const keySpec = newPayloadKeySpec();
let token: string;
/** The log of every stack process started, for the refusals a task record logged. */
const outputs: Array<() => string> = [];

afterAll(async () => {
  await temporal?.close();
  await killStack(stack);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<StackProcess> {
  stack = await spawnStack({
    dataDir,
    env: {
      AGENTS_CONFIG: path.join(dataDir, 'agents.json'),
      PAYLOAD_ENCRYPTION_KEYS: keySpec,
      RATE_LIMIT_PER_SECOND: '0',
      MAX_STREAMS_PER_PRINCIPAL: '0',
      RUN_MCP: 'false',
    },
  });
  token = devUserToken(dataDir);
  outputs.push(stack.output);
  return stack;
}

async function sigkill(): Promise<void> {
  stack!.child.kill('SIGKILL');
  const { signal } = await stack!.exited;
  expect(signal).toBe('SIGKILL');
}

const auth = () => ({ authorization: `Bearer ${token}` });
const V1 = () => ({ 'content-type': 'application/json', 'a2a-version': '1.0', ...auth() });
const V03 = () => ({ 'content-type': 'application/json', ...auth() });
let rpcId = 0;

async function rest(method: string, url: string, body?: unknown): Promise<Json> {
  const response = await fetch(url, { method, headers: V1(), ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = (await response.json()) as Json;
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

async function rpc(version: '1.0' | '0.3', method: string, params: unknown): Promise<Json> {
  const response = await fetch(`${stack!.apiUrl}/agents/conformance`, {
    method: 'POST',
    headers: version === '1.0' ? V1() : V03(),
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const json = (await response.json()) as Json;
  if (json.error) throw new Error(`${method} failed: ${JSON.stringify(json.error)}`);
  return json.result;
}

const v1Message = (messageId: string, extra: object = {}) => ({ messageId, role: 'ROLE_USER', parts: [{ text: messageId }], ...extra });
const v03Message = (messageId: string) => ({ kind: 'message', messageId, role: 'user', parts: [{ kind: 'text', text: messageId }] });

/** How each of the 200 tasks is sent: binding, version and whether it is streamed. */
interface Sent {
  index: number;
  messageId: string;
  kind: 'rest-stream' | 'rpc03-stream' | 'rest-send' | 'rpc03-send' | 'rpc1-input';
  taskId?: string;
  answerId?: string;
}

function plan(run: string): Sent[] {
  return Array.from({ length: HOLDING + WAITING }, (_, index) => {
    const kind: Sent['kind'] =
      index < STREAMED / 2 ? 'rest-stream' : index < STREAMED ? 'rpc03-stream' : index < 100 ? 'rest-send' : index < HOLDING ? 'rpc03-send' : 'rpc1-input';
    const prefix = kind === 'rpc1-input' ? 'tck-input-required' : 'test-resubscribe-message-id';
    return { index, kind, messageId: `${prefix}-k9-${run}-${index}`, ...(kind === 'rpc1-input' ? { answerId: `k9-answer-${run}-${index}` } : {}) };
  });
}

const connectRest: Connect = (baseUrl, taskId, lastEventId) =>
  openSse(`${baseUrl}/agents/conformance/tasks/${taskId}:subscribe`, { headers: { ...V1(), ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) } });
const connectRpc03: Connect = (baseUrl, taskId, lastEventId) =>
  openSse(`${baseUrl}/agents/conformance`, {
    method: 'POST',
    headers: { ...V03(), ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'tasks/resubscribe', params: { id: taskId } }),
  });

/** Sends one planned message the way its kind says; a streamed one returns its open stream. */
async function send(item: Sent): Promise<{ taskId: string; stream?: TrackedStream }> {
  const base = stack!.apiUrl;
  switch (item.kind) {
    case 'rest-stream': {
      const stream = new TrackedStream(false, connectRest);
      const first = await openSse(`${base}/agents/conformance/message:stream`, { method: 'POST', headers: V1(), body: JSON.stringify({ message: v1Message(item.messageId) }) });
      await stream.open(base, { first });
      await stream.waitForFrames(1);
      stream.taskId = (stream.seen[0].payload as Json).task.id;
      return { taskId: stream.taskId, stream };
    }
    case 'rpc03-stream': {
      const stream = new TrackedStream(true, connectRpc03);
      const first = await openSse(`${base}/agents/conformance`, {
        method: 'POST',
        headers: V03(),
        body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method: 'message/stream', params: { message: v03Message(item.messageId) } }),
      });
      await stream.open(base, { first });
      await stream.waitForFrames(1);
      stream.taskId = (stream.seen[0].payload as Json).id;
      return { taskId: stream.taskId, stream };
    }
    case 'rest-send':
      return { taskId: (await rest('POST', `${base}/agents/conformance/message:send`, { message: v1Message(item.messageId), configuration: { returnImmediately: true } })).task.id };
    case 'rpc03-send':
      return { taskId: (await rpc('0.3', 'message/send', { message: v03Message(item.messageId), configuration: { blocking: false } })).id };
    case 'rpc1-input':
      return { taskId: (await rpc('1.0', 'SendMessage', { message: v1Message(item.messageId) })).task.id };
  }
}

async function answer(item: Sent, wait: boolean): Promise<Json> {
  return rpc('1.0', 'SendMessage', { message: v1Message(item.answerId!, { taskId: item.taskId }), configuration: { returnImmediately: !wait } });
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

/** Every stream whose task is not over for it reconnects to the new process with Last-Event-ID. */
async function resumeAll(streams: TrackedStream[]): Promise<number> {
  const open = streams.filter((s) => !s.sawFinal);
  await inBatches(open, 25, (s) => s.open(stack!.apiUrl));
  return open.length;
}

it('after two SIGKILLs of the whole stack, 200 tasks complete exactly once and 50 resumed streams miss and repeat nothing', async () => {
  const startedAt = Date.now();
  dataDir = mkdtempSync(path.join(tmpdir(), 'kill-9-'));
  writeFileSync(path.join(dataDir, 'agents.json'), JSON.stringify({ agents: { conformance: { settings: { resubscribeHoldMs: HOLD_MS } } } }));
  const run = `${process.pid}-${Date.now()}`;
  const items = plan(run);
  const faults: string[] = [];

  // Round 1: everything in flight, then SIGKILL.
  await start();
  const sent = await inBatches(items, 25, send);
  sent.forEach((s, i) => (items[i].taskId = s.taskId));
  const parked = await inBatches(items.filter((i) => i.kind === 'rpc1-input'), 25, (i) => rpc('1.0', 'GetTask', { id: i.taskId }));
  expect(new Set(parked.map((t) => t.status.state))).toEqual(new Set(['TASK_STATE_INPUT_REQUIRED']));
  const streams = sent.flatMap((s) => (s.stream ? [s.stream] : []));
  expect(streams).toHaveLength(STREAMED);
  await sigkill();
  const killedAt = [Date.now()];
  faults.push('SIGKILL with 200 tasks in flight and 50 streams open');
  await Promise.all(streams.map((s) => s.finished()));

  // Round 2: resume every stream, answer half the waiting tasks without waiting, SIGKILL again.
  await start();
  const resumed = [await resumeAll(streams)];
  const waiting = items.filter((i) => i.kind === 'rpc1-input');
  const [firstHalf, secondHalf] = [waiting.slice(0, WAITING / 2), waiting.slice(WAITING / 2)];
  await inBatches(firstHalf, 25, (item) => answer(item, false));
  await sigkill();
  killedAt.push(Date.now());
  faults.push('SIGKILL with answers just delivered and streams resumed');
  await Promise.all(streams.map((s) => s.finished()));

  // Round 3: resume again; re-send every answer and every original message; answer the rest twice at once.
  await start();
  resumed.push(await resumeAll(streams));
  await inBatches(firstHalf, 25, (item) => answer(item, true));
  await inBatches(secondHalf, 25, async (item) => Promise.all([answer(item, true), answer(item, true)]));
  const resent = await inBatches(items, 25, send);
  for (const [i, again] of resent.entries()) {
    again.stream?.disconnect();
    expect([items[i].messageId, again.taskId]).toEqual([items[i].messageId, items[i].taskId]);
  }

  // Every task's workflow result, read with the Temporal client: the full event log from sequence 0.
  temporal = await temporalClient(stack!.temporalAddress, keySpec);
  const results = await inBatches(items, 25, async (item) => {
    const handle = temporal!.client.workflow.getHandle(`a2a-task-${item.taskId}`);
    return { item, result: (await handle.result()) as Json, description: await handle.describe() };
  });

  // Exactly one workflow per task, and no other; the platform's own retention sweep (a singleton every
  // worker start asks for) aside: after the kills exactly one of it runs.
  const runs = new Map<string, number>();
  let sweepsRunning = 0;
  for await (const execution of temporal.client.workflow.list()) {
    if (execution.workflowId === RETENTION_SWEEP_WORKFLOW_ID) {
      if (execution.status.name === 'RUNNING') sweepsRunning++;
      continue;
    }
    runs.set(execution.workflowId, (runs.get(execution.workflowId) ?? 0) + 1);
  }
  const expectedIds = new Set(items.map((i) => `a2a-task-${i.taskId}`));
  const duplicateWorkflows = [...runs.values()].reduce((n, c) => n + (c - 1), 0);
  const strayWorkflows = [...runs.keys()].filter((id) => !expectedIds.has(id)).length;

  let tasksLost = 0;
  let answersNotOnce = 0;
  let inFlightAtKill = 0;
  for (const { item, result, description } of results) {
    const { snapshot } = result;
    if (snapshot.task.status.state !== 'completed') tasksLost += 1;
    if (item.answerId) {
      const delivered = (snapshot.task.history ?? []).filter((m: Json) => m.messageId === item.answerId).length;
      if (delivered !== 1) answersNotOnce += 1;
      expect(snapshot.task.status.message?.parts?.[0]?.text).toBe(`Received: ${item.answerId}`);
    }
    if ((description.closeTime?.getTime() ?? Infinity) > killedAt[0]) inFlightAtKill += 1;
  }

  // Every stream: every event of the full log, once, in order, equal to the log read afterwards.
  await Promise.all(streams.map((s) => s.finished()));
  let eventsExpected = 0;
  let eventsLost = 0;
  let eventsDuplicated = 0;
  let eventsOutOfOrder = 0;
  let eventsDiffering = 0;
  const differences: unknown[] = [];
  let streamsWithoutOneTerminalFrame = 0;
  for (const stream of streams) {
    const { result } = results.find((r) => r.item.taskId === stream.taskId)!;
    const logIds: number[] = [0, ...result.snapshot.events.map((e: Json) => e.seq as number)];
    const seenIds = stream.seen.map((f) => f.id);
    const diff = compareIds(seenIds, logIds);
    eventsExpected += logIds.length;
    eventsLost += diff.lost;
    eventsDuplicated += diff.duplicated;
    eventsOutOfOrder += diff.outOfOrder;
    // The log as the API replays it from the start, compared frame by frame with what was streamed.
    const replay = new TrackedStream(stream.jsonRpc, stream.connect);
    replay.taskId = stream.taskId;
    await replay.open(stack!.apiUrl, { after: 0 });
    await replay.finished();
    const replayed = replay.seen;
    // Counted on the raw frames, live and replayed: the task record cannot hold two terminal
    // events (it throws), but a stream can still deliver one twice.
    if (terminalFrames(stream.seen, stream.jsonRpc).length !== 1 || terminalFrames(replayed, stream.jsonRpc).length !== 1) streamsWithoutOneTerminalFrame += 1;
    const streamed = stream.seen.filter((f) => f.id > 0);
    if (JSON.stringify(streamed) !== JSON.stringify(replayed)) {
      eventsDiffering += 1;
      // Kept for the failure message: the first frame that differs, as streamed and as replayed.
      const at = streamed.findIndex((frame, k) => JSON.stringify(frame) !== JSON.stringify(replayed[k]));
      if (differences.length < 3) differences.push({ taskId: stream.taskId, jsonRpc: stream.jsonRpc, at, streamed: streamed[at], replayed: replayed[at] });
    }
  }

  // A second terminal status never reaches the task's log: the record refuses it and the workflow
  // logs the refusal (the first outcome stands). The refusals in every process's log are the count.
  const refusals = outputs.flatMap((output) => refusalsAfterTerminal(output()));
  const figures = {
    faultsInjected: faults.length,
    faults: faults.join('; '),
    tasks: items.length,
    tasksInFlightAtFirstKill: inFlightAtKill,
    streamsOpenAtFirstKill: STREAMED,
    streamsResumedByRound: resumed.join('+'),
    secondsToKills: killedAt.map((t) => Math.round((t - startedAt) / 100) / 10).join(', '),
    tasksLost,
    secondTerminalStatusesRefused: refusals.length,
    streamsWithoutOneTerminalFrame,
    answersNotDeliveredExactlyOnce: answersNotOnce,
    duplicateWorkflows,
    strayWorkflows,
    sweepsRunning,
    eventsExpected,
    eventsLost,
    eventsDuplicated,
    eventsOutOfOrder,
    streamsDifferingFromLog: eventsDiffering,
    wallSeconds: Math.round((Date.now() - startedAt) / 1000),
  };
  reportFigures('kill-9-stack', figures);
  if (differences.length > 0) console.log(`streams differing from the log, first frames that differ: ${JSON.stringify(differences)}`);
  // The waiting tasks cannot have finished before the first kill; the holding ones could only on a
  // machine so slow that sending took HOLD_MS (the figure says how many were in flight).
  expect(figures.tasksInFlightAtFirstKill).toBeGreaterThanOrEqual(WAITING);
  expect(refusals).toEqual([]);
  expect(figures).toMatchObject({
    tasksLost: 0,
    secondTerminalStatusesRefused: 0,
    streamsWithoutOneTerminalFrame: 0,
    answersNotDeliveredExactlyOnce: 0,
    duplicateWorkflows: 0,
    strayWorkflows: 0,
    sweepsRunning: 1,
    eventsLost: 0,
    eventsDuplicated: 0,
    eventsOutOfOrder: 0,
    streamsDifferingFromLog: 0,
  });
  expect(runs.size).toBe(items.length);
}, 300_000);
