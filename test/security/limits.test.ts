// Per-principal limits of the API, over real HTTP for both bindings and both versions: the request
// rate (token bucket; 429 / -31429 with Retry-After, naming the limit) and concurrent streams
// (429 / -31429 naming maxStreamsPerPrincipal). Principals are limited separately. The message limits
// (parts, sizes) belong to the inbound-parts module and are proven against the real stack elsewhere.
import { createRateLimiter } from '../../api/limits/rate-limiter';
import { createRefusalLogThrottle } from '../../api/limits/refusal-log-throttle';
import { openSse, type SseConnection } from '../support/a2a-sse';
import { startTestServer, type TestServer } from '../support/a2a-test-server';
import { bearer, testAuthenticator } from './support/auth-fixtures';
import { captureLogs } from './support/log-capture';

const message = (text: string) => ({ messageId: `m-${Math.random()}`, role: 'ROLE_USER', parts: [{ text }] });

describe('the token bucket', () => {
  it('allows a burst, then one request per refill interval, and says how long to wait', () => {
    let now = 0;
    const limiter = createRateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 500 });
    now = 250;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 250 });
    now = 500;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('never holds more than the burst however long a principal was idle', () => {
    let now = 0;
    const limiter = createRateLimiter({ perSecond: 1, burst: 2 }, () => now);
    limiter.take('a');
    now = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, false]);
  });

  it('defaults the burst to twice the rate and rejects nonsense settings', () => {
    expect(createRateLimiter({ perSecond: 5 }).burst).toBe(10);
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow();
  });
});

describe('request rate per principal', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A refill of one request per 100 s: nothing refills while the test runs, so counts are exact.
    server = await startTestServer({
      authenticator: testAuthenticator().authenticator,
      settings: { limits: { rate: { perSecond: 0.01, burst: 2 } } },
    });
  });
  afterAll(() => server.close());

  it('answers 429 RESOURCE_EXHAUSTED with Retry-After past the burst, per binding and version, per principal', async () => {
    const alice = await bearer({ subject: 'alice', tenant: 't1' });
    for (let i = 0; i < 2; i++) expect((await server.request('GET', '/agents/echo/tasks', { headers: alice, version: '1.0' })).status).toBe(200);

    const rest = await server.request('GET', '/agents/echo/tasks', { headers: alice, version: '1.0' });
    expect(rest.status).toBe(429);
    // About 100 s (one token at 0.01/s), less whatever time the test itself took.
    const retryAfter = Number(rest.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(100);
    expect(rest.body.error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: `Rate limit reached: at most 0.01 requests per second per principal, bursts of 2 (rateLimit); retry after ${retryAfter} s`,
    });
    expect(rest.body.error.details[0]).toMatchObject({ reason: 'RESOURCE_EXHAUSTED', metadata: { limit: 'rateLimit', retryAfterSeconds: String(retryAfter) } });

    const v1 = await server.rpc('ListTasks', {}, { path: '/agents/echo', headers: alice });
    expect(v1.status).toBe(429);
    expect(Number(v1.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(v1.body.error).toMatchObject({ code: -31429, message: expect.stringContaining('(rateLimit)') });

    const v03 = await server.rpc('tasks/get', { id: 'x' }, { path: '/agents/echo', version: '0.3', headers: alice });
    expect(v03.body.error).toMatchObject({ code: -31429, data: { limit: 'rateLimit', retryAfterSeconds: expect.any(Number) } });

    const bob = await bearer({ subject: 'bob', tenant: 't1' });
    expect((await server.request('GET', '/agents/echo/tasks', { headers: bob, version: '1.0' })).status).toBe(200);
  });

  it('counts refused credentials against no one: a bad token is 401, not 429', async () => {
    const reply = await server.request('GET', '/agents/echo/tasks', { headers: { Authorization: 'Bearer nope' }, version: '1.0' });
    expect(reply.status).toBe(401);
  });
});

describe('rate-limit refusals in the log', () => {
  it('are logged once per principal per interval, not once per request, with the count held back', async () => {
    const logs = captureLogs();
    const server = await startTestServer({
      authenticator: testAuthenticator().authenticator,
      settings: { limits: { rate: { perSecond: 0.01, burst: 1 } } },
      logger: logs.logger,
    });
    try {
      const frank = await bearer({ subject: 'frank', tenant: 't1' });
      const grace = await bearer({ subject: 'grace', tenant: 't1' });
      const statuses: number[] = [];
      for (const headers of [frank, frank, frank, frank, frank, grace, grace, grace]) {
        statuses.push((await server.request('GET', '/agents/echo/tasks', { headers, version: '1.0' })).status);
      }
      expect(statuses).toEqual([200, 429, 429, 429, 429, 200, 429, 429]);
      const refusals = logs.lines.filter((line) => line.msg === 'request rate limit reached');
      expect(refusals.map((line) => line.subject)).toEqual(['frank', 'grace']);
    } finally {
      await server.close();
    }
  });
});

describe('refusal log throttle', () => {
  it('lets the first refusal of a key through each interval and counts the ones it held back', () => {
    let now = 0;
    const throttle = createRefusalLogThrottle({ intervalMs: 60_000, now: () => now });
    expect(throttle.admit('a')).toEqual({ suppressed: 0 });
    expect(throttle.admit('a')).toBeUndefined();
    expect(throttle.admit('a')).toBeUndefined();
    expect(throttle.admit('b')).toEqual({ suppressed: 0 });
    now = 60_000;
    expect(throttle.admit('a')).toEqual({ suppressed: 2 });
    expect(throttle.admit('a')).toBeUndefined();
  });
});

describe('concurrent streams per principal', () => {
  let server: TestServer;
  const open: SseConnection[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      authenticator: testAuthenticator().authenticator,
      settings: { limits: { maxStreamsPerPrincipal: 2 } },
    });
  });
  afterAll(async () => {
    open.forEach((c) => c.disconnect());
    await server.close();
  });

  const stream = async (headers: Record<string, string>, text = 'hold on') => {
    const connection = await openSse(`${server.url}/agents/echo/message:stream`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ message: message(text) }),
    });
    if (connection.status === 200) open.push(connection);
    return connection;
  };

  it('refuses a stream past the limit with 429 naming maxStreamsPerPrincipal, in both bindings; others are unaffected', async () => {
    const carol = await bearer({ subject: 'carol', tenant: 't1' });
    const first = await stream(carol);
    const second = await stream(carol);
    expect([first.status, second.status]).toEqual([200, 200]);
    await first.next();
    await second.next();

    const third = await stream(carol);
    expect(third.status).toBe(429);
    expect(JSON.parse(await third.text()).error).toMatchObject({
      status: 'RESOURCE_EXHAUSTED',
      message: 'Too many open streams: at most 2 per principal (maxStreamsPerPrincipal); close one or resubscribe later',
    });
    const rpc = await server.rpc('SendStreamingMessage', { message: message('hold') }, { path: '/agents/echo', headers: carol });
    expect(rpc.status).toBe(429);
    expect(rpc.body.error).toMatchObject({ code: -31429, message: expect.stringContaining('maxStreamsPerPrincipal') });

    const dave = await stream(await bearer({ subject: 'dave', tenant: 't1' }));
    expect(dave.status).toBe(200);
  });

  it('frees the slot when a stream ends', async () => {
    const erin = await bearer({ subject: 'erin', tenant: 't1' });
    const held = await stream(erin);
    const other = await stream(erin);
    const task = JSON.parse((await held.next())!.data!).task;
    await other.next();
    expect((await stream(erin)).status).toBe(429);
    server.handler.release(task.id);
    await held.rest(); // the server ends the stream after the completed status
    expect((await stream(erin, 'quick')).status).toBe(200);
  });
});
