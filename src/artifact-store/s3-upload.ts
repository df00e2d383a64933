// Streams a blob source into one S3 object without holding it whole: a source that fits in one part
// goes up as a single PutObject of known length; a larger one as a multipart upload, one part in
// memory at a time (S3 wants parts of at least 5 MiB but the last). A failed upload is aborted, so
// an oversized or broken source leaves no object and no unfinished upload behind.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BlobSource } from './artifact-store';
import { consumeSource } from './blob-input';

/** S3's smallest part but the last; also the most a put holds in memory. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface S3UploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  /** Bytes per part; MIN_PART_BYTES unless a test wants several parts from a small blob. */
  partBytes: number;
}

export async function uploadSource(target: S3UploadTarget, source: BlobSource, limit: number): Promise<{ size: number; sha256: string }> {
  const { client, bucket, key } = target;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let uploadId: string | undefined;
  const parts: CompletedPart[] = [];

  const sendPart = async (): Promise<void> => {
    uploadId ??= (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'application/octet-stream' }))).UploadId;
    const body = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    const PartNumber = parts.length + 1;
    const { ETag } = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: body, ContentLength: body.byteLength }));
    parts.push({ PartNumber, ETag });
  };

  try {
    const read = await consumeSource(source, limit, async (chunk) => {
      // A copy: the caller may reuse its buffer once the store has returned from this chunk.
      pending.push(Buffer.from(chunk));
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= target.partBytes) await sendPart();
    });
    if (uploadId === undefined) {
      const body = Buffer.concat(pending);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.byteLength, ContentType: 'application/octet-stream' }));
    } else {
      if (pendingBytes > 0) await sendPart();
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    }
    return read;
  } catch (error) {
    if (uploadId !== undefined) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    }
    throw error;
  }
}
