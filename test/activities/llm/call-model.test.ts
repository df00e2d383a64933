// callModel against the fake OpenAI server through the real openai client, in a mock activity context.
import { CancelledFailure, ApplicationFailure } from '@temporalio/common';
import type { MockActivityEnvironment } from '@temporalio/testing';
import { createModelActivities, type ArtifactChunk, type ModelActivitiesDeps } from '../../../activities/llm';
import type { CallModelInput } from '../../../src/agent-runtime/contracts';
import { createSilentLogger } from '../../../src/logger';
import { createActivityEnvironment, runActivity } from '../support/run-activity';
import { startFakeOpenAiServer, step, type FakeOpenAiServer } from '../../support/fake-openai';

const ask: CallModelInput = { messages: [{ role: 'system', content: 'You verify documents.' }, { role: 'user', content: 'Summarise.' }] };

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('callModel', () => {
  let fake: FakeOpenAiServer;
  let published: ArtifactChunk[];
  let env: MockActivityEnvironment;

  const activities = (overrides: Partial<ModelActivitiesDeps> = {}) =>
    createModelActivities({
      config: { baseUrl: fake.baseUrl, apiKey: 'k', model: 'fake-model', requestTimeoutMs: 10_000 },
      logger: createSilentLogger(),
      streamSink: { publish: async (chunk) => void published.push(chunk) },
      ...overrides,
    });

  beforeEach(async () => {
    fake = await startFakeOpenAiServer();
    published = [];
    env = createActivityEnvironment({ attempt: 3 });
  });
  afterEach(() => fake.close());

  it('returns a text reply with its usage and the model that answered', async () => {
    fake.script(step.text('The invoice looks complete.', { usage: { promptTokens: 20, completionTokens: 6 } }));
    const result = await runActivity(env, activities().callModel, ask);
    expect(result).toEqual({
      message: { role: 'assistant', content: 'The invoice looks complete.' },
      finishReason: 'stop',
      usage: { promptTokens: 20, completionTokens: 6, totalTokens: 26 },
      model: 'fake-model',
    });
    expect(fake.requests[0]).toMatchObject({ model: 'fake-model', stream: false, messages: [{ role: 'system' }, { role: 'user', content: 'Summarise.' }] });
  });

  it('parses tool calls and sends tools, tool choice and tool results in OpenAI form', async () => {
    fake.script(step.toolCalls([{ id: 'call_1', name: 'extract_text', arguments: { documentId: 'd1' } }]));
    const input: CallModelInput = {
      messages: [
        { role: 'user', content: 'Check d1.' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'call_0', name: 'fingerprint_document', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'call_0', content: '{"sha256":"ab"}' },
      ],
      tools: [{ type: 'function', function: { name: 'extract_text', parameters: { type: 'object', properties: {} } } }],
      toolChoice: { name: 'extract_text' },
      model: 'other-model',
      maxTokens: 64,
    };
    const result = await runActivity(env, activities().callModel, input);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.message.toolCalls).toEqual([{ id: 'call_1', name: 'extract_text', arguments: '{"documentId":"d1"}' }]);
    expect(fake.requests[0].body).toMatchObject({
      model: 'other-model',
      max_tokens: 64,
      tool_choice: { type: 'function', function: { name: 'extract_text' } },
      tools: [{ type: 'function', function: { name: 'extract_text' } }],
      messages: [
        { role: 'user' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'fingerprint_document', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_0', content: '{"sha256":"ab"}' },
      ],
    });
  });

  it('streams deltas to the sink as ordered batches ending with lastChunk, and returns the whole text', async () => {
    const deltas = ['Th', 'e ', 'in', 'vo', 'ic', 'e ', 'to', 'ta', 'ls', ' a', 'dd', ' u', 'p.'];
    fake.script(step.streamed(deltas, { usage: { promptTokens: 9, completionTokens: 13 } }));
    const { callModel } = activities({ streamBatching: { maxBufferChars: 8, flushIntervalMs: 60_000 } });
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => heartbeats.push(d));
    const result = await runActivity(env, callModel, { ...ask, stream: { taskId: 't1', artifactId: 'summary' } });

    expect(result.message.content).toBe(deltas.join(''));
    expect(result.usage).toEqual({ promptTokens: 9, completionTokens: 13, totalTokens: 22 });
    expect(fake.requests[0]).toMatchObject({ stream: true, includeUsage: true });
    expect(published.map((c) => c.text).join('')).toBe(deltas.join(''));
    expect(published.map((c) => c.index)).toEqual(published.map((_, i) => i));
    expect(published.map((c) => c.append)).toEqual(published.map((_, i) => i > 0));
    expect(published.map((c) => c.lastChunk)).toEqual(published.map((_, i) => i === published.length - 1));
    expect(published.every((c) => c.taskId === 't1' && c.artifactId === 'summary' && c.attempt === 3)).toBe(true);
    // Batched: each flush carries at least maxBufferChars, so far fewer chunks than deltas.
    expect(published.length).toBeLessThanOrEqual(Math.ceil(deltas.join('').length / 8) + 1);
    expect(heartbeats.length).toBeGreaterThan(0);
  });

  it('reassembles streamed tool calls and publishes nothing when there is no text', async () => {
    fake.script(step.toolCalls([{ id: 'c1', name: 'detect_pii', arguments: { text: 'call me at +33 6 12 34 56 78' } }]));
    const result = await runActivity(env, activities().callModel, { ...ask, stream: { taskId: 't1', artifactId: 'a' } });
    expect(result.message).toEqual({
      role: 'assistant',
      content: null,
      toolCalls: [{ id: 'c1', name: 'detect_pii', arguments: '{"text":"call me at +33 6 12 34 56 78"}' }],
    });
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    expect(published).toEqual([]);
  });

  it('turns 429 into a retryable failure carrying the provider retry-after as the next retry delay', async () => {
    fake.script(step.error(429, { retryAfter: 7 }));
    const failure = await failureOf(runActivity(env, activities().callModel, ask));
    expect(failure).toMatchObject({ type: 'ModelRateLimited', nonRetryable: false, nextRetryDelay: 7000 });
  });

  it('treats 500 and 503 as retryable server errors', async () => {
    fake.script(step.error(500), step.error(503, { retryAfterMs: 250 }));
    expect(await failureOf(runActivity(env, activities().callModel, ask))).toMatchObject({ type: 'ModelServerError', nonRetryable: false });
    expect(await failureOf(runActivity(env, activities().callModel, ask))).toMatchObject({ type: 'ModelServerError', nonRetryable: false, nextRetryDelay: 250 });
  });

  it('makes other 4xx non-retryable with the provider message and a typed type', async () => {
    fake.script(
      step.error(400, { message: "Invalid value for 'messages[1].role'" }),
      step.error(401),
      step.error(400, { message: 'too long', code: 'context_length_exceeded' }),
    );
    const rejected = await failureOf(runActivity(env, activities().callModel, ask));
    expect(rejected).toMatchObject({ type: 'ModelRequestRejected', nonRetryable: true });
    expect(rejected.message).toContain("Invalid value for 'messages[1].role'");
    expect(await failureOf(runActivity(env, activities().callModel, ask))).toMatchObject({ type: 'ModelAuthFailed', nonRetryable: true });
    expect(await failureOf(runActivity(env, activities().callModel, ask))).toMatchObject({ type: 'ModelContextLengthExceeded', nonRetryable: true });
  });

  it('makes a request timeout retryable', async () => {
    fake.script(step.hang());
    const { callModel } = activities({ config: { baseUrl: fake.baseUrl, model: 'm', requestTimeoutMs: 200 } });
    expect(await failureOf(runActivity(env, callModel, ask))).toMatchObject({ type: 'ModelTimeout', nonRetryable: false });
  });

  it('makes a stream that goes quiet retryable and publishes no lastChunk', async () => {
    fake.script(step.streamed(['partial ', 'answer'], { stallAfterChunks: 2 }));
    const { callModel } = activities({
      config: { baseUrl: fake.baseUrl, model: 'm', requestTimeoutMs: 200 },
      streamBatching: { maxBufferChars: 1 },
    });
    expect(await failureOf(runActivity(env, callModel, { ...ask, stream: { taskId: 't', artifactId: 'a' } }))).toMatchObject({
      type: 'ModelTimeout',
      nonRetryable: false,
    });
    expect(published.map((c) => c.text)).toEqual(['partial ']);
  });

  it('makes a connection lost mid-stream or before any answer retryable', async () => {
    fake.script(step.streamed(['a ', 'b ', 'c'], { dropAfterChunks: 2 }), step.drop());
    const streaming = { ...ask, stream: { taskId: 't', artifactId: 'a' } };
    expect(await failureOf(runActivity(env, activities().callModel, streaming))).toMatchObject({ type: 'ModelUnavailable', nonRetryable: false });
    expect(await failureOf(runActivity(env, activities().callModel, ask))).toMatchObject({ type: 'ModelUnavailable', nonRetryable: false });
  });

  it('aborts the HTTP request when the activity is cancelled and reports the cancellation', async () => {
    fake.script(step.hang());
    const running = runActivity(env, activities().callModel, ask);
    await fake.waitForRequests(1);
    env.cancel();
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
    await fake.waitForClientAbort(0);
    expect(fake.requests[0].clientAborted).toBe(true);
  });

  it('stops streaming when cancelled mid-stream, without a lastChunk', async () => {
    fake.script(step.streamed(['first ', 'second'], { stallAfterChunks: 2 }));
    let firstChunk!: () => void;
    const sawFirst = new Promise<void>((resolve) => (firstChunk = resolve));
    const { callModel } = activities({
      streamSink: { publish: async (chunk) => void (published.push(chunk), firstChunk()) },
      streamBatching: { maxBufferChars: 1 },
    });
    const running = runActivity(env, callModel, { ...ask, stream: { taskId: 't', artifactId: 'a' } });
    await sawFirst;
    env.cancel();
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
    await fake.waitForClientAbort(0);
    expect(published.some((c) => c.lastChunk)).toBe(false);
  });

  it('refuses to run without a configured model and rejects malformed input, both non-retryable', async () => {
    const unconfigured = createModelActivities({ config: undefined, logger: createSilentLogger() });
    expect(await failureOf(runActivity(env, unconfigured.callModel, ask))).toMatchObject({ type: 'ModelNotConfigured', nonRetryable: true });
    const malformed = { messages: [{ role: 'robot', content: 'x' }] } as unknown as CallModelInput;
    expect(await failureOf(runActivity(env, activities().callModel, malformed))).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
    expect(fake.requests).toHaveLength(0);
  });
});
