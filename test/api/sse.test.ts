// SSE behaviour of both bindings on the product's task service (embedded engine): ids from the
// task's sequence numbers, heartbeats on idle streams, exact resume with Last-Event-ID, and early
// errors as plain responses. Late error frames, client disconnects and shutdown are transport
// concerns, tested in sse-transport.test.ts.
import { json, openSse, type SseConnection } from '../support/a2a-sse';
import { conformanceMessageId, startPlatformTestServer, type PlatformTestServer } from '../support/platform-test-server';
import { FILE_RUN } from '../support/test-lane';

let server: PlatformTestServer;
beforeAll(async () => {
  server = await startPlatformTestServer({ api: { heartbeatMs: 25 } });
}, 120_000);
afterAll(() => server?.close());

let n = 0;
const message = (text: string, messageId = `sse-${FILE_RUN}-${++n}`) => ({ messageId, role: 'ROLE_USER', parts: [{ text }] });
const v1 = { 'Content-Type': 'application/json', 'A2A-Version': '1.0' };
const CONFORMANCE = '/agents/conformance';

const rpcStream = (method: string, params: unknown, headers: Record<string, string> = {}, path = '/') =>
  openSse(`${server.url}${path}`, { method: 'POST', headers: { ...v1, ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
const restSubscribe = (taskId: string, headers: Record<string, string> = {}, base = '') =>
  openSse(`${server.url}${base}/tasks/${taskId}:subscribe`, { method: 'GET', headers: { 'A2A-Version': '1.0', ...headers } });

/** A conformance task that works for HOLD_MS, then completes by itself. */
async function heldTask(): Promise<string> {
  const params = { message: message('hold', conformanceMessageId('test-resubscribe-message-id')), configuration: { returnImmediately: true } };
  const reply = await server.rpc('SendMessage', params, { path: CONFORMANCE });
  return reply.body.result.task.id;
}

/** The next frame with data (or a retry hint); a stream whose first item takes longer than a heartbeat
 * interval starts with a comment, which clients ignore. */
async function nextDataFrame(sse: SseConnection) {
  for (;;) {
    const frame = await sse.next();
    if (!frame || frame.data !== undefined || frame.retry !== undefined) return frame;
  }
}

async function completedStreamedTask(): Promise<string> {
  const frames = await (await rpcStream('SendStreamingMessage', { message: message('to resume') })).rest();
  expect(frames.map((f) => f.id)).toEqual(['0', '1', '2', '3']);
  return json(frames[0]).result.task.id;
}

describe('SSE streams', () => {
  it('a message-only stream is one frame with the message, then the stream ends', async () => {
    const frames = await (await rpcStream('SendStreamingMessage', { message: message('direct', conformanceMessageId('tck-message-response')) }, {}, CONFORMANCE)).rest();
    expect(frames).toHaveLength(1);
    expect(json(frames[0]).result).toHaveProperty('message.role', 'ROLE_AGENT');
  });

  it('writes heartbeat comments while a stream is idle, and keeps the stream usable', async () => {
    const id = await heldTask();
    const sse = await restSubscribe(id, {}, CONFORMANCE);
    expect(json(await nextDataFrame(sse))).toHaveProperty('task.id', id);
    let frame = await sse.next();
    while (frame && frame.comments.length === 0) frame = await sse.next();
    expect(frame).toEqual({ comments: ['heartbeat'] });
    // The held task completes on its own after HOLD_MS.
    const rest = await sse.rest();
    expect(json(rest[rest.length - 1])).toHaveProperty('statusUpdate.status.state', 'TASK_STATE_COMPLETED');
  });

  it.each([
    ['2', ['3']],
    ['0', ['1', '2', '3']],
  ])('JSON-RPC SubscribeToTask with Last-Event-ID %s sends exactly the events after it', async (lastEventId, expected) => {
    const id = await completedStreamedTask();
    const frames = await (await rpcStream('SubscribeToTask', { id }, { 'Last-Event-ID': lastEventId })).rest();
    expect(frames.map((f) => f.id)).toEqual(expected);
  });

  it('HTTP+JSON GET :subscribe with Last-Event-ID resumes after it (as EventSource reconnects)', async () => {
    const id = await completedStreamedTask();
    const frames = await (await restSubscribe(id, { 'Last-Event-ID': '1' })).rest();
    expect(frames.map((f) => f.id)).toEqual(['2', '3']);
    expect(json(frames[0])).toHaveProperty('artifactUpdate');
  });

  it('resuming a finished task after its last event is an empty stream that ends at once', async () => {
    const id = await completedStreamedTask();
    const sse = await restSubscribe(id, { 'Last-Event-ID': '3' });
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    expect(await sse.rest()).toEqual([]);
  });

  it('an invalid Last-Event-ID is InvalidParams naming the header, as a plain response', async () => {
    const id = await heldTask();
    const rpc = await server.rpc('SubscribeToTask', { id }, { path: CONFORMANCE, headers: { 'Last-Event-ID': 'abc' } });
    expect(rpc.headers.get('content-type')).toMatch(/^application\/json/);
    expect(rpc.body.error).toMatchObject({ code: -32602, message: 'Invalid parameters: Last-Event-ID: must be a non-negative integer event id, got "abc"' });
    const rest = await server.request('GET', `${CONFORMANCE}/tasks/${id}:subscribe`, { version: '1.0', headers: { 'Last-Event-ID': '-1' } });
    expect(rest.status).toBe(400);
  });
});
