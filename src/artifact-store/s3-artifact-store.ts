// Artifact store on an S3-compatible bucket, so every API and worker machine reads the blobs any of
// them wrote. Layout under the prefix: blobs/<id>.json (metadata, the commit point) naming its bytes
// blobs/<id>.<version>.bin. Bytes go up first, metadata last, so a reader never sees a half-written
// blob; a replacing put writes a new version and then switches the metadata to it, so readers always
// get a matching pair (never old metadata with new bytes), even while two attempts of one write race.
// A writer that dies between the two leaves bytes nobody can address, as the directory store does.
// tasks/<task index key>/<id> (empty, written before the metadata) is the per-task index that
// deleteTaskBlobs pages through, so a task's blobs go without knowing their ids.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { ArtifactStoreError, assertBlobId, isBlobId, newBlobId, taskIndexKey, type ArtifactStore, type BlobInfo } from './artifact-store';
import { blobInfoSchema, checkPutOptions, effectiveLimit, holdSource, targetBlobId, toInfo } from './blob-input';
import { sha256Hex } from './hash';
import { MIN_PART_BYTES, uploadSource } from './s3-upload';

export interface S3ArtifactStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix of every object ('' or ending in '/'). */
  prefix: string;
  /** Default 25 MiB. */
  maxBlobBytes?: number;
  /** Multipart part size; default (and S3's minimum) 5 MiB, the most one put holds in memory. */
  partBytes?: number;
  now?: () => Date;
}

const storedSchema = blobInfoSchema.extend({ version: z.string().regex(/^[0-9a-f]{12}$/) });
type Stored = z.infer<typeof storedSchema>;

/** Opens the store after one read under the prefix, so a missing bucket or bad credentials fail here. */
export async function createS3ArtifactStore(options: S3ArtifactStoreOptions): Promise<ArtifactStore> {
  const { client, bucket, prefix } = options;
  const maxBlobBytes = options.maxBlobBytes ?? 25 * 1024 * 1024;
  const partBytes = options.partBytes ?? MIN_PART_BYTES;
  const now = options.now ?? (() => new Date());
  const metaKey = (blobId: string) => `${prefix}blobs/${blobId}.json`;
  const taskPrefix = (taskId: string) => `${prefix}tasks/${taskIndexKey(taskId)}/`;
  const dataKey = (stored: Pick<Stored, 'blobId' | 'version'>) => `${prefix}blobs/${stored.blobId}.${stored.version}.bin`;

  /** The object's body, or undefined when there is no such key. */
  const getObject = async (key: string) => {
    try {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Body;
    } catch (error) {
      if (isNoSuchKey(error)) return undefined;
      throw error;
    }
  };

  const readStored = async (blobId: string): Promise<Stored | undefined> => {
    assertBlobId(blobId);
    const body = await getObject(metaKey(blobId));
    if (!body) return undefined;
    const parsed = storedSchema.safeParse(safeJson(await body.transformToString()));
    if (!parsed.success || parsed.data.blobId !== blobId) {
      throw new ArtifactStoreError('corrupt', `the metadata of blob ${blobId} is unreadable`);
    }
    return parsed.data;
  };

  /**
   * The blob's metadata and a readable body of its bytes. Bytes gone under metadata that then changed
   * is a replacing put that finished in between: read once more, from the new version.
   */
  const openBlob = async (blobId: string) => {
    for (let attempt = 0; ; attempt++) {
      const stored = await readStored(blobId);
      if (!stored) throw ArtifactStoreError.notFound(blobId);
      const body = await getObject(dataKey(stored));
      if (body) return { stored, body };
      const current = await readStored(blobId);
      if (attempt > 0 || current?.version === stored.version) throw ArtifactStoreError.notFound(blobId);
    }
  };

  const infoOf = ({ version: _version, ...info }: Stored): BlobInfo => info;
  const deleteKey = (key: string) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

  const remove = async (blobId: string): Promise<boolean> => {
    const stored = await readStored(blobId);
    if (!stored) return false;
    // Metadata first: the blob disappears at once, then its bytes are reclaimed.
    await deleteKey(metaKey(blobId));
    await deleteKey(dataKey(stored));
    return true;
  };

  // A random id nobody stored: NoSuchKey proves the bucket exists and the credentials may read it.
  await getObject(metaKey(newBlobId()));

  return {
    maxBlobBytes,

    async put(source, putOptions) {
      holdSource(source);
      const meta = checkPutOptions(putOptions);
      const blobId = targetBlobId(putOptions);
      const version = randomBytes(6).toString('hex');
      const read = await uploadSource({ client, bucket, key: dataKey({ blobId, version }), partBytes }, source, effectiveLimit(maxBlobBytes, putOptions));
      const info = toInfo(blobId, read, meta, now());
      if (putOptions.taskId !== undefined) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${taskPrefix(putOptions.taskId)}${blobId}`, Body: '' }));
      }
      const previous = putOptions.blobId === undefined ? undefined : await readStored(blobId).catch(() => undefined);
      const body = JSON.stringify({ ...info, version } satisfies Stored);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: metaKey(blobId), Body: body, ContentType: 'application/json' }));
      // The replaced version is unreachable now; failing to reclaim it only leaves garbage.
      if (previous) await deleteKey(dataKey(previous)).catch(() => undefined);
      return info;
    },

    async get(blobId) {
      const { stored, body } = await openBlob(blobId);
      const bytes = await body.transformToByteArray();
      if (bytes.byteLength !== stored.size || sha256Hex(bytes) !== stored.sha256) {
        throw new ArtifactStoreError('corrupt', `blob ${blobId} does not match its recorded size and SHA-256`);
      }
      return { info: infoOf(stored), bytes };
    },

    async openStream(blobId) {
      const { stored, body } = await openBlob(blobId);
      // In Node the SDK's body is an http.IncomingMessage: a Readable that streams from the socket.
      const stream = body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>);
      return { info: infoOf(stored), stream };
    },

    async stat(blobId) {
      const stored = await readStored(blobId);
      return stored && infoOf(stored);
    },

    delete: remove,

    async deleteTaskBlobs(taskId) {
      const index = taskPrefix(taskId);
      const deleted: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: index, ContinuationToken: continuationToken }));
        for (const { Key } of page.Contents ?? []) {
          if (!Key) continue;
          const blobId = Key.slice(index.length);
          // Each entry goes after its blob: a crash in between leaves an entry to retry, never a blob unindexed.
          if (isBlobId(blobId) && (await remove(blobId))) deleted.push(blobId);
          await deleteKey(Key);
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
      return deleted;
    },
  };
}

function isNoSuchKey(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'NoSuchKey';
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
