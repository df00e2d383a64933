// The fake must be faithful: the real openai client parses every reply shape it produces.
import OpenAI from 'openai';
import { createDeterministicResponder, startFakeOpenAiServer, step, type FakeOpenAiServer } from '../../support/fake-openai';

describe('fake OpenAI server', () => {
  let fake: FakeOpenAiServer;
  let client: OpenAI;

  beforeEach(async () => {
    fake = await startFakeOpenAiServer();
    client = new OpenAI({ baseURL: fake.baseUrl, apiKey: 'test-key', maxRetries: 0 });
  });
  afterEach(() => fake.close());

  it('answers a scripted text reply and records the request', async () => {
    fake.script(step.text('Hello there', { usage: { promptTokens: 11, completionTokens: 2 } }));
    const completion = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0].message.content).toBe('Hello there');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 });
    expect(fake.requests[0]).toMatchObject({ model: 'm1', stream: false, messages: [{ role: 'user', content: 'hi' }] });
    expect(fake.requests[0].headers.authorization).toBe('Bearer test-key');
  });

  it('streams tool calls split across chunks that the client helper reassembles', async () => {
    fake.script(
      step.toolCalls([
        { id: 'call_a', name: 'fingerprint_document', arguments: { documentId: 'doc-1' } },
        { id: 'call_b', name: 'detect_pii', arguments: '{"text":"x"}', argumentDeltas: ['{"te', 'xt":"', 'x"}'] },
      ]),
    );
    const stream = client.chat.completions.stream({
      model: 'm1',
      messages: [{ role: 'user', content: 'check' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0].message.tool_calls ?? [];
    expect(calls.map((c) => c.type === 'function' && [c.id, c.function.name, c.function.arguments])).toEqual([
      ['call_a', 'fingerprint_document', '{"documentId":"doc-1"}'],
      ['call_b', 'detect_pii', '{"text":"x"}'],
    ]);
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(final.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('streams given content deltas in order, then a usage-only chunk', async () => {
    fake.script(step.streamed(['The ', 'invoice ', 'is fine.']));
    const stream = await client.chat.completions.create({
      model: 'm1',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let usageChunks = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) deltas.push(chunk.choices[0].delta.content);
      if (chunk.usage) usageChunks += 1;
    }
    expect(deltas).toEqual(['The ', 'invoice ', 'is fine.']);
    expect(usageChunks).toBe(1);
  });

  it('returns OpenAI-style errors the client maps to its error classes', async () => {
    fake.script(step.error(429, { retryAfter: 3 }), step.error(400, { message: 'messages must not be empty' }));
    const request = () => client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] });
    const rateLimited = await request().catch((e: unknown) => e);
    expect(rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((rateLimited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('3');
    const rejected = await request().catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(OpenAI.BadRequestError);
    expect((rejected as Error).message).toContain('messages must not be empty');
  });

  it('drops the connection when told to', async () => {
    fake.script(step.drop());
    await expect(client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
  });

  it('lists models and refuses a wrong API key when one is required', async () => {
    const guarded = await startFakeOpenAiServer({ apiKey: 'right', models: ['a', 'b'] });
    try {
      const ok = new OpenAI({ baseURL: guarded.baseUrl, apiKey: 'right', maxRetries: 0 });
      const ids: string[] = [];
      for await (const model of ok.models.list()) ids.push(model.id);
      expect(ids).toEqual(['a', 'b']);
      const wrong = new OpenAI({ baseURL: guarded.baseUrl, apiKey: 'wrong', maxRetries: 0 });
      await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    } finally {
      await guarded.close();
    }
  });

  it('answers deterministically from the request with a responder', async () => {
    fake.respondWith(
      createDeterministicResponder({
        summary: 'fixed summary',
        toolCalls: (req) => (req.messages.some((m) => m.role === 'tool') ? undefined : [{ name: 'extract_text', arguments: {} }]),
      }),
    );
    const first = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'go' }] });
    expect(first.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'extract_text', arguments: '{}' } });
    const second = await client.chat.completions.create({
      model: 'm1',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'extract_text', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'text' },
      ],
    });
    expect(second.choices[0].message.content).toBe('fixed summary');
  });

  it('fails loudly when the script is exhausted', async () => {
    await expect(client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(
      /no scripted reply left/,
    );
  });
});
