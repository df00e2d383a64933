// The minimal cases the fuzzers shrank their failures to, kept as plain regression tests on the real
// stack: each was a 500 (or an error-level log line) before its fix.
import { startFuzzStack, type FuzzStack } from './support/fuzz-stack';
import { closeRawHttpAgent, send } from './support/raw-http';

let stack: FuzzStack;
beforeAll(async () => {
  stack = await startFuzzStack();
}, 120_000);
afterAll(async () => {
  closeRawHttpAgent();
  await stack?.close();
});

const V1 = () => ({ 'Content-Type': 'application/json', 'A2A-Version': '1.0', ...stack.auth });
const deep = (n: number) => '['.repeat(n) + '1' + ']'.repeat(n);
const post = (path: string, body: string, headers: Record<string, string> = V1()) =>
  send(stack.base, { method: 'POST', path, headers, body: Buffer.from(body) });

describe('deeply nested JSON (was: stack overflow in validation, 500)', () => {
  it('JSON-RPC refuses it as InvalidRequest naming the limit, with the request id', async () => {
    const res = await post('/agents/echo', `{"jsonrpc":"2.0","id":"deep-1","method":"SendMessage","params":{"message":{"messageId":"d","role":"ROLE_USER","parts":[{"data":${deep(5_000)}}]}}}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({
      id: 'deep-1',
      error: { code: -32600, message: 'The body nests arrays and objects deeper than the limit of 100 levels (maxJsonDepth)' },
    });
  });

  it('a JSON-RPC notification with such params gets no answer at all', async () => {
    const res = await post('/agents/echo', `{"jsonrpc":"2.0","method":"SendMessage","params":{"metadata":${deep(5_000)}}}`);
    expect([res.status, res.text]).toEqual([204, '']);
  });

  it('HTTP+JSON refuses it with 400 INVALID_ARGUMENT naming the limit', async () => {
    const res = await post('/agents/echo/message:send', `{"message":{"messageId":"d","role":"ROLE_USER","parts":[{"text":"x"}],"metadata":{"a":${deep(200)}}}}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ status: 'INVALID_ARGUMENT', details: [{ reason: 'INVALID_REQUEST', metadata: { limit: 'maxJsonDepth', limitValue: '100' } }] });
  });

  it('nesting within the limit is accepted as before', async () => {
    const res = await post('/agents/echo/message:send', `{"message":{"messageId":"nested-ok","role":"ROLE_USER","parts":[{"data":${deep(90)}}]}}`);
    expect(res.status).toBe(200);
  });
});

describe('a task id with a lone UTF-16 surrogate (was: Temporal refused the request as malformed, 500)', () => {
  it.each([
    ['GetTask', { id: '\ud800' }],
    ['CancelTask', { id: 'a\udfff' }],
    ['CreateTaskPushNotificationConfig', { taskId: '\ud800', url: 'http://127.0.0.1:1/hook' }],
    ['SendMessage', { message: { messageId: 'lone', taskId: '\udc00', role: 'ROLE_USER', parts: [{ text: 'x' }] } }],
  ])('%s answers TaskNotFound, as for any id that names no task', async (method, params) => {
    const res = await post('/agents/echo', JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    expect(JSON.parse(res.text).error).toMatchObject({ code: -32001 });
  });
});

describe('a body cut short on the wire (was: logged as an unexpected server error)', () => {
  it('leaves nothing at error level in the log, and the server keeps serving', async () => {
    const body = Buffer.from(JSON.stringify({ message: { messageId: 'cut', role: 'ROLE_USER', parts: [{ text: 'x'.repeat(100) }] } }));
    const res = await send(stack.base, { method: 'POST', path: '/agents/echo/message:send', headers: V1(), body, truncateTo: 30 });
    expect(res.status === 0 || res.status === 400).toBe(true);
    await stack.assertAlive();
    expect(stack.errors).toEqual([]);
  });
});
