// A2A-Version negotiation (§3.6): header or query parameter; empty means 0.3; patch ignored;
// anything unsupported is VersionNotSupportedError (-32009 / 400) in the binding's own format.
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const v1Params = { message: { messageId: 'vn-1', role: 'ROLE_USER', parts: [{ text: 'x' }] } };
const v03Params = { message: { kind: 'message', messageId: 'vn-2', role: 'user', parts: [{ kind: 'text', text: 'x' }] } };

describe('version negotiation', () => {
  it.each([
    ['1.0', 'SendMessage', '1.0', '1.0', v1Params],
    ['1.0.1 (patch ignored)', 'SendMessage', '1.0', '1.0.1', v1Params],
    ['0.3', 'message/send', '0.3', '0.3', v03Params],
    ['0.3.0', 'message/send', '0.3', '0.3.0', v03Params],
    ['absent', 'message/send', '0.3', null, v03Params],
  ])('JSON-RPC with A2A-Version %s takes %s as protocol %s', async (_label, method, expected, version, params) => {
    const reply = await server.rpc(method, params, { version });
    expect(reply.body.result).toBeDefined();
    expect(server.handler.calls[server.handler.calls.length - 1].ctx.protocolVersion).toBe(expected);
  });

  it('accepts the version as the A2A-Version query parameter', async () => {
    const reply = await server.request('POST', '/?A2A-Version=1.0', { body: { jsonrpc: '2.0', id: 1, method: 'SendMessage', params: v1Params } });
    expect(reply.body.result.task).toBeDefined();
  });

  it('JSON-RPC with an unsupported version is -32009 with the supported versions, echoing the id', async () => {
    const reply = await server.rpc('SendMessage', v1Params, { version: '2.0', id: 'v' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      jsonrpc: '2.0',
      id: 'v',
      error: {
        code: -32009,
        message: 'A2A version 2.0 is not supported; supported: 1.0, 0.3',
        data: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'VERSION_NOT_SUPPORTED',
            domain: 'a2a-protocol.org',
            metadata: { version: '2.0', supportedVersions: '1.0,0.3' },
          },
        ],
      },
    });
  });

  it('a malformed version string is not supported either', async () => {
    expect((await server.rpc('SendMessage', v1Params, { version: 'latest' })).body.error.code).toBe(-32009);
  });

  it('a v1.0 method name without the header (so v0.3) is MethodNotFound with a hint', async () => {
    const reply = await server.rpc('SendMessage', v1Params, { version: null });
    expect(reply.body.error.code).toBe(-32601);
    expect(reply.body.error.message).toContain('send the A2A-Version: 1.0 header');
  });

  it('a v0.3 method name under 1.0 is MethodNotFound', async () => {
    expect((await server.rpc('message/send', v03Params, { version: '1.0' })).body.error.code).toBe(-32601);
  });

  it('HTTP+JSON with A2A-Version 2.0 is 400 FAILED_PRECONDITION / VERSION_NOT_SUPPORTED', async () => {
    const reply = await server.request('POST', '/message:send', { body: v1Params, version: '2.0' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 400, status: 'FAILED_PRECONDITION', details: [expect.objectContaining({ reason: 'VERSION_NOT_SUPPORTED' })] });
  });

  it('HTTP+JSON without a version means 0.3, which this binding does not serve', async () => {
    const reply = await server.request('GET', '/tasks');
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0]).toMatchObject({ reason: 'VERSION_NOT_SUPPORTED', metadata: { version: '', supportedVersions: '1.0' } });
  });

  it('HTTP+JSON accepts the query-parameter form', async () => {
    expect((await server.request('GET', '/tasks?A2A-Version=1.0')).status).toBe(200);
  });
});
