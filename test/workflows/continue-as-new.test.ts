// Bounded histories on the real stack: with a low continue-as-new threshold, a task streams a long
// answer over several runs while a subscriber keeps disconnecting and resuming with Last-Event-ID,
// and a task waiting for approval continues as new with its approval and its timer intact.
import type { Client } from '@temporalio/client';
import { samplePdf, sampleInvoice } from '../../src/documents/samples';
import { taskWorkflowId } from '../../src/task-runtime/contract';
import { openSse, type SseFrame } from '../support/a2a-sse';
import { step } from '../support/fake-openai';
import { artifactOf, filePart, startDocumentStack, textOf, textPart, type Stack, type WireJson } from './support/document-stack';

const ANALYST = 'analyst-short-history';
const THRESHOLD = 20;
const V1 = { 'a2a-version': '1.0', 'x-test-principal': 'alice|' };
const invoice = () => filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice-INV-2025-0042.pdf');

/** Every run of a workflow, first to latest, with its history event count. */
async function runsOf(client: Client, workflowId: string, firstRunId: string): Promise<Array<{ runId: string; events: number; continued: boolean }>> {
  const runs = [];
  for (let runId: string | undefined = firstRunId; runId; ) {
    const history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>> = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const next: string | undefined = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    runs.push({ runId, events: events.length, continued: Boolean(next) });
    runId = next;
  }
  return runs;
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

describe('continue-as-new', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startDocumentStack({
      agents: {
        [ANALYST]: { extends: 'document-analyst', settings: { continueAsNewAfterEvents: THRESHOLD } },
      },
    });
  }, 120_000);
  afterAll(() => stack?.close());

  it('streams a long answer over several runs to a subscriber resuming across them: nothing lost, nothing duplicated', async () => {
    const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i} `);
    const answerDeltas = words('answer-', 60);
    stack.model!.script(
      step.toolCalls([{ name: 'classify_document', arguments: {} }], { content: words('first-', 20).join(''), deltas: words('first-', 20), chunkDelayMs: 60 }),
      step.toolCalls([{ name: 'fingerprint_document', arguments: {} }], { content: words('second-', 20).join(''), deltas: words('second-', 20), chunkDelayMs: 60 }),
      step.toolCalls([{ name: 'detect_pii', arguments: {} }], { content: words('third-', 20).join(''), deltas: words('third-', 20), chunkDelayMs: 60 }),
      step.streamed(answerDeltas, { chunkDelayMs: 60 }),
    );
    const task = await stack.start(ANALYST, [invoice(), textPart('Tell me at length.')]);
    const workflowId = taskWorkflowId(task.id);
    const firstRunId = (await stack.platform.client.workflow.getHandle(workflowId).describe()).runId;

    const { frames, connections } = await followWithReconnects(stack, ANALYST, task.id, 2);
    const done = await stack.waitForSettled(ANALYST, task.id);
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
    for (const run of runs) expect(run.events).toBeLessThan(THRESHOLD + 60);
    expect(total).toBeGreaterThan(THRESHOLD + 60);
  }, 120_000);
});
