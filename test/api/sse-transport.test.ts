// SSE transport of both bindings on a stub handler: what the handler is asked for on a resume,
// early errors as plain responses, late errors as a final error frame, client disconnect aborting
// the handler's work, and shutdown with a retry hint. The task service's own streams (sequence
// ids, resume, heartbeats on a waiting task) are tested on the platform in sse.test.ts.
import { json, openSse, type SseConnection } from '../support/a2a-sse';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { heartbeatMs: 25 } });
});
afterAll(() => server.close());

let n = 0;
const message = (text: string) => ({ messageId: `sse-${++n}`, role: 'ROLE_USER', parts: [{ text }] });
const v1 = { 'Content-Type': 'application/json', 'A2A-Version': '1.0' };

const rpcStream = (method: string, params: unknown, headers: Record<string, string> = {}) =>
  openSse(`${server.url}/`, { method: 'POST', headers: { ...v1, ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
const restSubscribe = (taskId: string, headers: Record<string, string> = {}) =>
  openSse(`${server.url}/tasks/${taskId}:subscribe`, { method: 'GET', headers: { 'A2A-Version': '1.0', ...headers } });

async function heldTask(): Promise<string> {
  const reply = await server.rpc('SendMessage', { message: message('hold'), configuration: { returnImmediately: true } });
  return reply.body.result.task.id;
}

async function nextDataFrame(sse: SseConnection) {
  for (;;) {
    const frame = await sse.next();
    if (!frame || frame.data !== undefined || frame.retry !== undefined) return frame;
  }
}

describe('SSE transport', () => {
  it.each(['0', '2'])('passes a Last-Event-ID of %s to the handler as the number it names', async (lastEventId) => {
    const id = await heldTask();
    const sse = await rpcStream('SubscribeToTask', { id }, { 'Last-Event-ID': lastEventId });
    expect(json(await nextDataFrame(sse))).toHaveProperty('result.task.id', id);
    expect(server.handler.calls.filter((c) => c.method === 'subscribeToTask').pop()!.params).toEqual({ id, lastEventId: Number(lastEventId) });
    sse.disconnect();
  });

  it('an error before the first item is a plain error response, not a stream (both bindings)', async () => {
    const rpc = await rpcStream('SubscribeToTask', { id: 'missing' });
    expect(rpc.status).toBe(200);
    expect(rpc.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(await rpc.text())).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: -32001 } });

    const rest = await restSubscribe('missing');
    expect(rest.status).toBe(404);
    expect(JSON.parse(await rest.text())).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('a failure after the headers becomes a final JSON-RPC error frame, then the stream closes', async () => {
    const frames = await (await rpcStream('SendStreamingMessage', { message: message('explode now') })).rest();
    expect(frames.slice(0, 2).map((f) => f.id)).toEqual(['0', '1']);
    const last = frames[frames.length - 1];
    expect(last.event).toBe('error');
    expect(json(last)).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Internal error' } });
    expect(JSON.stringify(json(last))).not.toContain('simulated backend failure');
  });

  it('a failure after the headers becomes a final google.rpc.Status error frame over HTTP+JSON', async () => {
    const sse = await openSse(`${server.url}/message:stream`, { method: 'POST', headers: v1, body: JSON.stringify({ message: message('explode again') }) });
    const last = (await sse.rest()).pop()!;
    expect(last.event).toBe('error');
    expect(json(last)).toMatchObject({ error: { code: 500, status: 'INTERNAL', message: 'Internal error' } });
  });

  it('a client disconnect aborts the call signal and the handler stops its stream', async () => {
    const id = await heldTask();
    const sse = await restSubscribe(id);
    expect(json(await nextDataFrame(sse))).toHaveProperty('task.id', id);
    const closed = server.handler.nextStreamClose();
    sse.disconnect();
    expect(await closed).toEqual({ method: 'subscribeToTask', taskId: id, aborted: true });
    const call = server.handler.calls.filter((c) => c.method === 'subscribeToTask').pop()!;
    expect(call.ctx.signal.aborted).toBe(true);
    server.handler.release(id);
  });

  it('closeAllStreams ends open streams with a retry hint and aborts their work', async () => {
    const id = await heldTask();
    const sse = await rpcStream('SubscribeToTask', { id });
    expect(json(await nextDataFrame(sse))).toHaveProperty('result.task.id', id);
    const closed = server.handler.nextStreamClose();
    const shutdown = server.closeAllStreams({ retryMs: 3000 });
    expect(await nextDataFrame(sse)).toEqual({ retry: 3000, comments: [] });
    expect(await sse.next()).toBeUndefined();
    await shutdown;
    expect((await closed).aborted).toBe(true);
    server.handler.release(id);
  });
});
