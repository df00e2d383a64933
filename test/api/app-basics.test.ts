// The app around the bindings: liveness and readiness, request ids, the error boundary's treatment
// of unexpected errors (logged with the request id, never leaked), and the principal hook.
import { A2AError } from '../../api/a2a-error';
import { createLogger } from '../../src/logger';
import { StubRequestHandler } from '../support/stub-request-handler';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

/** Fails getTask with an unexpected error carrying something that must not reach the client. */
class BrokenHandler extends StubRequestHandler {
  override async getTask(): Promise<never> {
    throw new Error('db password is hunter2');
  }
}

const logLines: Array<Record<string, unknown>> = [];
let ready: unknown = true;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    handler: new BrokenHandler(),
    logger: createLogger({ level: 'warn', destination: { write: (line: string) => void logLines.push(JSON.parse(line)) } }),
    readiness: () => {
      if (ready instanceof Error) throw ready;
      return ready;
    },
    resolvePrincipal: (ctx) => {
      if (ctx.get('Authorization') === 'Bearer bad') throw A2AError.unauthenticated('Invalid bearer token');
      return { tenant: 't1', subject: 'u1', scopes: [], roles: [], authenticated: true };
    },
  });
});
afterAll(() => server.close());

describe('health', () => {
  it('GET /healthz answers 200 while the process runs', async () => {
    const reply = await server.request('GET', '/healthz');
    expect(reply).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('GET /readyz follows the injected readiness check: ready, not ready, failing', async () => {
    ready = true;
    expect((await server.request('GET', '/readyz')).status).toBe(200);
    ready = false;
    expect(await server.request('GET', '/readyz')).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    ready = new Error('temporal: connection refused');
    const failing = await server.request('GET', '/readyz');
    expect(failing.status).toBe(503);
    expect(failing.text).not.toContain('connection refused');
    ready = true;
  });
});

describe('request ids', () => {
  it('echoes a sane incoming X-Request-Id and hands it to the handler', async () => {
    const reply = await server.rpc('SendMessage', { message: { messageId: 'rid-1', role: 'ROLE_USER', parts: [{ text: 'x' }] } }, { headers: { 'X-Request-Id': 'client-req-42' } });
    expect(reply.headers.get('x-request-id')).toBe('client-req-42');
    expect(server.handler.calls[server.handler.calls.length - 1].ctx.requestId).toBe('client-req-42');
  });

  it('replaces an unsafe incoming id and generates one when absent', async () => {
    for (const incoming of ['<script>alert(1)</script>', 'x'.repeat(200)]) {
      const unsafe = await server.request('GET', '/healthz', { headers: { 'X-Request-Id': incoming } });
      expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const absent = await server.request('GET', '/healthz');
    expect(absent.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('error boundary', () => {
  it('turns an unexpected handler error into InternalError without its message or stack, and logs it with the request id', async () => {
    const reply = await server.rpc('GetTask', { id: 'x' }, { headers: { 'X-Request-Id': 'boom-1' } });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32603,
        message: 'Internal error',
        data: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'INTERNAL', domain: 'a2a-protocol.org', metadata: { requestId: 'boom-1' } }],
      },
    });
    expect(reply.text).not.toContain('hunter2');
    const logged = logLines.find((l) => l.requestId === 'boom-1');
    expect(logged).toMatchObject({ level: 50, msg: 'unexpected error', err: expect.objectContaining({ message: 'db password is hunter2' }) });
  });

  it('answers the HTTP+JSON form of the same failure with a 500 google.rpc.Status', async () => {
    const reply = await server.request('GET', '/tasks/x', { version: '1.0' });
    expect(reply.status).toBe(500);
    expect(reply.body.error).toMatchObject({ code: 500, status: 'INTERNAL', message: 'Internal error' });
    expect(reply.text).not.toContain('hunter2');
  });
});

describe('principal hook', () => {
  it('passes the resolved principal to the handler', async () => {
    await server.rpc('SendMessage', { message: { messageId: 'p-1', role: 'ROLE_USER', parts: [{ text: 'x' }] } });
    expect(server.handler.calls[server.handler.calls.length - 1].ctx.principal).toMatchObject({ tenant: 't1', subject: 'u1' });
  });

  it('a refusal from the hook is 401 in both bindings', async () => {
    const rpc = await server.rpc('SendMessage', { message: { messageId: 'p-2', role: 'ROLE_USER', parts: [{ text: 'x' }] } }, { headers: { Authorization: 'Bearer bad' } });
    expect(rpc.status).toBe(401);
    expect(rpc.body.error).toMatchObject({ code: -31401, message: 'Invalid bearer token' });
    const rest = await server.request('GET', '/tasks', { version: '1.0', headers: { Authorization: 'Bearer bad' } });
    expect(rest.status).toBe(401);
    expect(rest.body.error).toMatchObject({ status: 'UNAUTHENTICATED' });
  });
});

describe('client disconnect', () => {
  it('a client leaving a blocking SendMessage aborts the call signal, so the handler stops waiting', async () => {
    const client = new AbortController();
    const pending = fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: 'leave-1', role: 'ROLE_USER', parts: [{ text: 'hold' }] } } }),
      signal: client.signal,
    }).catch(() => 'aborted');
    const call = await new Promise<(typeof server.handler.calls)[number]>((resolve) => {
      const check = () => {
        const found = server.handler.calls.find((c) => (c.params as { message?: { messageId?: string } }).message?.messageId === 'leave-1');
        if (found) resolve(found);
        else setImmediate(check);
      };
      check();
    });
    client.abort();
    expect(await pending).toBe('aborted');
    await new Promise<void>((resolve) => (call.ctx.signal.aborted ? resolve() : call.ctx.signal.addEventListener('abort', () => resolve())));
    expect(call.ctx.signal.aborted).toBe(true);
  });
});
