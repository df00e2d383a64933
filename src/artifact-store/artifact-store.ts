// The artifact (blob) store contract: bytes in, an opaque id out, bytes back by id, and every blob of
// one task deleted at once (retention, purges). Implementations: a directory (default), an
// S3-compatible bucket (many machines) and memory (tests).
// Ids are random, or derived from a writer's own ids for retried writes (never content hashes), so
// they are unguessable and deleting one owner's blob never removes another's; the SHA-256 is
// recorded for integrity and de-duplication above the store.
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface BlobInfo {
  blobId: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  mediaType: string;
  filename?: string;
  /** ISO 8601 time the blob was stored. */
  createdAt: string;
  /** What a decorating store recorded with the blob (the encrypting store: its seal); never content. */
  attributes?: BlobAttributes;
}

export type BlobAttributes = Record<string, string>;

export interface PutOptions {
  mediaType: string;
  filename?: string;
  /** A tighter limit for this blob than the store's own (e.g. for inline uploads). */
  maxBytes?: number;
  /**
   * Attributes to record with the blob, asked for once the source has been read whole (a decorator
   * learns them while streaming, e.g. the plaintext's size and digest).
   */
  attributes?: () => BlobAttributes;
  /**
   * Store under this id, replacing a blob already there, instead of a fresh random one: a retried
   * write (the next attempt of the same activity) then overwrites rather than orphans. Derive it
   * with `deriveBlobId` from values only the writer knows, so it stays unguessable.
   */
  blobId?: string;
  /**
   * The task the blob belongs to: the store records it in a per-task index, so `deleteTaskBlobs`
   * finds the blob without knowing its id. Blobs put without it are deleted only by id.
   */
  taskId?: string;
}

/** Bytes, or a stream of them (a Node Readable is an AsyncIterable of Buffers). */
export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;

export interface ArtifactStore {
  /** The largest blob this store accepts, in bytes. */
  readonly maxBlobBytes: number;
  put(source: BlobSource, options: PutOptions): Promise<BlobInfo>;
  /** The blob's bytes, integrity-checked against the recorded SHA-256. Throws not-found. */
  get(blobId: string): Promise<{ info: BlobInfo; bytes: Uint8Array }>;
  /** A stream of the blob's bytes, for large downloads. Throws not-found. */
  openStream(blobId: string): Promise<{ info: BlobInfo; stream: Readable }>;
  /** Metadata only; undefined when there is no such blob. */
  stat(blobId: string): Promise<BlobInfo | undefined>;
  /** True when a blob was deleted, false when there was none. Its task index entry may outlive it. */
  delete(blobId: string): Promise<boolean>;
  /**
   * Deletes every blob put with this `taskId`, then the task's index; answers the ids of the blobs
   * that were there. Idempotent (a second call answers []), so a retried sweep or purge is harmless.
   */
  deleteTaskBlobs(taskId: string): Promise<string[]>;
}

export type ArtifactStoreErrorCode = 'not-found' | 'too-large' | 'invalid-id' | 'invalid-metadata' | 'invalid-source' | 'corrupt';

export class ArtifactStoreError extends Error {
  override readonly name = 'ArtifactStoreError';

  constructor(
    readonly code: ArtifactStoreErrorCode,
    message: string,
  ) {
    super(message);
  }

  static notFound(blobId: string): ArtifactStoreError {
    return new ArtifactStoreError('not-found', `no blob with id ${blobId}`);
  }

  static tooLarge(limit: number): ArtifactStoreError {
    return new ArtifactStoreError('too-large', `the blob exceeds the size limit of ${formatBytes(limit)} (${limit} bytes)`);
  }

  static invalidId(): ArtifactStoreError {
    return new ArtifactStoreError('invalid-id', 'a blob id is 32 lower-case hexadecimal characters');
  }
}

const BLOB_ID = /^[0-9a-f]{32}$/;

/** Ids are checked before any use, so an id can never name a path outside the store. */
export function isBlobId(value: string): boolean {
  return BLOB_ID.test(value);
}

export function assertBlobId(value: string): void {
  if (!isBlobId(value)) throw ArtifactStoreError.invalidId();
}

export function newBlobId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * A blob id fixed by its parts (e.g. workflow, run and activity id), so every attempt of one write
 * names the same blob. Domain-separated and hashed: the parts cannot be read back from the id.
 */
export function deriveBlobId(parts: readonly string[]): string {
  const hash = createHash('sha256').update('a2a-temporal/blob-id');
  for (const part of parts) hash.update(`\0${part.length}:${part}`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * The name of a task's index (a directory, a key prefix): hashed, so any task id is a safe path or
 * key segment and the index does not show task ids in clear.
 */
export function taskIndexKey(taskId: string): string {
  if (taskId === '') throw new ArtifactStoreError('invalid-metadata', 'a task id is not empty');
  return createHash('sha256').update('a2a-temporal/task-index\0').update(taskId).digest('hex').slice(0, 32);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
