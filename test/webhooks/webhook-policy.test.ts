import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isForbiddenAddress } from '../../src/webhooks/address-ranges';
import { postWebhook } from '../../src/webhooks/post-webhook';
import { createWebhookPolicy, WebhookRefusedError } from '../../src/webhooks/webhook-policy';

describe('forbidden webhook addresses', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd12::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])(
    'refuses %s',
    (address) => expect(isForbiddenAddress(address)).toBe(true),
  );
  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '172.32.0.1'])('allows public %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('webhook policy', () => {
  const resolveTo = (...addresses: string[]) => async () => addresses;

  it('refuses a host that resolves to a private address, naming the address', async () => {
    const policy = createWebhookPolicy({ resolve: resolveTo('10.0.0.7') });
    await expect(policy.check('https://hooks.example.com/a2a')).rejects.toThrow(/resolves to 10\.0\.0\.7/);
  });

  it('names the setting that would allow a refused URL: PUSH_WEBHOOK_ALLOWLIST for an address, PUSH_ALLOW_HTTP for http', async () => {
    const policy = createWebhookPolicy({ resolve: resolveTo('10.0.0.7') });
    await expect(policy.check('https://hooks.example.com/a2a')).rejects.toThrow(/PUSH_WEBHOOK_ALLOWLIST/);
    await expect(createWebhookPolicy().check('http://hooks.example.com/a2a')).rejects.toThrow(/PUSH_ALLOW_HTTP/);
  });

  it('refuses when any one of several resolved addresses is private (no mixed-answer bypass)', async () => {
    const policy = createWebhookPolicy({ resolve: resolveTo('93.184.216.34', '127.0.0.1') });
    await expect(policy.check('https://hooks.example.com/')).rejects.toBeInstanceOf(WebhookRefusedError);
  });

  it('accepts a public host and returns the addresses it checked', async () => {
    const policy = createWebhookPolicy({ resolve: resolveTo('93.184.216.34') });
    await expect(policy.check('https://hooks.example.com/x')).resolves.toMatchObject({ addresses: ['93.184.216.34'] });
  });

  it('accepts loopback only when allowlisted, by host:port or by CIDR', async () => {
    await expect(createWebhookPolicy({ allowHttp: true }).check('http://127.0.0.1:9000/')).rejects.toThrow(/allowlist/);
    await expect(createWebhookPolicy({ allowHttp: true, allowlist: ['127.0.0.1/32'] }).check('http://127.0.0.1:9000/')).resolves.toBeDefined();
    const byHost = createWebhookPolicy({ allowHttp: true, allowlist: ['localhost:9000'], resolve: resolveTo('127.0.0.1') });
    await expect(byHost.check('http://localhost:9000/')).resolves.toBeDefined();
    await expect(byHost.check('http://localhost:9001/')).rejects.toThrow(/allowlist/);
  });

  it('requires https unless http is explicitly allowed, and rejects credentials in the URL', async () => {
    const policy = createWebhookPolicy({ resolve: resolveTo('93.184.216.34') });
    await expect(policy.check('http://hooks.example.com/')).rejects.toThrow(/must use https/);
    await expect(policy.check('https://user:pw@hooks.example.com/')).rejects.toThrow(/credentials/);
    await expect(policy.check('not a url')).rejects.toThrow(/not a valid absolute URL/);
  });
});

describe('webhook POST', () => {
  let server: http.Server;
  let port: number;
  const answers: Array<{ status: number; headers?: Record<string, string> }> = [];
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        const answer = answers.shift() ?? { status: 204 };
        res.writeHead(answer.status, answer.headers).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const target = () => ({ url: new URL(`http://hooks.test:${port}/cb`), addresses: ['127.0.0.1'] });

  it('connects to the checked address without resolving the host again, and sends the headers', async () => {
    const outcome = await postWebhook({ target: target(), body: '{"a":1}', headers: { authorization: 'Bearer t' }, timeoutMs: 5_000 });
    expect(outcome).toEqual({ kind: 'delivered', status: 204 });
    expect(received.at(-1)).toMatchObject({ body: '{"a":1}', headers: { authorization: 'Bearer t', host: `hooks.test:${port}` } });
  });

  it('classifies 503 with Retry-After as retryable, 404 and redirects as refused', async () => {
    answers.push({ status: 503, headers: { 'retry-after': '2' } }, { status: 404 }, { status: 302, headers: { location: 'http://127.0.0.1/' } });
    expect(await postWebhook({ target: target(), body: '{}', headers: {}, timeoutMs: 5_000 })).toMatchObject({ kind: 'retryable', status: 503, retryAfterMs: 2000 });
    expect(await postWebhook({ target: target(), body: '{}', headers: {}, timeoutMs: 5_000 })).toMatchObject({ kind: 'refused', status: 404 });
    expect(await postWebhook({ target: target(), body: '{}', headers: {}, timeoutMs: 5_000 })).toMatchObject({ kind: 'refused', status: 302 });
  });

  it('treats a connection failure as retryable', async () => {
    const closed = { url: new URL('http://hooks.test:1/'), addresses: ['127.0.0.1'] };
    expect(await postWebhook({ target: closed, body: '{}', headers: {}, timeoutMs: 5_000 })).toMatchObject({ kind: 'retryable' });
  });
});
