// Shared input handling of every store: metadata validation and a size-limited, hashing read of the
// source. The limit is enforced while reading, so an oversized stream is never held in full.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ArtifactStoreError, assertBlobId, newBlobId, type BlobInfo, type BlobSource, type PutOptions } from './artifact-store';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(?:\s*;\s*[a-z0-9-]+=[^;\s]{1,100}){0,4}$/i;

export const blobInfoSchema = z.object({
  blobId: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string().regex(MEDIA_TYPE),
  filename: z.string().max(255).optional(),
  createdAt: z.string(),
  attributes: z.record(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), z.string().max(256)).optional(),
});

type Labels = { mediaType: string; filename?: string };

/** Validated metadata for a new blob: a well-formed media type, a file name without any path. */
export function checkPutOptions(options: PutOptions): Labels & Pick<PutOptions, 'attributes'> {
  const attributes = options.attributes ? { attributes: options.attributes } : {};
  return { ...checkLabels(options), ...attributes };
}

function checkLabels(options: PutOptions): Labels {
  if (!MEDIA_TYPE.test(options.mediaType)) {
    throw new ArtifactStoreError('invalid-metadata', `"${options.mediaType.slice(0, 60)}" is not a media type (type/subtype)`);
  }
  if (options.filename === undefined) return { mediaType: options.mediaType };
  // Keep only the last path segment and printable characters; the name is a label, never a path.
  const filename = [...basename(options.filename.replace(/\\/g, '/'))]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .slice(0, 255);
  return filename === '' || filename === '.' || filename === '..' ? { mediaType: options.mediaType } : { mediaType: options.mediaType, filename };
}

/** The id a put writes to: the caller's (checked, so it never names a path outside the store) or a new one. */
export function targetBlobId(options: PutOptions): string {
  if (options.blobId === undefined) return newBlobId();
  assertBlobId(options.blobId);
  return options.blobId;
}

export function effectiveLimit(storeLimit: number, options: PutOptions): number {
  return Math.min(storeLimit, options.maxBytes ?? Number.POSITIVE_INFINITY);
}

/**
 * Takes hold of a stream source; call it before a put's first await. A Node stream that something
 * already listens to ('data') would otherwise flow while the store opens its file, and the chunks
 * passing then would be missing from the blob. A stream already read from is refused: its start is gone.
 */
export function holdSource(source: BlobSource): void {
  if (!(source instanceof Readable)) return;
  if (source.readableDidRead) {
    throw new ArtifactStoreError('invalid-source', 'the stream was read from before it was stored, so its beginning would be missing');
  }
  source.pause();
}

/** Reads the source chunk by chunk, handing each to `sink`, failing as soon as `limit` is passed. */
export async function consumeSource(
  source: BlobSource,
  limit: number,
  sink: (chunk: Uint8Array) => Promise<void> | void,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = source instanceof Uint8Array ? [source] : source;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    // Leaving the loop early makes for-await call return(), which destroys a stream source.
    if (size > limit) throw ArtifactStoreError.tooLarge(limit);
    hash.update(chunk);
    await sink(chunk);
  }
  return { size, sha256: hash.digest('hex') };
}

/** The info of a blob whose source has been read; the deferred attributes are asked for now. */
export function toInfo(blobId: string, read: { size: number; sha256: string }, meta: ReturnType<typeof checkPutOptions>, now: Date): BlobInfo {
  const { attributes, ...labels } = meta;
  const recorded = attributes?.();
  return { blobId, size: read.size, sha256: read.sha256, ...labels, createdAt: now.toISOString(), ...(recorded ? { attributes: { ...recorded } } : {}) };
}
