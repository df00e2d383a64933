// A first property-based pass over both bindings (the full fuzzing campaign comes with the security
// work): random envelopes, methods, params, versions and paths never produce a 5xx or a body that is
// not a valid protocol response. Streaming operations are left out: a random stream may wait forever.
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const unaryMethods = [
  'SendMessage',
  'GetTask',
  'ListTasks',
  'CancelTask',
  'CreateTaskPushNotificationConfig',
  'GetTaskPushNotificationConfig',
  'ListTaskPushNotificationConfigs',
  'DeleteTaskPushNotificationConfig',
  'GetExtendedAgentCard',
  'message/send',
  'tasks/get',
  'tasks/cancel',
  'tasks/list',
  'tasks/pushNotificationConfig/set',
  'tasks/pushNotificationConfig/get',
  'tasks/pushNotificationConfig/list',
  'tasks/pushNotificationConfig/delete',
  'agent/getAuthenticatedExtendedCard',
];
const streamingMethods = new Set(['SendStreamingMessage', 'SubscribeToTask', 'message/stream', 'tasks/resubscribe']);

const version = fc.oneof(fc.constantFrom('1.0', '0.3', '1.0.0', '2.0', ''), fc.string({ maxLength: 8 }));
const params = fc.oneof(
  fc.anything(),
  fc.record({ id: fc.oneof(fc.string(), fc.anything()), historyLength: fc.oneof(fc.integer(), fc.anything()) }, { requiredKeys: [] }),
  fc.record({ message: fc.record({ messageId: fc.anything(), role: fc.anything(), parts: fc.array(fc.dictionary(fc.constantFrom('text', 'raw', 'url', 'data', 'kind'), fc.anything())) }, { requiredKeys: [] }) }),
);

describe('fuzz smoke', () => {
  it('JSON-RPC: any request gets a JSON-RPC response (or 204 for a notification), never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            jsonrpc: fc.oneof(fc.constant('2.0'), fc.anything()),
            id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.anything()),
            method: fc.oneof(fc.constantFrom(...unaryMethods), fc.string().filter((m) => !streamingMethods.has(m))),
            params,
          },
          { requiredKeys: ['method'] },
        ),
        version,
        async (body, v) => {
          const reply = await server.request('POST', '/', { rawBody: JSON.stringify(body), version: v, headers: { 'Content-Type': 'application/json' } });
          expect(reply.status).toBeLessThan(500);
          if (reply.status === 204) return;
          expect(reply.body.jsonrpc).toBe('2.0');
          if ('error' in reply.body) {
            expect(Number.isInteger(reply.body.error.code)).toBe(true);
            expect(typeof reply.body.error.message).toBe('string');
          } else {
            expect(reply.body).toHaveProperty('result');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('HTTP+JSON: any method, path and body gets a google.rpc.Status error or a result, never a 5xx', async () => {
    const segment = fc.oneof(fc.constantFrom('tasks', 'message:send', 'pushNotificationConfigs', 'extendedAgentCard', 'x:cancel', 'agents', 'echo'), fc.webSegment());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.webQueryParameters(),
        fc.oneof(fc.constant(undefined), fc.json(), fc.string()),
        version,
        async (method, segments, query, rawBody, v) => {
          const path = `/${segments.join('/')}${query ? `?${query}` : ''}`;
          if (/:subscribe|message:stream/.test(path)) return;
          const reply = await server.request(method, path, {
            rawBody: method === 'GET' ? undefined : rawBody,
            version: v,
            headers: rawBody !== undefined && method !== 'GET' ? { 'Content-Type': 'application/json' } : {},
          });
          expect(reply.status).toBeLessThan(500);
          if (reply.status >= 400) expect(reply.body.error).toMatchObject({ code: reply.status, message: expect.any(String) });
        },
      ),
      { numRuns: 300 },
    );
  });
});
