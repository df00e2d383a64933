// What the bindings hand the task service: the internal model of a wire message and the call
// context (agent, tenant, protocol version), read off a recording fake handler. Binding translation
// only: the product's rules are tested against the real task service (json-rpc-v1, http-json, …).
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { heartbeatMs: 60_000 } });
});
afterAll(() => server.close());

let n = 0;
const message = (text: string, extra: Record<string, unknown> = {}) => ({ messageId: `ctx-${++n}`, role: 'ROLE_USER', parts: [{ text }], ...extra });
const lastSend = () => server.handler.calls.filter((c) => c.method === 'sendMessage').pop()!;

describe('JSON-RPC v1.0 to the task service', () => {
  it('SendMessage passes every part kind through to the handler in the internal model', async () => {
    const parts = [
      { text: 't', mediaType: 'text/plain' },
      { raw: 'aGk=', filename: 'hi.txt', mediaType: 'text/plain' },
      { url: 'https://example.com/f.pdf', filename: 'f.pdf' },
      { data: { k: [1, 2] } },
    ];
    await server.rpc('SendMessage', { message: { messageId: `parts-${++n}`, role: 'ROLE_USER', parts }, metadata: { trace: 'x' } });
    expect(lastSend().params).toMatchObject({
      message: {
        role: 'user',
        parts: [
          { kind: 'text', text: 't', mediaType: 'text/plain' },
          { kind: 'raw', raw: 'aGk=', filename: 'hi.txt', mediaType: 'text/plain' },
          { kind: 'url', url: 'https://example.com/f.pdf', filename: 'f.pdf' },
          { kind: 'data', data: { k: [1, 2] } },
        ],
      },
      metadata: { trace: 'x' },
    });
    expect(lastSend().ctx).toMatchObject({ agentId: 'echo', protocolVersion: '1.0' });
  });

  it('routes to the agent of the URL and passes the body tenant into the call context', async () => {
    await server.rpc('SendMessage', { tenant: 'acme', message: message('tenant') }, { path: '/agents/conformance' });
    expect(lastSend().ctx).toMatchObject({ agentId: 'conformance', tenant: 'acme' });
  });
});

describe('HTTP+JSON v1.0 to the task service', () => {
  const rest = (method: string, path: string, body?: unknown) => server.request(method, path, { body, version: '1.0' });

  it('serves every route under /{tenant}/ and passes the tenant to the handler', async () => {
    await rest('POST', '/acme/message:send', { message: message('tenant') });
    expect(lastSend().ctx.tenant).toBe('acme');
    await rest('GET', '/acme/tasks/some-task');
    expect(server.handler.calls.filter((c) => c.method === 'getTask').pop()).toMatchObject({ ctx: { tenant: 'acme' }, params: { id: 'some-task' } });
  });

  it('the path tenant wins over a tenant in the body', async () => {
    await rest('POST', '/acme/message:send', { tenant: 'evil', message: message('which tenant') });
    expect(lastSend().ctx.tenant).toBe('acme');
  });

  it('serves the same routes per agent under /agents/{agentId}', async () => {
    await rest('POST', '/agents/conformance/message:send', { message: message('per agent') });
    expect(lastSend().ctx.agentId).toBe('conformance');
  });
});

describe('JSON-RPC v0.3 to the task service', () => {
  const rpc03 = (method: string, params: unknown) => server.rpc(method, params, { version: null });

  it('message/send calls the handler with protocol version 0.3', async () => {
    await rpc03('message/send', { message: { kind: 'message', messageId: `v03-${++n}`, role: 'user', parts: [{ kind: 'text', text: 'hello' }] } });
    expect(lastSend().ctx.protocolVersion).toBe('0.3');
  });

  it('message/send translates file and data parts into the internal model', async () => {
    const parts = [
      { kind: 'file', file: { bytes: 'aGk=', mimeType: 'text/plain', name: 'hi.txt' } },
      { kind: 'file', file: { uri: 'https://example.com/a.png' } },
      { kind: 'data', data: { a: 1 } },
      { kind: 'data', data: { value: [1, 2] }, metadata: { data_part_compat: true } },
    ];
    await rpc03('message/send', { message: { messageId: `p-${++n}`, role: 'user', parts } });
    expect((lastSend().params as { message: { parts: unknown[] } }).message.parts).toEqual([
      { kind: 'raw', raw: 'aGk=', mediaType: 'text/plain', filename: 'hi.txt' },
      { kind: 'url', url: 'https://example.com/a.png' },
      { kind: 'data', data: { a: 1 } },
      { kind: 'data', data: [1, 2] },
    ]);
  });
});
