// SSE over the real stack: sequence ids on every frame, exact resume with Last-Event-ID (also on a
// freshly started API process that never saw the stream), one feed per task, and work stopped when
// the client goes away.
import { createAgentRegistry } from '../../src/agents/agent-registry';
import { openSse, type SseFrame } from '../support/a2a-sse';
import { startTestPlatform } from '../support/platform-harness';
import { FILE_RUN } from '../support/test-lane';

type Started = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Started;
const agents = () => createAgentRegistry({ config: { agents: { conformance: { settings: { resubscribeHoldMs: 1_500 } } } } });

beforeAll(async () => {
  platform = await startTestPlatform({ agents: agents() });
}, 120_000);
afterAll(() => platform?.close());

const V1 = { 'content-type': 'application/json', 'a2a-version': '1.0' };
let counter = 0;
const streamBody = (prefix: string) =>
  JSON.stringify({ message: { messageId: `${prefix}-${FILE_RUN}-${++counter}`, role: 'ROLE_USER', parts: [{ text: 'go' }] } });

const payloadCase = (frame: SseFrame) => Object.keys(JSON.parse(frame.data ?? '{}'))[0];
const stateOf = (frame: SseFrame) => JSON.parse(frame.data ?? '{}').statusUpdate?.status?.state as string | undefined;

async function dataFrame(next: () => Promise<SseFrame | undefined>): Promise<SseFrame> {
  for (;;) {
    const frame = await next();
    if (!frame) throw new Error('stream ended early');
    if (frame.data !== undefined) return frame;
  }
}

describe('task streams on Temporal', () => {
  it('numbers every frame by the task sequence, from the Task at 0 to completed', async () => {
    const sse = await openSse(`${platform.baseUrl}/agents/conformance/message:stream`, { method: 'POST', headers: V1, body: streamBody('tck-stream-001') });
    const frames = await sse.rest();
    expect(frames.map((f) => [f.id, payloadCase(f)])).toEqual([
      ['0', 'task'],
      ['1', 'statusUpdate'],
      ['2', 'artifactUpdate'],
      ['3', 'statusUpdate'],
    ]);
  });

  it('after a disconnect, Last-Event-ID resumes with exactly the missed frames, also on a restarted API', async () => {
    const sse = await openSse(`${platform.baseUrl}/agents/conformance/message:stream`, {
      method: 'POST',
      headers: V1,
      body: streamBody('test-resubscribe-message-id'),
    });
    const task = await dataFrame(sse.next);
    const working = await dataFrame(sse.next);
    expect([task.id, stateOf(working)]).toEqual(['0', 'TASK_STATE_WORKING']);
    sse.disconnect();
    const taskId = JSON.parse(task.data ?? '{}').task.id as string;

    // A second API process: same Temporal, none of the first one's memory.
    const restarted = await startTestPlatform({
      agents: agents(),
      worker: { enabled: false },
      temporal: { address: platform.temporal.address },
    });
    try {
      const resumed = await openSse(`${restarted.baseUrl}/agents/conformance/tasks/${taskId}:subscribe`, {
        headers: { ...V1, 'last-event-id': working.id ?? '' },
      });
      const rest = await resumed.rest();
      expect(rest.map((f) => [f.id, stateOf(f)])).toEqual([['2', 'TASK_STATE_COMPLETED']]);
    } finally {
      await restarted.close();
    }
  });

  it('resuming a finished task from an early id replays the remaining events from its closed history', async () => {
    const frames = await (
      await openSse(`${platform.baseUrl}/agents/conformance/message:stream`, { method: 'POST', headers: V1, body: streamBody('tck-stream-artifact-chunked') })
    ).rest();
    const taskId = JSON.parse(frames[0].data ?? '{}').task.id as string;
    const resumed = await (
      await openSse(`${platform.baseUrl}/agents/conformance/tasks/${taskId}:subscribe`, { headers: { ...V1, 'last-event-id': '1' } })
    ).rest();
    expect(resumed.map((f) => f.id)).toEqual(frames.slice(2).map((f) => f.id));
    expect(resumed.map((f) => f.data)).toEqual(frames.slice(2).map((f) => f.data));
  });

  it('serves every subscriber of a task from one feed, and stops it when the last client leaves', async () => {
    const start = await fetch(`${platform.baseUrl}/agents/conformance/message:send`, {
      method: 'POST',
      headers: V1,
      body: JSON.stringify({ ...JSON.parse(streamBody('test-resubscribe-message-id')), configuration: { returnImmediately: true } }),
    });
    const taskId = ((await start.json()) as { task: { id: string } }).task.id;
    const a = await openSse(`${platform.baseUrl}/agents/conformance/tasks/${taskId}:subscribe`, { headers: V1 });
    const b = await openSse(`${platform.baseUrl}/agents/conformance/tasks/${taskId}:subscribe`, { headers: V1 });
    await dataFrame(a.next);
    await dataFrame(b.next);
    expect(platform.feeds?.activeFeeds).toBe(1);
    a.disconnect();
    b.disconnect();
    await waitFor(() => platform.feeds?.activeFeeds === 0);
    expect(platform.feeds?.activeFeeds).toBe(0);
  });

  it('refuses a Last-Event-ID ahead of the task with InvalidParams', async () => {
    const frames = await (
      await openSse(`${platform.baseUrl}/agents/conformance/message:stream`, { method: 'POST', headers: V1, body: streamBody('tck-stream-002') })
    ).rest();
    const taskId = JSON.parse(frames[0].data ?? '{}').task.id as string;
    const response = await fetch(`${platform.baseUrl}/agents/conformance/tasks/${taskId}:subscribe`, { headers: { ...V1, 'last-event-id': '99' } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/ahead of task/);
  });
});

async function waitFor(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 25));
}
