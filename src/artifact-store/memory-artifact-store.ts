// In-memory artifact store with the same contract and limits as the directory store, for tests and
// for single-process tools that need no persistence. Bytes are copied in and out, so callers cannot
// mutate stored blobs.
import { Readable } from 'node:stream';
import { ArtifactStoreError, assertBlobId, taskIndexKey, type ArtifactStore, type BlobInfo } from './artifact-store';
import { checkPutOptions, consumeSource, effectiveLimit, holdSource, targetBlobId, toInfo } from './blob-input';

export function createMemoryArtifactStore(options: { maxBlobBytes?: number; now?: () => Date } = {}): ArtifactStore {
  const blobs = new Map<string, { info: BlobInfo; bytes: Uint8Array }>();
  /** Task index key -> ids of the blobs put for that task (as the directory store keeps it). */
  const tasks = new Map<string, Set<string>>();
  const maxBlobBytes = options.maxBlobBytes ?? 25 * 1024 * 1024;
  const now = options.now ?? (() => new Date());
  const mustGet = (blobId: string) => {
    assertBlobId(blobId);
    const blob = blobs.get(blobId);
    if (!blob) throw ArtifactStoreError.notFound(blobId);
    return blob;
  };
  return {
    maxBlobBytes,
    async put(source, putOptions) {
      holdSource(source);
      const meta = checkPutOptions(putOptions);
      const blobId = targetBlobId(putOptions);
      const chunks: Uint8Array[] = [];
      const read = await consumeSource(source, effectiveLimit(maxBlobBytes, putOptions), (chunk) => {
        chunks.push(new Uint8Array(chunk));
      });
      const info = toInfo(blobId, read, meta, now());
      if (putOptions.taskId !== undefined) {
        const key = taskIndexKey(putOptions.taskId);
        tasks.set(key, (tasks.get(key) ?? new Set()).add(blobId));
      }
      blobs.set(info.blobId, { info, bytes: new Uint8Array(Buffer.concat(chunks)) });
      return { ...info };
    },
    async get(blobId) {
      const blob = mustGet(blobId);
      return { info: { ...blob.info }, bytes: blob.bytes.slice() };
    },
    async openStream(blobId) {
      const blob = mustGet(blobId);
      return { info: { ...blob.info }, stream: Readable.from([Buffer.from(blob.bytes)]) };
    },
    async stat(blobId) {
      assertBlobId(blobId);
      const blob = blobs.get(blobId);
      return blob && { ...blob.info };
    },
    async delete(blobId) {
      assertBlobId(blobId);
      return blobs.delete(blobId);
    },
    async deleteTaskBlobs(taskId) {
      const key = taskIndexKey(taskId);
      const ids = [...(tasks.get(key) ?? [])];
      tasks.delete(key);
      return ids.filter((id) => blobs.delete(id));
    },
  };
}
