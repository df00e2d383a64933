// `GET /inbox/links/{token}` over real HTTP (stub request handler, tracing on, logger at debug): the
// signed token, a credential for up to 7 days, is in no exported span and no log line; only
// signature-valid links are audited, and forged openings are counted in one throttled warning.
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { redactPath } from '../../api/http/redact-path';
import { approvalIdOf } from '../../src/decision-links/decision-link-claims';
import { createDecisionLinks } from '../../src/decision-links/decision-link-token';
import { startTracing, type Tracing } from '../../src/telemetry/tracing';
import { captureLogs } from '../security/support/log-capture';
import { startTestServer, type TestServer } from '../support/a2a-test-server';

const links = createDecisionLinks({ secret: 'a-decision-link-secret-of-32-chars!!' });
const claims = { linkId: 'l-1', agentId: 'document-verifier', taskId: 't-1', approvalId: approvalIdOf(0), roles: ['approver'] };
const exporter = new InMemorySpanExporter();
const logs = captureLogs('debug');
let tracing: Tracing;
let server: TestServer;

beforeAll(async () => {
  tracing = startTracing({ env: {}, defaultServiceName: 'a2a-temporal-test', exporter, batch: false });
  server = await startTestServer({ logger: logs.logger, decisionLinks: links });
});
afterAll(async () => {
  await server?.close();
  await tracing?.shutdown();
});

const open = (token: string) => fetch(`${server.url}/inbox/links/${token}`, { redirect: 'manual' });

it('opening a link leaves its token in no span attribute and no log line, the route pattern instead', async () => {
  const token = links.sign({ ...claims, expiresAt: Date.now() + 3_600_000 });
  const expired = links.sign({ ...claims, linkId: 'l-2', expiresAt: Date.now() - 1_000 });
  expect((await open(token)).status).toBe(302);
  expect((await open(expired)).status).toBe(410);

  const spans = exporter.getFinishedSpans().filter((s) => s.attributes['http.route'] === '/inbox/links/:token');
  expect(spans).toHaveLength(2);
  for (const span of spans) {
    expect(span.attributes['url.path']).toBe('/inbox/links/{token}');
    expect(JSON.stringify(span.attributes)).not.toContain('v1.');
  }
  const raw = logs.raw();
  expect(raw).toContain('"path":"/inbox/links/{token}"');
  for (const secret of [token, expired, token.split('.')[2]]) expect(raw).not.toContain(secret);
});

it('redacts a token in the path of the link route and in a link= query parameter on any path', () => {
  expect(redactPath('/inbox/links/v1.abc.def')).toBe('/inbox/links/{token}');
  expect(redactPath('/inbox/?link=v1.abc.def&x=1')).toBe('/inbox/?link={token}&x=1');
  expect(redactPath('/agents/a/tasks/t-1')).toBe('/agents/a/tasks/t-1');
});
it('audits signature-valid links only: 50 forged openings write no audit record and one throttled warning', async () => {
  const before = logs.audit('decision-link').length;
  const token = links.sign({ ...claims, expiresAt: Date.now() + 3_600_000 });
  const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
  for (let i = 0; i < 50; i++) expect((await open(i % 2 ? forged : `garbage-${i}`)).status).toBe(400);
  expect(logs.audit('decision-link')).toHaveLength(before);
  expect(logs.lines.filter((l) => l.msg === 'invalid decision links opened')).toHaveLength(1);

  expect((await open(token)).status).toBe(302);
  expect(logs.audit('decision-link').slice(before)).toEqual([expect.objectContaining({ outcome: 'opened', linkId: 'l-1', taskId: 't-1' })]);
});
