// listMcpTools / callMcpTool against a real McpServer over Streamable HTTP on 127.0.0.1.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { MockActivityEnvironment } from '@temporalio/testing';
import { createMcpActivities, createMcpConnectionPool, type McpConnectionPool, type McpServerEndpoint } from '../../../activities/mcp';
import type { CallMcpToolInput } from '../../../src/agent-runtime/contracts';
import { createSilentLogger } from '../../../src/logger';
import { createActivityEnvironment, runActivity } from '../support/run-activity';
import { startTestMcpServer, type TestMcpServer } from '../support/test-mcp-server';

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('MCP activities', () => {
  let mcp: TestMcpServer;
  let pool: McpConnectionPool;
  let env: MockActivityEnvironment;
  const logger = createSilentLogger();

  const setup = (servers: Record<string, McpServerEndpoint>) => {
    pool = createMcpConnectionPool({ servers, logger, connectTimeoutMs: 2_000 });
    return createMcpActivities({ pool, logger });
  };
  const call = (activities: ReturnType<typeof setup>, input: CallMcpToolInput) => runActivity(env, activities.callMcpTool, input);

  beforeEach(async () => {
    mcp = await startTestMcpServer();
    env = createActivityEnvironment();
  });
  afterEach(async () => {
    await pool?.close();
    await mcp.close();
  });

  it('lists tools with their input schemas, filtered by the allowlist', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    const all = await runActivity(env, activities.listMcpTools, { server: 'docs' });
    expect(all.tools.map((t) => t.name)).toEqual(['add', 'lookup_document', 'check_iban', 'fingerprint_document', 'wait_forever']);
    expect(all.tools[0]).toMatchObject({ description: 'Adds two numbers.', inputSchema: { type: 'object', properties: { a: { type: 'number' } } } });
    expect(all.tools[1].title).toBe('Look up a document');
    const allowed = await runActivity(env, activities.listMcpTools, { server: 'docs', allowedTools: ['lookup_document', 'not_there'] });
    expect(allowed.tools.map((t) => t.name)).toEqual(['lookup_document']);
  });

  it('calls a tool and returns its content and structured content', async () => {
    const result = await call(setup({ docs: { url: mcp.url } }), { server: 'docs', tool: 'add', arguments: { a: 2, b: 3 } });
    expect(result).toEqual({ isError: false, content: [{ type: 'text', text: '5' }], structuredContent: { sum: 5 } });
  });

  it('returns a tool result with isError as data for the model', async () => {
    const result = await call(setup({ docs: { url: mcp.url } }), { server: 'docs', tool: 'lookup_document', arguments: { id: 'doc-9' } });
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'document doc-9 not found' }] });
  });

  it('throws a retryable failure when the tool server marks an isError result as transient', async () => {
    const failure = await failureOf(call(setup({ docs: { url: mcp.url } }), { server: 'docs', tool: 'lookup_document', arguments: { id: 'doc-flaky' } }));
    expect(failure).toMatchObject({ type: 'McpToolTransientError', nonRetryable: false, message: expect.stringMatching(/store unavailable/) });
  });

  it('refuses a tool outside the allowlist before contacting the server', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    const failure = await failureOf(call(activities, { server: 'docs', tool: 'add', arguments: { a: 1, b: 1 }, allowedTools: ['lookup_document'] }));
    expect(failure).toMatchObject({ type: 'ToolNotAllowed', nonRetryable: true });
    expect(mcp.openSessions()).toBe(0);
  });

  it('makes an unknown tool, an unknown server and invalid arguments non-retryable', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    expect(await failureOf(call(activities, { server: 'docs', tool: 'shred', arguments: {} }))).toMatchObject({ type: 'UnknownTool', nonRetryable: true });
    expect(await failureOf(call(activities, { server: 'nope', tool: 'add', arguments: {} }))).toMatchObject({ type: 'UnknownMcpServer', nonRetryable: true });
    // Caught against the listed JSON Schema, before the call.
    const schema = await failureOf(call(activities, { server: 'docs', tool: 'add', arguments: { a: 'one', b: 2 } }));
    expect(schema).toMatchObject({ type: 'InvalidToolArguments', nonRetryable: true });
    expect(schema.message).toContain('must be number');
    // Only the server knows this rule: its InvalidParams message comes back.
    const server = await failureOf(call(activities, { server: 'docs', tool: 'check_iban', arguments: { iban: 'DE89370400440532013000' } }));
    expect(server).toMatchObject({ type: 'InvalidToolArguments', nonRetryable: true });
    expect(server.message).toContain('must be a French IBAN');
  });

  it('shares one lazily opened connection between concurrent calls', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    expect(mcp.openSessions()).toBe(0);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => runActivity(createActivityEnvironment(), activities.callMcpTool, { server: 'docs', tool: 'add', arguments: { a: n, b: n } })),
    );
    expect(results.map((r) => r.structuredContent)).toEqual([2, 4, 6, 8, 10].map((sum) => ({ sum })));
    expect(mcp.openSessions()).toBe(1);
  });

  it('fails retryably while the server is down, then reconnects once it is back', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    const add = { server: 'docs', tool: 'add', arguments: { a: 1, b: 2 } };
    expect((await call(activities, add)).isError).toBe(false);
    const { port } = mcp;
    await mcp.close();
    expect(await failureOf(call(activities, add))).toMatchObject({ type: 'McpTransportFailed', nonRetryable: false });
    mcp = await startTestMcpServer({ port });
    expect(await call(activities, add)).toMatchObject({ isError: false, structuredContent: { sum: 3 } });
  });

  it('recovers from a session the server lost on restart: one retryable failure, then success', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    const add = { server: 'docs', tool: 'add', arguments: { a: 1, b: 2 } };
    await call(activities, add);
    const { port } = mcp;
    await mcp.close();
    mcp = await startTestMcpServer({ port });
    expect(await failureOf(call(activities, add))).toMatchObject({ type: 'McpTransportFailed', nonRetryable: false });
    expect(await call(activities, add)).toMatchObject({ structuredContent: { sum: 3 } });
  });

  it('validates a document tool result against that tool\'s output schema when asked, naming the tool and the field', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    const failure = await failureOf(call(activities, { server: 'docs', tool: 'fingerprint_document', arguments: {}, validateOutput: true }));
    expect(failure).toMatchObject({ type: 'McpMalformedToolResult', nonRetryable: true });
    expect(failure.message).toMatch(/fingerprint_document/);
    expect(failure.message).toMatch(/\bsha256\b|\bsize\b/);
    // Unasked, the result is data as the server sent it (e.g. for the model).
    expect((await call(activities, { server: 'docs', tool: 'fingerprint_document', arguments: {} })).structuredContent).toEqual({ size: 'large', detectedMediaType: 'application/pdf' });
    // Only a document tool has a schema to validate against: asking for another is the caller's mistake.
    const unknown = await failureOf(call(activities, { server: 'docs', tool: 'add', arguments: { a: 1, b: 2 }, validateOutput: true }));
    expect(unknown).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
  });

  it('makes a request timeout retryable', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    const failure = await failureOf(call(activities, { server: 'docs', tool: 'wait_forever', arguments: {}, timeoutMs: 200 }));
    expect(failure).toMatchObject({ type: 'McpTimeout', nonRetryable: false });
  });

  it('cancels the request on the server when the activity is cancelled', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    const running = call(activities, { server: 'docs', tool: 'wait_forever', arguments: {} });
    await mcp.waitStarted;
    env.cancel();
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
    await mcp.waitCancelled;
  });

  it('sends the bearer token, and a wrong one is a non-retryable auth failure', async () => {
    const guarded = await startTestMcpServer({ bearerToken: 's3cret' });
    try {
      const activities = setup({ good: { url: guarded.url, bearerToken: 's3cret' }, bad: { url: guarded.url, bearerToken: 'wrong' } });
      expect(await call(activities, { server: 'good', tool: 'add', arguments: { a: 1, b: 1 } })).toMatchObject({ isError: false });
      expect(await failureOf(call(activities, { server: 'bad', tool: 'add', arguments: { a: 1, b: 1 } }))).toMatchObject({
        type: 'McpAuthFailed',
        nonRetryable: true,
      });
    } finally {
      await pool.close();
      await guarded.close();
    }
  });

  it('closes every session on pool.close(), after which calls fail retryably', async () => {
    const activities = setup({ docs: { url: mcp.url } });
    await call(activities, { server: 'docs', tool: 'add', arguments: { a: 1, b: 1 } });
    expect(mcp.openSessions()).toBe(1);
    await pool.close();
    expect(mcp.openSessions()).toBe(0);
    expect(await failureOf(call(activities, { server: 'docs', tool: 'add', arguments: { a: 1, b: 1 } }))).toMatchObject({ nonRetryable: false });
  });
});
