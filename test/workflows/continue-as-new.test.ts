// Bounded histories on the real stack: with a low continue-as-new threshold, a task streams a long
// answer over several runs while a subscriber keeps disconnecting and resuming with Last-Event-ID,
// and a task waiting for approval continues as new with its approval and its timer intact.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { samplePdf, sampleInconsistentInvoice, sampleInvoice } from '../../src/documents/samples';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { openSse, type SseFrame } from '../support/a2a-sse';
import { replayAll } from '../support/embedded-temporal-harness';
import { workflowBundle } from '../support/platform-harness';
import { step } from '../support/fake-openai';
import {
  APPROVER,
  artifactOf,
  dataOfArtifact,
  dataPart,
  filePart,
  startDocumentStack,
  statusData,
  textOf,
  textPart,
  type Stack,
  type WireJson,
} from './support/document-stack';

const ANALYST = 'analyst-short-history';
const VERIFIER = 'verifier-short-history';
const THRESHOLD = 20;
const V1 = { 'a2a-version': '1.0', 'x-test-principal': 'alice|' };
const invoice = () => filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice-INV-2025-0042.pdf');

/** Every run of a workflow, first to latest, with its history event count. */
type RunHistory = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

async function runsOf(client: Client, workflowId: string, firstRunId: string): Promise<Array<{ runId: string; events: number; continued: boolean; history: RunHistory }>> {
  const runs = [];
  for (let runId: string | undefined = firstRunId; runId; ) {
    const history: RunHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const next: string | undefined = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    runs.push({ runId, events: events.length, continued: Boolean(next), history });
    runId = next;
  }
  return runs;
}

/** The input each run started with (its `carried` state for a continued run). */
async function runInput(client: Client, workflowId: string, runId: string): Promise<WireJson> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return JSON.parse(Buffer.from(payload?.data ?? new Uint8Array()).toString('utf8'));
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Subscribes, reads a few frames, disconnects, and resumes from the last id until the stream ends. */
async function followWithReconnects(stack: Stack, agent: string, taskId: string, framesPerConnection: number): Promise<{ frames: SseFrame[]; connections: number }> {
  const frames: SseFrame[] = [];
  let connections = 0;
  for (;;) {
    const lastId = frames[frames.length - 1]?.id;
    const sse = await openSse(`${stack.platform.baseUrl}/agents/${agent}/tasks/${taskId}:subscribe`, {
      headers: { ...V1, ...(lastId ? { 'last-event-id': lastId } : {}) },
    });
    connections += 1;
    let read = 0;
    for (let frame = await sse.next(); frame; frame = await sse.next()) {
      if (frame.data === undefined) continue; // heartbeat
      frames.push(frame);
      read += 1;
      if (/TASK_STATE_(COMPLETED|FAILED|CANCELED|REJECTED)/.test(JSON.parse(frame.data).statusUpdate?.status?.state ?? '')) {
        sse.disconnect();
        return { frames, connections };
      }
      if (read >= framesPerConnection) break;
    }
    sse.disconnect();
  }
}

/**
 * A four-step answer (three tool-call steps, then the answer) streamed by `agent` while a subscriber
 * reconnects every two frames; checks the stream, the answer, and that every run stays under `bound` events.
 */
async function streamLongAnswer(stack: Stack, agent: string, bound: number): Promise<void> {
  const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i} `);
  const answerDeltas = words('answer-', 60);
  stack.model!.script(
    step.toolCalls([{ name: 'classify_document', arguments: {} }], { content: words('first-', 20).join(''), deltas: words('first-', 20), chunkDelayMs: 60 }),
    step.toolCalls([{ name: 'fingerprint_document', arguments: {} }], { content: words('second-', 20).join(''), deltas: words('second-', 20), chunkDelayMs: 60 }),
    step.toolCalls([{ name: 'detect_pii', arguments: {} }], { content: words('third-', 20).join(''), deltas: words('third-', 20), chunkDelayMs: 60 }),
    step.streamed(answerDeltas, { chunkDelayMs: 60 }),
  );
  const task = await stack.start(agent, [invoice(), textPart('Tell me at length.')]);
  const workflowId = taskWorkflowId(task.id);
  const firstRunId = (await stack.platform.client.workflow.getHandle(workflowId).describe()).runId;

  const { frames, connections } = await followWithReconnects(stack, agent, task.id, 2);
  const done = await stack.waitForSettled(agent, task.id);
  expect(done.status.state).toBe('TASK_STATE_COMPLETED');
  expect(textOf(artifactOf(done, 'answer').parts)).toBe(answerDeltas.join(''));

  // One frame per sequence number, in order, from the task frame to the completed status.
  const ids = frames.map((f) => Number(f.id));
  expect(ids).toEqual(ids.map((_, i) => ids[0] + i));
  // The answer as the subscriber saw it: the chunks after the last one that replaced the artifact.
  const updates: WireJson[] = frames.map((f) => JSON.parse(f.data ?? '{}').artifactUpdate).filter((u: WireJson) => u?.artifact?.artifactId === 'answer');
  const lastReplace = updates.map((u) => Boolean(u.append)).lastIndexOf(false);
  expect(updates.slice(lastReplace).map((u) => textOf(u.artifact.parts)).join('')).toBe(answerDeltas.join(''));
  expect(connections).toBeGreaterThan(3);

  const runs = await runsOf(stack.platform.client, workflowId, firstRunId);
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(runs.slice(0, -1).every((r) => r.continued)).toBe(true);
  const total = runs.reduce((sum, r) => sum + r.events, 0);
  // Bounded per run: the threshold plus one model step's worth, while the task as a whole took more.
  for (const run of runs) expect(run.events).toBeLessThan(bound);
  expect(total).toBeGreaterThan(bound);
  // A late chunk from an attempt older than the newest stays stale in the next run too.
  expect((await runInput(stack.platform.client, workflowId, runs[runs.length - 1].runId)).carried.chunkAttempts).toEqual({ answer: 1 });
  // Every run replays on this worker: the hand-offs are deterministic.
  await expect(replayAll((await workflowBundle()) as Parameters<typeof replayAll>[0], runs.map((r) => ({ workflowId, history: r.history })))).resolves.toBe(runs.length);
}

describe('continue-as-new', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startDocumentStack({
      agents: {
        [ANALYST]: { extends: 'document-analyst', settings: { continueAsNewAfterEvents: THRESHOLD } },
        [VERIFIER]: {
          extends: 'document-verifier',
          settings: { continueAsNewAfterEvents: THRESHOLD, approvalReminderAfter: '8s', approvalEscalateAfter: '1h', toolHeartbeatTimeout: '2s' },
        },
      },
    });
  }, 120_000);
  afterAll(() => stack?.close());

  it('streams a long answer over several runs to a subscriber resuming across them: nothing lost, nothing duplicated', async () => {
    await streamLongAnswer(stack, ANALYST, THRESHOLD + 60);
  }, 120_000);

  it('a task waiting for approval continues as new, keeps its deadline as an absolute time, and its approval and reminder still work', async () => {
    const pushed: WireJson[] = [];
    // Webhooks on loopback: the receiver records what each config was sent.
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        pushed.push({ path: req.url, body: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      stack.model!.respondWith(() => step.text('Looks inconsistent.'));
      const task = await stack.start(VERIFIER, [filePart(samplePdf(sampleInconsistentInvoice()), 'application/pdf', 'invoice-INV-2025-0043.pdf')]);
      const workflowId = taskWorkflowId(task.id);
      const firstRunId = (await stack.platform.client.workflow.getHandle(workflowId).describe()).runId;
      const waiting = await stack.waitForState(VERIFIER, task.id, 'input-required');
      const remindAt = Date.parse(statusData(waiting).schedule.remindAt);
      // The history is past the threshold by now: the run hands off as soon as the wait starts.
      await eventually(() => runsOf(stack.platform.client, workflowId, firstRunId), (runs) => runs.length >= 2, 'the first hand-off');
      // Push configs are signals the agent does not consume: they grow the history until the run
      // hands off in the middle of the wait, and the webhooks must be carried over.
      for (const n of [1, 2, 3, 4]) {
        const created = await fetch(`${stack.platform.baseUrl}/agents/${VERIFIER}/tasks/${task.id}/pushNotificationConfigs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...V1 },
          body: JSON.stringify({ taskId: task.id, url: `${hook}/hook-${n}` }),
        });
        expect(created.status).toBe(201);
      }
      const runs = await eventually(() => runsOf(stack.platform.client, workflowId, firstRunId), (r) => r.length >= 3, 'a hand-off in the middle of the wait');
      for (const run of runs.slice(1, 3)) {
        // Each continued run goes on with the same wait: the reminder's deadline as the same absolute time.
        const input = await runInput(stack.platform.client, workflowId, run.runId);
        expect(input.carried.inputWait).toEqual({ deadline: remindAt });
      }

      const reminded = await stack.waitForTask(VERIFIER, task.id, (t) => statusData(t)?.turn === 'reminder');
      expect(reminded.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
      const reply = await stack.answer(VERIFIER, task.id, [dataPart({ decision: 'approve', reason: 'checked after the hand-offs' })], APPROVER);
      expect(reply.error).toBeUndefined();
      const done = await stack.waitForSettled(VERIFIER, task.id);
      expect(done.status.state).toBe('TASK_STATE_COMPLETED');
      const { approval } = dataOfArtifact(done, 'verification-result');
      expect(approval.reminders).toHaveLength(1);
      expect(Date.parse(approval.reminders[0])).toBeGreaterThanOrEqual(remindAt);
      expect(approval.decision).toMatchObject({ decision: 'approve', decidedBy: { subject: 'bob' } });
      // The request was announced once (no second 'requested' turn after a hand-off).
      const turns = (done.history as WireJson[]).map((m) => m.parts?.find((p: WireJson) => p.data)?.data?.turn).filter(Boolean);
      expect(turns).toEqual(['requested', 'reminder']);
      const allRuns = await runsOf(stack.platform.client, workflowId, firstRunId);
      await expect(replayAll((await workflowBundle()) as Parameters<typeof replayAll>[0], allRuns.map((r) => ({ workflowId, history: r.history })))).resolves.toBe(allRuns.length);
      // Every webhook, created in one run, was told of the reminder and the completion by later ones.
      await eventually(async () => pushed.filter((p) => p.body.statusUpdate?.status?.state === 'TASK_STATE_COMPLETED').length, (n) => n === 4, 'the completed pushes');
      for (const n of [1, 2, 3, 4]) {
        const states = pushed.filter((p) => p.path === `/hook-${n}` && p.body.statusUpdate).map((p) => p.body.statusUpdate.status.state);
        expect(states.slice(-3)).toEqual(['TASK_STATE_INPUT_REQUIRED', 'TASK_STATE_WORKING', 'TASK_STATE_COMPLETED']);
      }
    } finally {
      stack.model!.respondWith(undefined);
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  }, 120_000);
});

describe('continue-as-new suggested by the engine (no agent setting)', () => {
  const SUGGEST_AT = 25;
  let stack: Stack;
  beforeAll(async () => {
    stack = await startDocumentStack({
      temporal: { embedded: { port: 0, limits: { historyCountSuggestContinueAsNew: SUGGEST_AT } } as never },
    });
  }, 120_000);
  afterAll(() => stack?.close());

  it('the analyst hands off between steps once the server suggests it, with the same guarantees for the stream', async () => {
    await streamLongAnswer(stack, 'document-analyst', SUGGEST_AT + 60);
  }, 120_000);
});
