// An ArtifactStore decorator that keeps blobs encrypted at rest with the payload keys (format in
// blob-seal.ts): the first (active) key seals new blobs, any configured key opens old ones, so keys
// rotate exactly as history's do. Callers see plaintext only: BlobInfo size and SHA-256 are the
// plaintext's (recorded as blob attributes and checked again on every read), and a blob that does not
// authenticate is an error, never returned. Blobs stored before encryption carry no seal: `clearBlobs`
// decides whether they are still read as they are (the default, like history payloads) or refused.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createKeyRing, type KeyRing, type KeyRingOptions } from '../codec/key-ring';
import { ArtifactStoreError, type ArtifactStore, type BlobAttributes, type BlobInfo, type BlobSource } from './artifact-store';
import { effectiveLimit, holdSource } from './blob-input';
import { openSealedBlob, SEAL_FORMAT, sealBlob, sealedLength } from './blob-seal';

export interface EncryptedArtifactStoreOptions {
  /** The store that holds the sealed bytes (the directory store); its limit must fit the sealed size. */
  inner: ArtifactStore;
  /** The payload keys; undefined (encryption turned off) stores new blobs in clear but still never returns a sealed blob undecrypted. */
  keys: KeyRingOptions | undefined;
  /** The plaintext limit; default the largest whose sealed form fits the inner store's limit. */
  maxBlobBytes?: number;
  /** Blobs without a seal (stored before encryption): read them as they are, or refuse them. Default read. */
  clearBlobs?: 'read' | 'refuse';
}

interface Seal {
  keyId: string;
  size: number;
  sha256: string;
}

export function createEncryptedArtifactStore(options: EncryptedArtifactStoreOptions): ArtifactStore {
  const { inner } = options;
  const ring: KeyRing | undefined = options.keys && createKeyRing(options.keys);
  const maxBlobBytes = options.maxBlobBytes ?? largestFitting(inner.maxBlobBytes);
  if (sealedLength(maxBlobBytes) > inner.maxBlobBytes) {
    throw new Error(`the artifact store holds ${inner.maxBlobBytes} bytes, less than ${maxBlobBytes} plaintext bytes take sealed`);
  }
  const clearBlobs = options.clearBlobs ?? 'read';

  /** The caller's view of an inner blob, and its seal (undefined for a clear blob, when allowed). */
  const unwrap = (info: BlobInfo): { info: BlobInfo; seal?: Seal } => {
    const { attributes, ...rest } = info;
    const seal = sealFrom(info.blobId, attributes);
    if (seal) {
      if (!ring?.find(seal.keyId)) throw new ArtifactStoreError('corrupt', `blob ${info.blobId} is encrypted with payload key "${seal.keyId}", which is not configured`);
      return { info: { ...rest, size: seal.size, sha256: seal.sha256 }, seal };
    }
    if (clearBlobs === 'refuse') throw new ArtifactStoreError('corrupt', `blob ${info.blobId} is not encrypted, and clear blobs are refused`);
    return { info: rest };
  };

  return {
    maxBlobBytes,

    async put(source, putOptions) {
      // Before any await, as every store does: a stream must not flow before the seal reads it.
      holdSource(source);
      const limit = effectiveLimit(maxBlobBytes, putOptions);
      if (!ring) return inner.put(source, { ...putOptions, maxBytes: limit, attributes: undefined });
      const plain = measured(source, limit);
      // Other options pass through as given, so options the inner store learns later keep working.
      const stored = await inner.put(sealBlob(plain.chunks, { id: ring.activeKeyId, key: ring.activeKey }), {
        ...putOptions,
        maxBytes: sealedLength(limit),
        attributes: () => ({ seal: SEAL_FORMAT, keyId: ring.activeKeyId, size: String(plain.size()), sha256: plain.sha256() }),
      });
      return unwrap(stored).info;
    },

    async get(blobId) {
      const stored = await inner.get(blobId);
      const { info, seal } = unwrap(stored.info);
      if (!seal) return { info, bytes: stored.bytes };
      const parts: Buffer[] = [];
      for await (const part of checked(openSealedBlob([stored.bytes], ring!), blobId, seal)) parts.push(part);
      return { info, bytes: new Uint8Array(Buffer.concat(parts)) };
    },

    async openStream(blobId) {
      const stored = await inner.openStream(blobId);
      let view;
      try {
        view = unwrap(stored.info);
      } catch (error) {
        stored.stream.destroy();
        throw error;
      }
      if (!view.seal) return { info: view.info, stream: stored.stream };
      return { info: view.info, stream: Readable.from(checked(openSealedBlob(stored.stream, ring!), blobId, view.seal), { objectMode: false }) };
    },

    async stat(blobId) {
      const info = await inner.stat(blobId);
      return info && unwrap(info).info;
    },

    delete: (blobId) => inner.delete(blobId),
    deleteTaskBlobs: (taskId) => inner.deleteTaskBlobs(taskId),
  };
}

function largestFitting(innerLimit: number): number {
  // sealedLength is monotonic and at most a few KiB above its argument: step down to the first fit.
  let limit = innerLimit;
  while (limit > 0 && sealedLength(limit) > innerLimit) limit -= sealedLength(limit) - innerLimit;
  return Math.max(limit, 0);
}

function sealFrom(blobId: string, attributes: BlobAttributes | undefined): Seal | undefined {
  if (attributes?.seal === undefined) return undefined;
  const size = Number(attributes.size);
  if (attributes.seal !== SEAL_FORMAT || !attributes.keyId || !Number.isSafeInteger(size) || size < 0 || !/^[0-9a-f]{64}$/.test(attributes.sha256 ?? '')) {
    throw new ArtifactStoreError('corrupt', `the seal of blob ${blobId} is unreadable`);
  }
  return { keyId: attributes.keyId, size, sha256: attributes.sha256! };
}

/** The source, bounded by `limit`, with its size and SHA-256 known once it has been read. */
function measured(source: BlobSource, limit: number) {
  const hash = createHash('sha256');
  let size = 0;
  let digest: string | undefined;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source instanceof Uint8Array ? [source] : source) {
      size += chunk.byteLength;
      // Leaving the loop early makes for-await call return(), which destroys a stream source.
      if (size > limit) throw ArtifactStoreError.tooLarge(limit);
      hash.update(chunk);
      yield chunk;
    }
    digest = hash.digest('hex');
  }
  return {
    chunks: chunks(),
    size: () => size,
    sha256: () => {
      if (digest === undefined) throw new Error('the blob source has not been read to its end');
      return digest;
    },
  };
}

/** Passes the plaintext through, failing at the end unless it has the size and SHA-256 of its seal. */
async function* checked(plain: AsyncIterable<Buffer>, blobId: string, seal: Seal): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const part of plain) {
    size += part.byteLength;
    hash.update(part);
    yield part;
  }
  if (size !== seal.size || hash.digest('hex') !== seal.sha256) {
    throw new ArtifactStoreError('corrupt', `blob ${blobId} does not match its recorded size and SHA-256`);
  }
}
