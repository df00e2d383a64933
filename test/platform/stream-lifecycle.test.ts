// When streams end and what their frames carry, over the real stack: a subscription to a task that
// waits for input stays open (heartbeats) until the task is terminal, a Last-Event-ID at the last
// event of a waiting task waits for the next one, timestamps never go backwards within a stream,
// and historyLength trims the first Task frame of a streamed send.
import { SubscribeToTaskRequest, TaskState, type StreamResponse } from '@a2a-js/sdk';
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { v1Client } from '../support/a2a-official-clients';
import { json, openSse, type SseConnection, type SseFrame } from '../support/a2a-sse';
import { startTestPlatform } from '../support/platform-harness';
import { FILE_RUN } from '../support/test-lane';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;

beforeAll(async () => {
  // A short heartbeat, so an idle stream shows it is still open within the test.
  platform = await startTestPlatform({ agents: createAgentRegistry(), api: { heartbeatMs: 200 } });
}, 120_000);
afterAll(() => platform?.close());

const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };
let counter = 0;
const messageId = (prefix: string) => `${prefix}-${FILE_RUN}-${++counter}`;
const message = (id: string, extra: Record<string, unknown> = {}) => ({ messageId: id, role: 'ROLE_USER', parts: [{ text: 'go' }], ...extra });
const url = (path: string) => `${platform.baseUrl}/agents/conformance${path}`;

async function send(body: Record<string, unknown>): Promise<{ task: { id: string; contextId: string; status: { state: string } } }> {
  const response = await fetch(url('/message:send'), { method: 'POST', headers: V1, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return response.json() as never;
}

const stream = (body: Record<string, unknown>) => openSse(url('/message:stream'), { method: 'POST', headers: V1, body: JSON.stringify(body) });
const subscribe = (taskId: string, lastEventId?: string) =>
  openSse(url(`/tasks/${taskId}:subscribe`), { headers: { ...V1, ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}) } });

/** The next frame, which must be there: a stream that ends here fails the test. */
async function nextFrame(sse: SseConnection): Promise<SseFrame> {
  const frame = await sse.next();
  if (!frame) throw new Error('the stream ended');
  return frame;
}

/** The next frame with an event, past heartbeats (a loaded machine can take longer than one beat). */
async function nextEvent(sse: SseConnection): Promise<SseFrame> {
  for (;;) {
    const frame = await nextFrame(sse);
    if (frame.data !== undefined) return frame;
  }
}

const stateOf = (frame: SseFrame): string | undefined => {
  const body = json(frame);
  return body.task?.status?.state ?? body.statusUpdate?.status?.state;
};

describe('a stream on a waiting task', () => {
  it.each([
    ['input-required', 'tck-input-required'],
    ['auth-required', 'tck-auth-required'],
  ])('a subscription to a task in %s stays open after the Task, then carries the answer through to completed', async (state, prefix) => {
    const asked = (await send({ message: message(messageId(prefix)) })).task;
    expect(asked.status.state).toBe(`TASK_STATE_${state.toUpperCase().replace('-', '_')}`);
    const sse = await subscribe(asked.id);
    expect(sse.status).toBe(200);
    expect(stateOf(await nextEvent(sse))).toBe(asked.status.state);
    // Nothing happens to the task: the stream is kept alive by heartbeat comments, not closed.
    const idle = await nextFrame(sse);
    expect([idle.data, idle.comments]).toEqual([undefined, ['heartbeat']]);

    await send({ message: message(messageId('answer'), { taskId: asked.id }), configuration: { returnImmediately: true } });
    const rest = await sse.rest();
    expect(rest.map(stateOf)).toEqual(['TASK_STATE_WORKING', 'TASK_STATE_COMPLETED']);
  });

  it('a Last-Event-ID at the last event of a waiting task waits for the next event instead of ending empty', async () => {
    const frames = await (await stream({ message: message(messageId('tck-input-required')) })).rest();
    const taskId = json(frames[0]).task.id as string;
    const last = frames[frames.length - 1];
    expect(stateOf(last)).toBe('TASK_STATE_INPUT_REQUIRED');

    const resumed = await subscribe(taskId, last.id);
    expect(resumed.status).toBe(200);
    const waiting = await nextFrame(resumed);
    expect(waiting.data).toBeUndefined();
    await send({ message: message(messageId('answer'), { taskId }), configuration: { returnImmediately: true } });
    const rest = await resumed.rest();
    expect(rest.map((f) => [f.id, stateOf(f)])).toEqual([
      [String(Number(last.id) + 1), 'TASK_STATE_WORKING'],
      [String(Number(last.id) + 2), 'TASK_STATE_COMPLETED'],
    ]);
  });

  it('the official client resubscribing to a task in input-required sees the task resume and complete', async () => {
    const client = await v1Client(`${platform.baseUrl}/agents/conformance/`, 'JSONRPC');
    const asked = (await send({ message: message(messageId('tck-input-required')) })).task;
    const items: StreamResponse[] = [];
    const reading = (async () => {
      for await (const item of client.resubscribeTask(SubscribeToTaskRequest.fromJSON({ id: asked.id }))) {
        items.push(item);
        // Answer once the subscription has shown the waiting task.
        if (items.length === 1) await send({ message: message(messageId('answer'), { taskId: asked.id }), configuration: { returnImmediately: true } });
      }
    })();
    await reading;
    const states = items.map((i) => (i.payload?.$case === 'task' ? i.payload.value.status?.state : i.payload?.$case === 'statusUpdate' ? i.payload.value.status?.state : undefined));
    expect(states).toEqual([TaskState.TASK_STATE_INPUT_REQUIRED, TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_COMPLETED]);
  });

  it('a streamed send that reaches input-required ends there: its sender answers with a new message', async () => {
    const frames = await (await stream({ message: message(messageId('tck-input-required')) })).rest();
    expect(frames.map(stateOf)).toEqual(['TASK_STATE_SUBMITTED', 'TASK_STATE_INPUT_REQUIRED']);
  });

  it('a streamed send that reaches auth-required stays open, and closes when the task completes', async () => {
    const sse = await stream({ message: message(messageId('tck-auth-required')) });
    const task = await nextEvent(sse);
    expect([stateOf(task), stateOf(await nextEvent(sse))]).toEqual(['TASK_STATE_SUBMITTED', 'TASK_STATE_AUTH_REQUIRED']);
    const idle = await nextFrame(sse);
    expect([idle.data, idle.comments]).toEqual([undefined, ['heartbeat']]);

    await send({ message: message(messageId('credentials'), { taskId: json(task).task.id }), configuration: { returnImmediately: true } });
    const rest = await sse.rest();
    expect(rest.map(stateOf)).toEqual(['TASK_STATE_WORKING', 'TASK_STATE_COMPLETED']);
  });
});

describe('frames of one stream', () => {
  it('carry timestamps that never go backwards, from the Task frame to the last event', async () => {
    const frames = await (await stream({ message: message(messageId('tck-stream-artifact-chunked')) })).rest();
    expect(frames.map((f) => Object.keys(json(f))[0])).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'artifactUpdate', 'statusUpdate']);
    const stamps = frames.flatMap((f) => {
      const body = json(f);
      const timestamp = (body.task ?? body.statusUpdate)?.status?.timestamp as string | undefined;
      return timestamp ? [Date.parse(timestamp)] : [];
    });
    expect(stamps).toHaveLength(3);
    const sorted = [...stamps].sort((a, b) => a - b);
    expect(stamps).toEqual(sorted);
  });

  it('a streamed send honours historyLength on its first Task frame', async () => {
    const asked = (await send({ message: message(messageId('tck-input-required')) })).task;
    const answer = message(messageId('answer'), { taskId: asked.id });
    const none = await (await stream({ message: answer, configuration: { historyLength: 0 } })).rest();
    expect(json(none[0]).task.id).toBe(asked.id);
    expect(json(none[0]).task.history).toBeUndefined();

    const created = await (await stream({ message: message(messageId('tck-stream-001')), configuration: { historyLength: 0 } })).rest();
    expect(json(created[0]).task.history).toBeUndefined();
  });

  it('a streamed send with historyLength 1 shows only the newest message in its first Task frame', async () => {
    const asked = (await send({ message: message(messageId('tck-input-required')) })).task;
    const answerId = messageId('answer');
    const frames = await (await stream({ message: message(answerId, { taskId: asked.id }), configuration: { historyLength: 1 } })).rest();
    const history = json(frames[0]).task.history as Array<{ messageId: string }>;
    expect(history).toHaveLength(1);
  });
});
