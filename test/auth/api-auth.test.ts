// Authentication and authorization at the API edge, over real HTTP for both bindings and both protocol
// versions: every operation needs a credential (401 / -31401 with WWW-Authenticate, checked before the
// body is read; JSON-RPC then reads a small body only to answer with its id), discovery and health
// stay public, agent scopes are enforced (403 / -31403 naming the scope), the extended card needs
// authentication, the cards declare what is enforced, and refusals are audited without the credential.
import { AUTH_REFUSAL_ID_PEEK_BYTES } from '../../api/bindings/json-rpc';
import { startTestServer, type TestServer } from '../support/a2a-test-server';
import { bearer, testAuthenticator, tokenFor } from '../security/support/auth-fixtures';
import { captureLogs, type CapturedLogs } from '../security/support/log-capture';

const ALICE = { subject: 'alice', tenant: 'acme', roles: ['approver'] };
const message = (text: string, messageId = `m-${Math.random()}`) => ({ messageId, role: 'ROLE_USER', parts: [{ text }] });

let server: TestServer;
let logs: CapturedLogs;
let apiKey: string;

beforeAll(async () => {
  logs = captureLogs();
  const auth = testAuthenticator({ id: 'svc-key', tenant: 'acme', subject: 'svc:robot', scopes: ['a2a:agents:echo'] });
  apiKey = auth.apiKey!;
  server = await startTestServer({ authenticator: auth.authenticator, logger: logs.logger });
});
afterAll(() => server.close());

// Every row has three entries: jest hands a callback with more parameters than the row a `done`.
const HTTP_ROUTES: Array<[string, string, unknown]> = [
  ['POST', '/agents/echo/message:send', { message: message('x') }],
  ['POST', '/agents/echo/message:stream', { message: message('x') }],
  ['GET', '/agents/echo/tasks/t-1', undefined],
  ['GET', '/agents/echo/tasks', undefined],
  ['POST', '/agents/echo/tasks/t-1:cancel', {}],
  ['GET', '/agents/echo/tasks/t-1:subscribe', undefined],
  ['POST', '/agents/echo/tasks/t-1/pushNotificationConfigs', { url: 'https://example.com/hook' }],
  ['GET', '/agents/echo/tasks/t-1/pushNotificationConfigs', undefined],
  ['GET', '/agents/echo/tasks/t-1/pushNotificationConfigs/c-1', undefined],
  ['DELETE', '/agents/echo/tasks/t-1/pushNotificationConfigs/c-1', undefined],
  ['GET', '/agents/echo/extendedAgentCard', undefined],
  ['GET', '/agents/echo/acme/tasks/t-1', undefined],
  ['POST', '/message:send', { message: message('x') }],
];

const V1_METHODS: Array<[string, unknown]> = [
  ['SendMessage', { message: message('x') }],
  ['SendStreamingMessage', { message: message('x') }],
  ['GetTask', { id: 't-1' }],
  ['ListTasks', {}],
  ['CancelTask', { id: 't-1' }],
  ['SubscribeToTask', { id: 't-1' }],
  ['CreateTaskPushNotificationConfig', { taskId: 't-1', url: 'https://example.com/hook' }],
  ['GetTaskPushNotificationConfig', { taskId: 't-1', id: 'c-1' }],
  ['ListTaskPushNotificationConfigs', { taskId: 't-1' }],
  ['DeleteTaskPushNotificationConfig', { taskId: 't-1', id: 'c-1' }],
  ['GetExtendedAgentCard', {}],
];

const V03_METHODS: Array<[string, unknown]> = [
  ['message/send', { message: { kind: 'message', messageId: 'm', role: 'user', parts: [{ kind: 'text', text: 'x' }] } }],
  ['message/stream', { message: { kind: 'message', messageId: 'm', role: 'user', parts: [{ kind: 'text', text: 'x' }] } }],
  ['tasks/get', { id: 't-1' }],
  ['tasks/cancel', { id: 't-1' }],
  ['tasks/resubscribe', { id: 't-1' }],
  ['tasks/pushNotificationConfig/set', { taskId: 't-1', pushNotificationConfig: { url: 'https://example.com/hook' } }],
  ['tasks/pushNotificationConfig/get', { id: 't-1' }],
  ['tasks/pushNotificationConfig/list', { id: 't-1' }],
  ['tasks/pushNotificationConfig/delete', { id: 't-1', pushNotificationConfigId: 'c-1' }],
  ['agent/getAuthenticatedExtendedCard', {}],
];

describe('without credentials', () => {
  it.each(HTTP_ROUTES)('HTTP+JSON %s %s is 401 UNAUTHENTICATED with WWW-Authenticate challenges', async (method, path, body) => {
    const reply = await server.request(method, path, { body, version: '1.0' });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(reply.body.error.message).toBe('Authentication required: send Authorization: Bearer <token> or X-API-Key: <key>');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="a2a-temporal", ApiKey realm="a2a-temporal", header="X-API-Key"');
  });

  it.each(V1_METHODS)('JSON-RPC 1.0 %s is -31401 with HTTP 401 and WWW-Authenticate', async (method, params) => {
    const reply = await server.rpc(method, params, { path: '/agents/echo' });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ jsonrpc: '2.0', error: { code: -31401 } });
    expect(reply.headers.get('www-authenticate')).toContain('Bearer realm="a2a-temporal"');
  });

  it.each(V03_METHODS)('JSON-RPC 0.3 %s is -31401 with HTTP 401', async (method, params) => {
    const reply = await server.rpc(method, params, { path: '/agents/echo', version: null });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ jsonrpc: '2.0', error: { code: -31401, message: expect.stringContaining('Authentication required') } });
  });

  it('is refused before the body is read: a malformed body still gets 401, not a parse error', async () => {
    const rpc = await server.request('POST', '/agents/echo', { rawBody: '{not json', headers: { 'Content-Type': 'application/json' }, version: '1.0' });
    expect(rpc.status).toBe(401);
    expect(rpc.body.error.code).toBe(-31401);
    const rest = await server.request('POST', '/agents/echo/message:send', { rawBody: '{not json', headers: { 'Content-Type': 'application/json' }, version: '1.0' });
    expect(rest.status).toBe(401);
    expect(server.handler.calls).toHaveLength(0);
  });

  it.each<[string, string | null, string | number]>([
    ['1.0', '1.0', 'auth-id-1'],
    ['0.3', null, 17],
  ])('JSON-RPC %s keeps the request id on a 401, and the method does not run', async (_v, version, id) => {
    const before = server.handler.calls.length;
    const reply = await server.rpc(version ? 'SendMessage' : 'message/send', version ? V1_METHODS[0][1] : V03_METHODS[0][1], { path: '/agents/echo', version, id });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ jsonrpc: '2.0', id, error: { code: -31401 } });
    expect(server.handler.calls.length).toBe(before);
  });

  it(`reads no more than ${AUTH_REFUSAL_ID_PEEK_BYTES} bytes of a refused body for its id: a larger one is still 401, with id null`, async () => {
    const big = { jsonrpc: '2.0', id: 'big', method: 'SendMessage', params: { message: message('y'.repeat(AUTH_REFUSAL_ID_PEEK_BYTES)) } };
    const reply = await server.request('POST', '/agents/echo', { body: big, version: '1.0' });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ id: null, error: { code: -31401 } });
  });

  it('leaves discovery and health public', async () => {
    for (const path of ['/healthz', '/agents', '/.well-known/agent-card.json', '/agents/echo/.well-known/agent-card.json']) {
      expect((await server.request('GET', path)).status).toBe(200);
    }
  });
});

describe('with credentials', () => {
  it('a valid bearer token reaches the handler as the token principal (both bindings)', async () => {
    const headers = await bearer({ ...ALICE, scopes: ['a2a:agents:echo'] });
    const rest = await server.request('POST', '/agents/echo/message:send', { body: { message: message('hi') }, headers, version: '1.0' });
    expect(rest.status).toBe(200);
    const rpc = await server.rpc('SendMessage', { message: message('hi') }, { path: '/agents/echo', headers });
    expect(rpc.body.result).toBeDefined();
    expect(server.handler.calls.at(-1)!.ctx.principal).toEqual({
      tenant: 'acme',
      subject: 'alice',
      scopes: ['a2a:agents:echo'],
      roles: ['approver'],
      authenticated: true,
    });
  });

  it('an API key in X-API-Key is a service principal', async () => {
    const reply = await server.request('GET', '/agents/echo/tasks', { headers: { 'X-API-Key': apiKey }, version: '1.0' });
    expect(reply.status).toBe(200);
    expect(server.handler.calls.at(-1)!.ctx.principal).toMatchObject({ tenant: 'acme', subject: 'svc:robot', authenticated: true });
  });

  it('an expired token is 401 with error="invalid_token" and says why; the audit record never holds the token', async () => {
    const token = await tokenFor(ALICE, { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) });
    const reply = await server.request('GET', '/agents/echo/tasks', { headers: { Authorization: `Bearer ${token}` }, version: '1.0' });
    expect(reply.status).toBe(401);
    expect(reply.body.error.message).toBe('The token has expired');
    expect(reply.headers.get('www-authenticate')).toContain('Bearer realm="a2a-temporal", error="invalid_token", error_description="The token has expired"');
    const record = logs.audit('authentication-refused').at(-1)!;
    expect(record).toMatchObject({ scheme: 'bearer', reason: 'expired', method: 'GET', path: '/agents/echo/tasks' });
    expect(logs.raw()).not.toContain(token);
  });

  it('a wrong API key is 401; the key appears in no log line', async () => {
    const wrong = `a2a_${'x'.repeat(43)}`;
    const reply = await server.rpc('ListTasks', {}, { path: '/agents/echo', headers: { 'X-API-Key': wrong } });
    expect(reply.body.error).toMatchObject({ code: -31401, message: 'The API key is not valid' });
    expect(logs.audit('authentication-refused').at(-1)).toMatchObject({ scheme: 'api-key', reason: 'invalid' });
    expect(logs.raw()).not.toContain(wrong);
  });
});

describe('agent scopes', () => {
  it('refuse an agent the principal has no scope for: 403 / -31403 naming the scope, and an audit record', async () => {
    const headers = await bearer({ ...ALICE, scopes: ['a2a:agents:echo'] });
    const rest = await server.request('POST', '/agents/conformance/message:send', { body: { message: message('x') }, headers, version: '1.0' });
    expect(rest.status).toBe(403);
    expect(rest.body.error).toMatchObject({ status: 'PERMISSION_DENIED', message: 'Missing scope a2a:agents:conformance (or a2a:agents:*) to use agent conformance' });
    const rpc = await server.rpc('tasks/get', { id: 't' }, { path: '/agents/conformance', version: '0.3', headers, id: 'scope-1' });
    expect(rpc.status).toBe(403);
    expect(rpc.body).toMatchObject({ id: 'scope-1', error: { code: -31403, message: expect.stringContaining('a2a:agents:conformance') } });
    expect(logs.audit('authorization-refused').at(-1)).toMatchObject({
      tenant: 'acme',
      subject: 'alice',
      agentId: 'conformance',
      reason: 'missing-scope',
      requiredScope: 'a2a:agents:conformance',
      credential: { kind: 'jwt', issuer: 'a2a-security-tests' },
    });
  });

  it('the wildcard scope opens every agent; no scope opens none (not even the default agent at the root)', async () => {
    const all = await bearer({ ...ALICE, scopes: ['a2a:agents:*'] });
    expect((await server.request('GET', '/agents/conformance/tasks', { headers: all, version: '1.0' })).status).toBe(200);
    const none = await bearer({ ...ALICE, scopes: [] });
    expect((await server.request('GET', '/tasks', { headers: none, version: '1.0' })).status).toBe(403);
  });
});

describe('cards and the extended card', () => {
  it('the v1.0 card declares bearer JWT (with the agent scope) and the API key header, and extendedAgentCard', async () => {
    const card = (await server.request('GET', '/agents/echo/.well-known/agent-card.json', { version: '1.0' })).body;
    expect(card.capabilities.extendedAgentCard).toBe(true);
    expect(card.securitySchemes).toEqual({
      bearer: { httpAuthSecurityScheme: { scheme: 'Bearer', bearerFormat: 'JWT', description: expect.stringContaining('a2a:agents:echo') } },
      apiKey: { apiKeySecurityScheme: { location: 'header', name: 'X-API-Key', description: expect.any(String) } },
    });
    expect(card.securityRequirements).toEqual([{ schemes: { bearer: { list: ['a2a:agents:echo'] } } }, { schemes: { apiKey: { list: [] } } }]);
  });

  it('the v0.3 card declares the same as OpenAPI securitySchemes and security', async () => {
    const card = (await server.request('GET', '/agents/echo/.well-known/agent-card.json', { version: null })).body;
    expect(card.supportsAuthenticatedExtendedCard).toBe(true);
    expect(card.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: expect.any(String) },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: expect.any(String) },
    });
    expect(card.security).toEqual([{ bearer: ['a2a:agents:echo'] }, { apiKey: [] }]);
  });

  it('the extended card is served to authenticated callers only, in both versions and bindings', async () => {
    const headers = await bearer(ALICE);
    expect((await server.request('GET', '/agents/echo/extendedAgentCard', { version: '1.0' })).status).toBe(401);
    const rest = await server.request('GET', '/agents/echo/extendedAgentCard', { headers, version: '1.0' });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ name: 'Echo', securityRequirements: expect.any(Array) });
    const v03 = await server.rpc('agent/getAuthenticatedExtendedCard', {}, { path: '/agents/echo', version: '0.3', headers });
    expect(v03.body.result).toMatchObject({ name: 'Echo', protocolVersion: '0.3.0', security: expect.any(Array) });
  });
});

describe('without an authenticator (tests, AUTH_DISABLED)', () => {
  it('cards declare no security and the extended card stays refused to the anonymous caller', async () => {
    const open = await startTestServer({});
    try {
      const card = (await open.request('GET', '/agents/echo/.well-known/agent-card.json', { version: '1.0' })).body;
      expect(card.securitySchemes).toBeUndefined();
      expect(card.capabilities.extendedAgentCard).toBe(false);
      expect((await open.request('GET', '/agents/echo/tasks', { version: '1.0' })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
