// Limits on incoming messages, on the real stack, through every binding and version: each refusal is
// ContentTooLarge naming the limit (JSON-RPC -32602 with HTTP 200; HTTP+JSON 413 RESOURCE_EXHAUSTED),
// streams refuse before any event, and no wire format lets a client send an internal `stored` part.
import { randomBytes } from 'node:crypto';
import { startArtifactsPlatform, unique, type ArtifactsPlatform } from './artifacts-harness';

let platform: ArtifactsPlatform;
beforeAll(async () => {
  platform = await startArtifactsPlatform();
}, 120_000);
afterAll(() => platform?.close());

const raw = (kib: number) => randomBytes(kib * 1024).toString('base64');
/** Each limit of the harness (threshold 1 KiB, part 96 KiB, message 128 KiB, inline 4 KiB, 4 parts) broken once, as v1 parts. */
const OVER: Record<string, Array<Record<string, unknown>>> = {
  maxParts: Array.from({ length: 5 }, (_, i) => ({ text: `part ${i}` })),
  maxPartBytes: [{ raw: raw(100), mediaType: 'application/pdf' }],
  maxMessageBytes: [
    { raw: raw(70), mediaType: 'application/pdf' },
    { raw: raw(70), mediaType: 'application/pdf' },
  ],
  maxInlineBytes: [{ text: 'x'.repeat(5000) }],
};
const toV03 = (part: Record<string, unknown>) =>
  part.text !== undefined ? { kind: 'text', text: part.text } : { kind: 'file', file: { bytes: part.raw, mimeType: part.mediaType } };

async function post(path: string, version: string, body: unknown) {
  const response = await fetch(`${platform.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': version },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const rpc = (version: string, method: string, params: unknown) => post('/agents/echo', version, { jsonrpc: '2.0', id: 1, method, params });

describe.each(Object.keys(OVER))('a message over %s', (limit) => {
  const parts = OVER[limit];

  it('is ContentTooLarge (-32602) naming the limit in JSON-RPC v1.0, for send and stream', async () => {
    for (const method of ['SendMessage', 'SendStreamingMessage']) {
      const reply = await rpc('1.0', method, { message: { messageId: unique('lim'), role: 'ROLE_USER', parts } });
      expect(reply.status).toBe(200);
      expect(reply.type).toMatch(/^application\/json/);
      expect(reply.body.error.code).toBe(-32602);
      expect(reply.body.error.message).toContain(`(${limit})`);
      expect(reply.body.error.data[0]).toMatchObject({ reason: 'CONTENT_TOO_LARGE', domain: 'a2a-temporal', metadata: { limit } });
    }
  });

  it('is -32602 with the limit in its data in JSON-RPC v0.3', async () => {
    const reply = await rpc('0.3', 'message/send', { message: { kind: 'message', messageId: unique('lim'), role: 'user', parts: parts.map(toV03) } });
    expect(reply.status).toBe(200);
    expect(reply.body.error).toMatchObject({ code: -32602, data: { limit } });
    expect(reply.body.error.message).toContain(`(${limit})`);
  });

  it('is 413 RESOURCE_EXHAUSTED naming the limit in HTTP+JSON, for send and stream', async () => {
    for (const verb of ['message:send', 'message:stream']) {
      const reply = await post(`/agents/echo/${verb}`, '1.0', { message: { messageId: unique('lim'), role: 'ROLE_USER', parts } });
      expect(reply.status).toBe(413);
      expect(reply.body.error).toMatchObject({ code: 413, status: 'RESOURCE_EXHAUSTED' });
      expect(reply.body.error.details[0]).toMatchObject({ reason: 'CONTENT_TOO_LARGE', metadata: { limit } });
    }
  });
});

describe('a stored part from a client', () => {
  const stored = { kind: 'stored', blobId: '0123456789abcdef0123456789abcdef', size: 3, sha256: 'a'.repeat(64) };

  it('is refused as InvalidParams in v1.0 JSON-RPC and HTTP+JSON and in v0.3', async () => {
    const v1 = await rpc('1.0', 'SendMessage', { message: { messageId: unique('inj'), role: 'ROLE_USER', parts: [stored] } });
    expect(v1.body.error.code).toBe(-32602);
    const http = await post('/agents/echo/message:send', '1.0', { message: { messageId: unique('inj'), role: 'ROLE_USER', parts: [stored] } });
    expect(http.status).toBe(400);
    const v03 = await rpc('0.3', 'message/send', { message: { kind: 'message', messageId: unique('inj'), role: 'user', parts: [stored] } });
    expect(v03.body.error.code).toBe(-32602);
  });

  it('smuggled into a valid part loses its stored fields: the part stays what the client sent', async () => {
    const reply = await rpc('1.0', 'SendMessage', {
      message: { messageId: unique('inj'), role: 'ROLE_USER', parts: [{ ...stored, text: 'hello' }] },
    });
    const parts = reply.body.result.task.history[0].parts;
    expect(parts).toEqual([{ text: 'hello' }]);
  });
});
