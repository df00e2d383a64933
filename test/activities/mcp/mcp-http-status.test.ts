// HTTP statuses from an MCP server (or a gateway in front of it) are classified like the model's:
// 4xx other than 408/429 will not change on retry, so they fail for good with a typed failure;
// 408, 429 and 5xx are retried, honouring Retry-After. Over real HTTP on 127.0.0.1, both when the
// session cannot even start and when a call inside a working session is answered with the status.
import { ApplicationFailure } from '@temporalio/common';
import { createMcpActivities, createMcpConnectionPool, type McpConnectionPool } from '../../../activities/mcp';
import { createSilentLogger } from '../../../src/logger';
import { createActivityEnvironment, runActivity } from '../support/run-activity';
import { startTestMcpServer, type InterceptedAnswer, type TestMcpServer } from '../support/test-mcp-server';

const logger = createSilentLogger();
let mcp: TestMcpServer | undefined;
let pool: McpConnectionPool | undefined;

afterEach(async () => {
  await pool?.close();
  await mcp?.close();
  pool = undefined;
  mcp = undefined;
});

const isToolCall = (body: unknown) => (body as { method?: unknown } | undefined)?.method === 'tools/call';

async function callAdd(intercept: (body: unknown) => InterceptedAnswer | undefined): Promise<ApplicationFailure> {
  mcp = await startTestMcpServer({ intercept });
  pool = createMcpConnectionPool({ servers: { docs: { url: mcp.url } }, logger, connectTimeoutMs: 2_000 });
  const activities = createMcpActivities({ pool, logger });
  const error = await runActivity(createActivityEnvironment(), activities.callMcpTool, { server: 'docs', tool: 'add', arguments: { a: 1, b: 2 } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe.each([
  ['every request', () => true],
  ['a tool call inside a working session', isToolCall],
])('MCP HTTP statuses on %s', (_where, applies: (body: unknown) => boolean) => {
  it.each([
    [400, 'McpRequestRejected'],
    [401, 'McpAuthFailed'],
    [403, 'McpAuthFailed'],
    [405, 'McpRequestRejected'],
    [422, 'McpRequestRejected'],
  ])('HTTP %i is not retried (%s)', async (status, type) => {
    const failure = await callAdd((body) => (applies(body) ? { status } : undefined));
    expect(failure).toMatchObject({ type, nonRetryable: true });
    expect(failure.message).toContain(String(status));
  });

  it.each([
    [408, 'McpTimeout'],
    [429, 'McpRateLimited'],
    [500, 'McpServerError'],
    [503, 'McpServerError'],
  ])('HTTP %i is retried (%s)', async (status, type) => {
    const failure = await callAdd((body) => (applies(body) ? { status } : undefined));
    expect(failure).toMatchObject({ type, nonRetryable: false });
    expect(failure.nextRetryDelay ?? undefined).toBeUndefined();
  });

  it.each([429, 503])('HTTP %i with Retry-After asks Temporal to wait that long before the retry', async (status) => {
    const failure = await callAdd((body) => (applies(body) ? { status, headers: { 'retry-after': '7' } } : undefined));
    expect(failure).toMatchObject({ nonRetryable: false, nextRetryDelay: 7_000 });
  });
});

it('a 404 to the first request (no session yet: a wrong URL) is not retried', async () => {
  const failure = await callAdd(() => ({ status: 404 }));
  expect(failure).toMatchObject({ type: 'McpNotFound', nonRetryable: true });
});

it('a 404 for a session the server forgot is retried on a new session, not a permanent failure', async () => {
  let forget = true;
  const failure = await callAdd((body) => {
    if (!isToolCall(body) || !forget) return undefined;
    forget = false;
    return { status: 404 };
  });
  expect(failure).toMatchObject({ type: 'McpTransportFailed', nonRetryable: false });
  const result = await runActivity(createActivityEnvironment(), createMcpActivities({ pool: pool!, logger }).callMcpTool, { server: 'docs', tool: 'add', arguments: { a: 1, b: 2 } });
  expect(result.structuredContent).toEqual({ sum: 3 });
});
