// The inbound rule on its own: which parts move to the store, what stays, and each limit's error
// naming its setting. Nothing is stored for a message that breaks a limit.
import { randomBytes } from 'node:crypto';
import { base64DecodedLength, createMessagePreparer, DEFAULT_INBOUND_LIMITS, resolveInboundLimits } from '../../api/artifacts/inbound-parts';
import { A2AError } from '../../api/a2a-error';
import { ANONYMOUS_PRINCIPAL } from '../../api/principal';
import type { CallContext } from '../../api/request-handler';
import type { Message, Part } from '../../src/a2a-model/types';
import { createMemoryArtifactStore, type ArtifactStore } from '../../src/artifact-store';

const ctx: CallContext = { agentId: 'echo', requestId: 'r', principal: ANONYMOUS_PRINCIPAL, signal: new AbortController().signal, protocolVersion: '1.0' };
const limits = { inlineThresholdBytes: 1024, maxPartBytes: 8192, maxMessageBytes: 12_000, maxInlineBytes: 2048, maxParts: 4 };
const file = (bytes: number, extra: Partial<Part> = {}): Part => ({ kind: 'raw', raw: randomBytes(bytes).toString('base64'), mediaType: 'application/pdf', ...extra }) as Part;
const msg = (...parts: Part[]): Message => ({ messageId: 'm', role: 'user', parts });

async function refusal(store: ArtifactStore, message: Message): Promise<A2AError> {
  const error = await createMessagePreparer({ store, limits })(ctx, message, 'task-1').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(A2AError);
  return error as A2AError;
}

describe('inbound parts', () => {
  it('moves a file above the threshold to the store and keeps small parts inline', async () => {
    const store = createMemoryArtifactStore();
    const big = file(4000, { filename: 'invoice.pdf', metadata: { page: 1 } });
    const small = file(100);
    const prepared = await createMessagePreparer({ store, limits })(ctx, msg({ kind: 'text', text: 'check this' }, big, small), 'task-1');
    const [text, stored, inline] = prepared.parts;
    expect(text).toEqual({ kind: 'text', text: 'check this' });
    expect(inline).toBe(small);
    expect(stored).toMatchObject({ kind: 'stored', size: 4000, mediaType: 'application/pdf', filename: 'invoice.pdf', metadata: { page: 1 } });
    const blob = await store.get((stored as Extract<Part, { kind: 'stored' }>).blobId);
    expect(Buffer.from(blob.bytes).toString('base64')).toBe((big as Extract<Part, { kind: 'raw' }>).raw);
    // Recorded under the task it was sent to, so retention and purges find it.
    expect(await store.deleteTaskBlobs('task-1')).toEqual([blob.info.blobId]);
  });

  it('decodes URL-safe base64 too', async () => {
    const store = createMemoryArtifactStore();
    const bytes = randomBytes(3000);
    const prepared = await createMessagePreparer({ store, limits })(ctx, msg({ kind: 'raw', raw: bytes.toString('base64url') }), 'task-1');
    const stored = prepared.parts[0] as Extract<Part, { kind: 'stored' }>;
    expect(stored.mediaType).toBe('application/octet-stream');
    expect(Buffer.from((await store.get(stored.blobId)).bytes).equals(bytes)).toBe(true);
  });

  it('returns a message without large files unchanged', async () => {
    const message = msg({ kind: 'text', text: 'hi' }, file(10));
    expect(await createMessagePreparer({ store: createMemoryArtifactStore(), limits })(ctx, message, 'task-1')).toBe(message);
  });

  it.each([
    ['maxParts', msg(...Array.from({ length: 5 }, () => ({ kind: 'text' as const, text: 'x' }))), 'message.parts'],
    ['maxPartBytes', msg(file(9000)), 'message.parts[0]'],
    ['maxPartBytes', msg({ kind: 'text', text: 'x' }, { kind: 'text', text: 'y'.repeat(9000) }), 'message.parts[1]'],
    ['maxMessageBytes', msg(file(7000), file(7000)), 'message.parts'],
    ['maxInlineBytes', msg({ kind: 'text', text: 'y'.repeat(1500) }, { kind: 'data', data: { note: 'z'.repeat(1000) } }), 'message.parts'],
  ])('refuses a message over %s with ContentTooLarge naming the limit and the field', async (limit, message, field) => {
    const store = createMemoryArtifactStore();
    const put = jest.spyOn(store, 'put');
    const error = await refusal(store, message);
    expect(error.errorName).toBe('ContentTooLarge');
    expect(error.message).toContain(`(${limit})`);
    expect(error.data).toMatchObject({ limit, field });
    expect(put).not.toHaveBeenCalled();
  });

  it('refuses a file the store will not take with ContentTooLarge (maxBlobBytes)', async () => {
    const error = await refusal(createMemoryArtifactStore({ maxBlobBytes: 2000 }), msg(file(3000)));
    expect(error).toMatchObject({ errorName: 'ContentTooLarge', data: { limit: 'maxBlobBytes', field: 'message.parts[0]' } });
  });

  it('refuses a malformed media type as InvalidParams on that field', async () => {
    const error = await refusal(createMemoryArtifactStore(), msg(file(3000, { mediaType: 'not a type' })));
    expect(error.errorName).toBe('InvalidParams');
    expect(error.data?.fieldViolations).toEqual([expect.objectContaining({ field: 'message.parts[0].mediaType' })]);
  });

  it('measures base64 without decoding it', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const b = randomBytes(n);
      expect(base64DecodedLength(b.toString('base64'))).toBe(n);
      expect(base64DecodedLength(b.toString('base64url'))).toBe(n);
    }
  });

  it('keeps the default for a limit that is not set', () => {
    expect(resolveInboundLimits({ maxParts: 3, maxPartBytes: undefined })).toEqual({ ...DEFAULT_INBOUND_LIMITS, maxParts: 3 });
  });
});
