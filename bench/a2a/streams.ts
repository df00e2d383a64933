// Items 4–5 of the A2A benchmark: how fast a state change reaches an SSE subscriber, after activity
// (input sent to tasks parked in input-required) and after idle periods (agents that hold a task
// working for 2 s, 10 s or 30 s, so the change arrives on a long-idle stream), and what an idle
// stream costs in Temporal calls.
import { randomUUID } from 'node:crypto';
import { openStream, type SseFrame, type SseStream } from './http-client';
import { pool, summarize, type Summary } from './stats';

/** Agents the streams phase needs, in the agents config file of the API under test. */
export const HOLD_AGENTS = { 'hold-2s': 2_000, 'hold-10s': 10_000, 'hold-30s': 30_000 } as const;

export function holdAgentsConfig(): object {
  const agents = Object.fromEntries(
    Object.entries(HOLD_AGENTS).map(([id, holdMs]) => [id, { extends: 'conformance', name: id, settings: { resubscribeHoldMs: holdMs } }]),
  );
  return { agents };
}

interface StreamResult {
  task?: { id: string };
  statusUpdate?: { status?: { state?: string; timestamp?: string } };
}

const resultOf = (frame: SseFrame) => ((frame.data as { result?: StreamResult })?.result ?? {}) as StreamResult;
const stateOf = (frame: SseFrame) => resultOf(frame).statusUpdate?.status?.state;
const isState = (state: string) => (frame: SseFrame) => stateOf(frame) === state;
/** Frame arrival minus the status timestamp the workflow recorded (same machine clock). */
const sinceStatus = (frame: SseFrame) => frame.at - Date.parse(resultOf(frame).statusUpdate?.status?.timestamp ?? '');

const message = (prefix: string, extra: Record<string, unknown> = {}) => ({
  message: { messageId: `${prefix}-${randomUUID()}`, role: 'ROLE_USER', parts: [{ text: 'go' }], ...extra },
});

export interface ActivePropagation {
  /** Input sent → the `working` frame it caused. */
  inputToFrame: Summary;
  /** Status timestamp → frame, for every status frame after the input. */
  statusToFrame: Summary;
  parkedIdleSeconds: number;
}

/**
 * Parks `count` tasks in input-required, leaves them idle, then answers each with a streaming send
 * (`concurrency` at a time) and times the frames the input causes.
 */
export async function activePropagation(
  rpc: (method: string, params: unknown) => Promise<Record<string, unknown>>,
  agentUrl: string,
  options: { count: number; concurrency: number; idleMs: number; headers: Record<string, string> },
): Promise<ActivePropagation> {
  const taskIds = await pool(options.count, 16, async () => {
    const result = await rpc('SendMessage', message('tck-input-required'));
    const task = result.task as { id: string; status: { state: string } };
    if (task.status.state !== 'TASK_STATE_INPUT_REQUIRED') throw new Error(`expected input-required, got ${task.status.state}`);
    return task.id;
  });
  await new Promise((r) => setTimeout(r, options.idleMs));
  const answered = await answerParked(agentUrl, taskIds, options.concurrency, options.headers);
  return { ...answered, parkedIdleSeconds: options.idleMs / 1000 };
}

/** Answers each parked task with a streaming send and times the frames the input causes. */
export async function answerParked(
  agentUrl: string,
  taskIds: string[],
  concurrency: number,
  headers: Record<string, string>,
): Promise<{ inputToFrame: Summary; statusToFrame: Summary }> {
  const inputToFrame: number[] = [];
  const statusToFrame: number[] = [];
  await pool(taskIds.length, concurrency, async (i) => {
    const sent = Date.now();
    const stream = await openStream(agentUrl, 'SendStreamingMessage', message('input', { taskId: taskIds[i] }), headers);
    const working = await stream.waitFor(isState('TASK_STATE_WORKING'));
    const completed = await stream.waitFor(isState('TASK_STATE_COMPLETED'));
    stream.close();
    inputToFrame.push(working.at - sent);
    statusToFrame.push(sinceStatus(working), sinceStatus(completed));
  });
  return { inputToFrame: summarize(inputToFrame), statusToFrame: summarize(statusToFrame) };
}

export interface HeldStreams {
  streams: SseStream[];
  /** Date.now() when the first and the last stream were working. */
  firstOpenAt: number;
  lastOpenAt: number;
  /** Resolves with status timestamp → `completed` frame of every stream once all have completed. */
  completed: Promise<number[]>;
}

/** Opens `count` streaming sends to a hold agent, `spacingMs` apart, once each is working. */
export async function openHeldStreams(
  baseUrl: string,
  agentId: string,
  options: { count: number; spacingMs: number; headers: Record<string, string> },
): Promise<HeldStreams> {
  const streams: SseStream[] = [];
  let firstOpenAt = 0;
  for (let i = 0; i < options.count; i++) {
    const stream = await openStream(`${baseUrl}/agents/${agentId}`, 'SendStreamingMessage', message('test-resubscribe-message-id'), options.headers);
    await stream.waitFor(isState('TASK_STATE_WORKING'));
    firstOpenAt ||= Date.now();
    streams.push(stream);
    if (options.spacingMs > 0) await new Promise((r) => setTimeout(r, options.spacingMs));
  }
  const completed = Promise.all(
    streams.map(async (stream) => {
      const frame = await stream.waitFor(isState('TASK_STATE_COMPLETED'));
      stream.close();
      return sinceStatus(frame);
    }),
  );
  return { streams, firstOpenAt, lastOpenAt: Date.now(), completed };
}
