// Artifact store on a local directory. Layout: blobs/<first two id chars>/<id>.bin plus <id>.json
// (metadata), tasks/<task index key>/<id> (empty: the per-task index), tmp/ for writes in progress.
// A put writes and fsyncs a temp file, records the blob in its task's index, then renames data and
// finally metadata into place: the metadata rename is the commit point, so a crash never leaves a
// half-written blob visible, nor a task's blob missing from its index (at worst an orphaned temp or
// data file nobody can address, or an index entry of a blob that never landed, which deletes as none).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat as statFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactStoreError, assertBlobId, isBlobId, taskIndexKey, type ArtifactStore, type BlobInfo } from './artifact-store';
import { blobInfoSchema, checkPutOptions, consumeSource, effectiveLimit, holdSource, targetBlobId, toInfo } from './blob-input';
import { sha256Hex } from './hash';

export interface DirectoryArtifactStoreOptions {
  directory: string;
  /** Default 25 MiB. */
  maxBlobBytes?: number;
  /** Temp files older than this are leftovers of a crashed writer and are removed at open. */
  staleTempMs?: number;
  now?: () => Date;
}

export async function createDirectoryArtifactStore(options: DirectoryArtifactStoreOptions): Promise<ArtifactStore> {
  const blobsDir = join(options.directory, 'blobs');
  const tmpDir = join(options.directory, 'tmp');
  const tasksDir = join(options.directory, 'tasks');
  await mkdir(blobsDir, { recursive: true, mode: 0o700 });
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  await removeStaleTemps(tmpDir, options.staleTempMs ?? 60 * 60_000);
  const maxBlobBytes = options.maxBlobBytes ?? 25 * 1024 * 1024;
  const now = options.now ?? (() => new Date());
  // Only ever called with a validated id, so the path stays inside blobsDir.
  const paths = (blobId: string) => {
    const shard = join(blobsDir, blobId.slice(0, 2));
    return { shard, data: join(shard, `${blobId}.bin`), meta: join(shard, `${blobId}.json`) };
  };

  const stat = async (blobId: string): Promise<BlobInfo | undefined> => {
    assertBlobId(blobId);
    let raw: string;
    try {
      raw = await readFile(paths(blobId).meta, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const parsed = blobInfoSchema.safeParse(safeJson(raw));
    if (!parsed.success || parsed.data.blobId !== blobId) {
      throw new ArtifactStoreError('corrupt', `the metadata of blob ${blobId} is unreadable`);
    }
    return parsed.data;
  };

  const mustStat = async (blobId: string): Promise<BlobInfo> => {
    const info = await stat(blobId);
    if (!info) throw ArtifactStoreError.notFound(blobId);
    return info;
  };

  const remove = async (blobId: string): Promise<boolean> => {
    const info = await stat(blobId);
    if (!info) return false;
    // Metadata first: the blob disappears atomically, then its bytes are reclaimed.
    await rm(paths(blobId).meta, { force: true });
    await rm(paths(blobId).data, { force: true });
    return true;
  };

  return {
    maxBlobBytes,

    async put(source, putOptions) {
      holdSource(source);
      const meta = checkPutOptions(putOptions);
      const limit = effectiveLimit(maxBlobBytes, putOptions);
      const blobId = targetBlobId(putOptions);
      const target = paths(blobId);
      // Temp names are unique per put: two attempts writing one given id never share a temp file.
      const temp = join(tmpDir, `${blobId}.${randomBytes(6).toString('hex')}`);
      const tempData = `${temp}.bin.part`;
      const file = await open(tempData, 'wx', 0o600);
      let read;
      try {
        read = await consumeSource(source, limit, (chunk) => file.writeFile(chunk));
        await file.sync();
      } catch (error) {
        await file.close().catch(() => undefined);
        await rm(tempData, { force: true });
        throw error;
      }
      await file.close();
      const info = toInfo(blobId, read, meta, now());
      if (putOptions.taskId !== undefined) {
        const taskDir = join(tasksDir, taskIndexKey(putOptions.taskId));
        await mkdir(taskDir, { recursive: true, mode: 0o700 });
        await writeFile(join(taskDir, blobId), '', { mode: 0o600 });
      }
      await mkdir(target.shard, { recursive: true, mode: 0o700 });
      // Replacing a blob (a retried write): its metadata goes first, so no reader ever pairs the old
      // metadata with the new bytes; until the new metadata lands the blob is simply absent.
      if (putOptions.blobId !== undefined) await rm(target.meta, { force: true });
      await rename(tempData, target.data);
      await writeDurably(`${temp}.json.part`, JSON.stringify(info));
      await rename(`${temp}.json.part`, target.meta);
      return info;
    },

    async get(blobId) {
      const info = await mustStat(blobId);
      const bytes = new Uint8Array(await readFile(paths(blobId).data).catch(notFoundAs(blobId)));
      if (bytes.byteLength !== info.size || sha256Hex(bytes) !== info.sha256) {
        throw new ArtifactStoreError('corrupt', `blob ${blobId} does not match its recorded size and SHA-256`);
      }
      return { info, bytes };
    },

    async openStream(blobId) {
      const info = await mustStat(blobId);
      await statFile(paths(blobId).data).catch(notFoundAs(blobId));
      return { info, stream: createReadStream(paths(blobId).data) };
    },

    stat,

    delete: remove,

    async deleteTaskBlobs(taskId) {
      const taskDir = join(tasksDir, taskIndexKey(taskId));
      const names = await readdir(taskDir).catch((error: unknown) => {
        if (isNotFound(error)) return [];
        throw error;
      });
      const deleted: string[] = [];
      for (const name of names) {
        // Each entry goes after its blob: a crash in between leaves an entry to retry, never a blob unindexed.
        if (isBlobId(name) && (await remove(name))) deleted.push(name);
        await rm(join(taskDir, name), { force: true });
      }
      await rm(taskDir, { recursive: true, force: true });
      return deleted;
    },
  };
}

async function writeDurably(path: string, content: string): Promise<void> {
  const file = await open(path, 'wx', 0o600);
  try {
    await file.writeFile(content, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}

async function removeStaleTemps(tmpDir: string, olderThanMs: number): Promise<void> {
  const cutoff = Date.now() - olderThanMs;
  for (const name of await readdir(tmpDir)) {
    const path = join(tmpDir, name);
    const info = await statFile(path).catch(() => undefined);
    if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
  }
}

function notFoundAs(blobId: string) {
  return (error: unknown): never => {
    throw isNotFound(error) ? ArtifactStoreError.notFound(blobId) : error;
  };
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
