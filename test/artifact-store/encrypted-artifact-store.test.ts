// The encrypting artifact store over a real directory store: key rotation as for history, and every
// way of altering a sealed blob on disk (changed bytes, a cut, appended data, a relabelled key)
// answered with `corrupt`, never with bytes; blobs from before encryption read (or refused) by choice.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  ArtifactStoreError,
  createDirectoryArtifactStore,
  createEncryptedArtifactStore,
  type ArtifactStore,
} from '../../src/artifact-store';
import { FRAME_BYTES, sealedLength } from '../../src/artifact-store/blob-seal';
import type { CodecKey } from '../../src/codec/key-ring';
import { rawBytesUnder } from '../support/raw-files';

const key = (id: string): CodecKey => ({ id, key: new Uint8Array(randomBytes(32)) });
const OLD = key('key-2025');
const NEW = key('key-2026');
const MAX = 4 * 1024 * 1024;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let dir: string;
let inner: ArtifactStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'encrypted-store-'));
  inner = await createDirectoryArtifactStore({ directory: dir, maxBlobBytes: sealedLength(MAX) });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const encrypted = (keys: CodecKey[], extra: { clearBlobs?: 'read' | 'refuse' } = {}) =>
  createEncryptedArtifactStore({ inner, keys: { keys }, maxBlobBytes: MAX, ...extra });

const dataFile = (blobId: string) => join(dir, 'blobs', blobId.slice(0, 2), `${blobId}.bin`);

/** Replaces a blob's bytes and rewrites its metadata to match, as someone with write access could. */
async function replaceOnDisk(blobId: string, change: (sealed: Buffer) => Buffer): Promise<void> {
  const changed = change(await readFile(dataFile(blobId)));
  await writeFile(dataFile(blobId), changed);
  const metaFile = dataFile(blobId).replace(/\.bin$/, '.json');
  const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
  await writeFile(metaFile, JSON.stringify({ ...meta, size: changed.byteLength, sha256: sha(changed) }));
}

async function refusal(promise: Promise<unknown>): Promise<ArtifactStoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ArtifactStoreError);
  expect((error as ArtifactStoreError).code).toBe('corrupt');
  return error as ArtifactStoreError;
}

/** What a streaming reader gets: the bytes that arrived, and the error the stream ended with. */
async function streamed(store: ArtifactStore, blobId: string): Promise<{ received: Buffer; error?: unknown }> {
  const { stream } = await store.openStream(blobId);
  const parts: Buffer[] = [];
  try {
    for await (const part of stream) parts.push(part as Buffer);
    return { received: Buffer.concat(parts) };
  } catch (error) {
    return { received: Buffer.concat(parts), error };
  }
}

/** A document of several frames whose last frame holds a secret, fed in uneven chunks. */
const document = Buffer.concat([randomBytes(2 * FRAME_BYTES + 1000), Buffer.from('SECRET-IN-LAST-FRAME')]);
const unevenChunks = () => Readable.from([document.subarray(0, 7), document.subarray(7, 70_001), document.subarray(70_001)]);

describe('encrypted artifact store', () => {
  it('round-trips a streamed multi-frame document, reporting the plaintext size and SHA-256', async () => {
    const store = encrypted([NEW]);
    const info = await store.put(unevenChunks(), { mediaType: 'application/pdf', filename: 'scan.pdf' });
    expect(info).toMatchObject({ size: document.byteLength, sha256: sha(document), mediaType: 'application/pdf', filename: 'scan.pdf' });
    expect(info.attributes).toBeUndefined();
    expect(Buffer.from((await store.get(info.blobId)).bytes).equals(document)).toBe(true);
    expect((await buffer((await store.openStream(info.blobId)).stream)).equals(document)).toBe(true);
    expect(await store.stat(info.blobId)).toEqual(info);
    expect((await rawBytesUnder(dir)).includes(Buffer.from('SECRET-IN-LAST-FRAME'))).toBe(false);
    // The empty document is a blob too.
    const empty = await store.put(new Uint8Array(0), { mediaType: 'text/plain' });
    expect((await store.get(empty.blobId)).bytes.byteLength).toBe(0);
  });

  it('rotates like history: old blobs open with the old key, new blobs are sealed with the new first key', async () => {
    const before = await encrypted([OLD]).put(Buffer.from('stored under the old key'), { mediaType: 'text/plain' });
    const rotated = encrypted([NEW, OLD]);
    expect(Buffer.from((await rotated.get(before.blobId)).bytes).toString()).toBe('stored under the old key');
    const after = await rotated.put(Buffer.from('stored under the new key'), { mediaType: 'text/plain' });
    expect((await inner.stat(after.blobId))?.attributes?.keyId).toBe('key-2026');
    expect((await inner.stat(before.blobId))?.attributes?.keyId).toBe('key-2025');
    expect((await readFile(dataFile(after.blobId))).includes(Buffer.from('key-2026'))).toBe(true);
    // Once the old key is removed its blobs are refused by name, not returned as ciphertext.
    const error = await refusal(encrypted([NEW]).get(before.blobId));
    expect(error.message).toMatch(/payload key "key-2025", which is not configured/);
    expect(Buffer.from((await encrypted([NEW]).get(after.blobId)).bytes).toString()).toBe('stored under the new key');
  });

  it('refuses a blob whose sealed bytes were changed, even with its metadata rewritten to match', async () => {
    const store = encrypted([NEW]);
    const info = await store.put(document, { mediaType: 'application/octet-stream' });
    await replaceOnDisk(info.blobId, (sealed) => {
      const copy = Buffer.from(sealed);
      copy[copy.byteLength - 100]! ^= 1;
      return copy;
    });
    expect((await refusal(store.get(info.blobId))).message).toMatch(/does not authenticate/);
    const { received, error } = await streamed(store, info.blobId);
    expect(error).toBeInstanceOf(ArtifactStoreError);
    // Only authenticated frames were released: the tampered last frame never was.
    expect(received.equals(document.subarray(0, 2 * FRAME_BYTES))).toBe(true);
  });

  it('refuses a blob cut at a frame boundary, and one with data appended after its last frame', async () => {
    const store = encrypted([NEW]);
    const cut = await store.put(document, { mediaType: 'application/octet-stream' });
    const lastFrameBytes = 5 + (document.byteLength - 2 * FRAME_BYTES) + 16;
    await replaceOnDisk(cut.blobId, (sealed) => sealed.subarray(0, sealed.byteLength - lastFrameBytes));
    expect((await refusal(store.get(cut.blobId))).message).toMatch(/truncated/);
    expect((await streamed(store, cut.blobId)).error).toBeInstanceOf(ArtifactStoreError);

    const appended = await store.put(document, { mediaType: 'application/octet-stream' });
    await replaceOnDisk(appended.blobId, (sealed) => Buffer.concat([sealed, sealed.subarray(-lastFrameBytes)]));
    expect((await refusal(store.get(appended.blobId))).message).toMatch(/after its last frame/);
  });

  it('refuses a blob whose recorded plaintext digest was rewritten, so stat cannot vouch for other bytes', async () => {
    const store = encrypted([NEW]);
    const info = await store.put(Buffer.from('the real content'), { mediaType: 'text/plain' });
    const metaFile = dataFile(info.blobId).replace(/\.bin$/, '.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { attributes: Record<string, string> };
    await writeFile(metaFile, JSON.stringify({ ...meta, attributes: { ...meta.attributes, sha256: sha(Buffer.from('other content')) } }));
    expect((await refusal(store.get(info.blobId))).message).toMatch(/does not match its recorded size and SHA-256/);
    expect((await streamed(store, info.blobId)).error).toBeInstanceOf(ArtifactStoreError);
  });

  it('refuses a blob relabelled to another configured key', async () => {
    const store = encrypted([NEW, OLD]);
    const info = await store.put(Buffer.from('relabel me'), { mediaType: 'text/plain' });
    await replaceOnDisk(info.blobId, (sealed) => {
      const at = sealed.indexOf('key-2026');
      return Buffer.concat([sealed.subarray(0, at), Buffer.from('key-2025'), sealed.subarray(at + 8)]);
    });
    await refusal(store.get(info.blobId));
  });

  it('reads blobs stored in clear before encryption by default, and refuses them when told to', async () => {
    const clear = await inner.put(Buffer.from('from before'), { mediaType: 'text/plain' });
    expect(Buffer.from((await encrypted([NEW]).get(clear.blobId)).bytes).toString()).toBe('from before');
    await refusal(encrypted([NEW], { clearBlobs: 'refuse' }).get(clear.blobId));
  });

  it('with encryption turned off stores new blobs in clear but never returns a sealed blob as ciphertext', async () => {
    const sealed = await encrypted([NEW]).put(Buffer.from('sealed'), { mediaType: 'text/plain' });
    const off = createEncryptedArtifactStore({ inner, keys: undefined, maxBlobBytes: MAX });
    const clear = await off.put(Buffer.from('in clear'), { mediaType: 'text/plain' });
    expect((await readFile(dataFile(clear.blobId), 'utf8'))).toBe('in clear');
    await refusal(off.get(sealed.blobId));
  });

  it('limits the plaintext, leaving room in the inner store for the seal', async () => {
    const store = createEncryptedArtifactStore({ inner, keys: { keys: [NEW] } });
    expect(store.maxBlobBytes).toBeLessThanOrEqual(MAX);
    expect(sealedLength(store.maxBlobBytes)).toBeLessThanOrEqual(inner.maxBlobBytes);
    const full = await store.put(new Uint8Array(store.maxBlobBytes), { mediaType: 'application/octet-stream' });
    expect(full.size).toBe(store.maxBlobBytes);
    const over = await store.put(new Uint8Array(store.maxBlobBytes + 1), { mediaType: 'application/octet-stream' }).catch((e: unknown) => e);
    expect((over as ArtifactStoreError).code).toBe('too-large');
  });
});
