// The malformed-request table: each bad request gets its exact protocol error, in JSON-RPC and in
// the HTTP+JSON equivalent. JSON-RPC errors found before the id is known carry `id: null`.
import { startTestServer, type TestServer } from '../support/a2a-test-server';

const LIMIT = 2048;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ settings: { bodyLimitBytes: LIMIT } });
});
afterAll(() => server.close());

const errorInfo = (reason: string, extra: Record<string, unknown> = {}) => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain: 'a2a-protocol.org',
  ...extra,
});
const badRequest = (fieldViolations: Array<{ field: string; description: string }>) => ({
  '@type': 'type.googleapis.com/google.rpc.BadRequest',
  fieldViolations,
});
const valid = { messageId: 'm', role: 'ROLE_USER', parts: [{ text: 'x' }] };

const post = (rawBody: string, headers: Record<string, string> = {}) =>
  server.request('POST', '/', { rawBody, version: '1.0', headers: { 'Content-Type': 'application/json', ...headers } });

describe('malformed JSON-RPC requests', () => {
  it.each<[string, string, number, unknown]>([
    ['bad JSON', '{"jsonrpc": "2.0", "method": ', 200, { code: -32700, message: 'Invalid JSON payload', data: [errorInfo('PARSE_ERROR')] }],
    ['an empty body', '', 200, { code: -32600, message: 'The body is empty; expected a JSON-RPC 2.0 request object', data: [errorInfo('INVALID_REQUEST')] }],
    [
      'a batch',
      JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }]),
      200,
      { code: -32600, message: 'Batch requests are not supported: send one JSON-RPC request object per HTTP request', data: [errorInfo('INVALID_REQUEST')] },
    ],
    ['a non-object body', '"hello"', 200, { code: -32600, message: 'The body must be a JSON-RPC 2.0 request object', data: [errorInfo('INVALID_REQUEST')] }],
    ['a wrong jsonrpc version', JSON.stringify({ jsonrpc: '1.0', id: 5, method: 'GetTask' }), 200, { code: -32600, message: 'jsonrpc must be exactly "2.0"', data: [errorInfo('INVALID_REQUEST')] }],
    ['a missing method', JSON.stringify({ jsonrpc: '2.0', id: 5 }), 200, { code: -32600, message: 'method must be a non-empty string', data: [errorInfo('INVALID_REQUEST')] }],
    ['an object id', JSON.stringify({ jsonrpc: '2.0', id: {}, method: 'GetTask' }), 200, { code: -32600, message: 'id must be a string, a number or null', data: [errorInfo('INVALID_REQUEST')] }],
    ['scalar params', JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'GetTask', params: 'x' }), 200, { code: -32600, message: 'params must be an object', data: [errorInfo('INVALID_REQUEST')] }],
  ])('%s is answered with its exact error and id null', async (_case, body, status, error) => {
    const reply = await post(body);
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ jsonrpc: '2.0', id: null, error });
  });

  it('an unknown method is -32601 with the request id', async () => {
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', id: 'u1', method: 'tasks/teleport', params: {} }));
    expect(reply.body).toEqual({
      jsonrpc: '2.0',
      id: 'u1',
      error: { code: -32601, message: 'Method not found: tasks/teleport', data: [errorInfo('METHOD_NOT_FOUND', { metadata: { method: 'tasks/teleport' } })] },
    });
  });

  it.each(['constructor', '__proto__', 'toString'])('a method named like an object property (%s) is -32601, not a crash', async (method) => {
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method, params: {} }));
    expect(reply.status).toBe(200);
    expect(reply.body.error).toMatchObject({ code: -32601, message: `Method not found: ${method}` });
  });

  it.each<[string, unknown, string, Array<{ field: string; description: string }>]>([
    ['missing message', {}, 'Invalid parameters: message: Required', [{ field: 'message', description: 'Required' }]],
    [
      'a part with no content',
      { message: { ...valid, parts: [{ mediaType: 'text/plain' }] } },
      'Invalid parameters: message.parts[0]: exactly one of text, raw, url, data is required',
      [{ field: 'message.parts[0]', description: 'exactly one of text, raw, url, data is required' }],
    ],
    [
      'a v0.3 role spelling',
      { message: { ...valid, role: 'user' } },
      'Invalid parameters: message.role: Invalid option: expected one of "ROLE_USER"|"ROLE_AGENT"',
      [{ field: 'message.role', description: 'Invalid option: expected one of "ROLE_USER"|"ROLE_AGENT"' }],
    ],
    [
      'no parts and a negative historyLength',
      { message: { ...valid, parts: [] }, configuration: { historyLength: -1 } },
      'Invalid parameters: message.parts: at least one part is required; configuration.historyLength: must be non-negative',
      [
        { field: 'message.parts', description: 'at least one part is required' },
        { field: 'configuration.historyLength', description: 'must be non-negative' },
      ],
    ],
    ['array params', [valid], 'params must be an object, not an array', []],
  ])('bad params (%s) are -32602 naming each field', async (_case, params, message, violations) => {
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'SendMessage', params }));
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(3);
    expect(reply.body.error.code).toBe(-32602);
    expect(reply.body.error.message).toBe(message);
    expect(reply.body.error.data[0]).toEqual(errorInfo('INVALID_PARAMS'));
    if (violations.length) expect(reply.body.error.data[1]).toEqual(badRequest(violations));
  });

  it('a TaskNotFound thrown by the handler is -32001 TaskNotFoundError with its ErrorInfo', async () => {
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'GetTask', params: { id: 'ghost' } }));
    expect(reply.body).toEqual({
      jsonrpc: '2.0',
      id: 4,
      error: { code: -32001, message: 'Task not found: ghost', data: [errorInfo('TASK_NOT_FOUND', { metadata: { taskId: 'ghost' } })] },
    });
  });

  it('an oversized body is 413 with a JSON-RPC Invalid Request naming the limit', async () => {
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { ...valid, parts: [{ text: 'x'.repeat(LIMIT) }] } } }));
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: `Request body exceeds the limit of ${LIMIT} bytes (bodyLimit)`,
        data: [{ ...errorInfo('PAYLOAD_TOO_LARGE'), domain: 'a2a-temporal', metadata: { limit: 'bodyLimit', limitBytes: String(LIMIT) } }],
      },
    });
  });

  it('an oversized chunked body (no Content-Length) is refused while streaming', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32600);
  });

  it.each(['1.0', '0.3'])('a non-JSON Content-Type is 415 with ContentTypeNotSupported (-32005) in %s', async (version) => {
    const reply = await server.request('POST', '/', { rawBody: '{}', version, headers: { 'Content-Type': 'text/plain' } });
    expect(reply.status).toBe(415);
    expect(reply.body.error).toMatchObject({ code: -32005, message: 'Unsupported Content-Type "text/plain"; expected application/json or application/a2a+json' });
    if (version === '1.0') expect(reply.body.error.data).toEqual([errorInfo('CONTENT_TYPE_NOT_SUPPORTED', { metadata: { contentType: 'text/plain' } })]);
  });

  it.each(['application/json; charset=utf-8', 'application/a2a+json;charset=UTF-8', 'Application/JSON'])('Content-Type %s is JSON', async (contentType) => {
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', id: 'ct', method: 'GetTask', params: { id: 'ghost' } }), { 'Content-Type': contentType });
    expect(reply.body).toMatchObject({ id: 'ct', error: { code: -32001 } });
  });

  it('a notification (no id) is executed and answered with 204 and no body', async () => {
    const before = server.handler.calls.length;
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', method: 'SendMessage', params: { message: { ...valid, messageId: 'note-1' } } }));
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(server.handler.calls.slice(before).map((c) => c.method)).toEqual(['sendMessage']);
  });

  it('a failing notification still gets no reply', async () => {
    const reply = await post(JSON.stringify({ jsonrpc: '2.0', method: 'GetTask', params: { id: 'ghost' } }));
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
  });

  it('v0.3 errors (no version header) carry v0.3 data: field violations as an object', async () => {
    const reply = await server.request('POST', '/', { body: { jsonrpc: '2.0', id: 1, method: 'message/send', params: { message: { messageId: 'm', role: 'user', parts: [{ kind: 'image' }] } } } });
    expect(reply.body.error).toEqual({
      code: -32602,
      message: 'Invalid parameters: message.parts[0].kind: must be one of "text", "file", "data"',
      data: { fieldViolations: [{ field: 'message.parts[0].kind', description: 'must be one of "text", "file", "data"' }] },
    });
  });
});

describe('malformed HTTP+JSON requests', () => {
  const rest = (method: string, path: string, rawBody?: string, headers: Record<string, string> = {}) =>
    server.request(method, path, { rawBody, version: '1.0', headers: { 'Content-Type': 'application/json', ...headers } });

  it.each<[string, number, string, string, string, () => ReturnType<typeof rest>]>([
    ['bad JSON', 400, 'INVALID_ARGUMENT', 'PARSE_ERROR', 'Invalid JSON payload', () => rest('POST', '/message:send', '{ nope')],
    ['a non-object body', 400, 'INVALID_ARGUMENT', 'INVALID_PARAMS', 'The request body must be a JSON object', () => rest('POST', '/message:send', '[1]')],
    ['missing message', 400, 'INVALID_ARGUMENT', 'INVALID_PARAMS', 'Invalid parameters: message: Required', () => rest('POST', '/message:send', '{}')],
    ['an unknown task', 404, 'NOT_FOUND', 'TASK_NOT_FOUND', 'Task not found: ghost', () => rest('GET', '/tasks/ghost')],
    ['an oversized body', 413, 'RESOURCE_EXHAUSTED', 'PAYLOAD_TOO_LARGE', `Request body exceeds the limit of ${LIMIT} bytes (bodyLimit)`, () => rest('POST', '/message:send', JSON.stringify({ message: { ...valid, parts: [{ text: 'y'.repeat(LIMIT) }] } }))],
    ['a form body', 415, 'INVALID_ARGUMENT', 'CONTENT_TYPE_NOT_SUPPORTED', 'Unsupported Content-Type "application/x-www-form-urlencoded"; expected application/json or application/a2a+json', () => rest('POST', '/message:send', 'a=b', { 'Content-Type': 'application/x-www-form-urlencoded' })],
    ['an unknown route', 404, 'NOT_FOUND', 'METHOD_NOT_FOUND', 'No route for POST /message:teleport', () => rest('POST', '/message:teleport', '{}')],
  ])('%s is %s %s with reason %s', async (_case, status, rpcStatus, reason, message, call) => {
    const reply = await call();
    expect(reply.status).toBe(status);
    expect(reply.body.error).toMatchObject({ code: status, status: rpcStatus, message });
    expect(reply.body.error.details[0]).toMatchObject({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason });
  });
});
