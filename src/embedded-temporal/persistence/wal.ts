// Record framing shared by the write-ahead log and snapshots: [u32 length][u32 crc32][v8 payload].
// A reader stops at the first short or corrupt record, which is how a write torn by kill -9 (or
// power loss) is detected; everything before it is intact.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { crc32 } from 'node:zlib';

export function frameRecord(record: unknown): Buffer {
  const payload = v8.serialize(record);
  const header = Buffer.allocUnsafe(8);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

export interface ReadResult<T> {
  records: T[];
  /** Bytes of intact records; anything after is a torn tail to cut off. */
  validBytes: number;
  totalBytes: number;
}

/** Reads every intact record of a file; a missing file reads as empty. */
export function readRecords<T>(file: string): ReadResult<T> {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0, totalBytes: 0 };
    throw err;
  }
  const records: T[] = [];
  let pos = 0;
  while (pos + 8 <= data.length) {
    const length = data.readUInt32LE(pos);
    const crc = data.readUInt32LE(pos + 4);
    if (pos + 8 + length > data.length) break;
    const payload = data.subarray(pos + 8, pos + 8 + length);
    if (crc32(payload) !== crc) break;
    try {
      records.push(v8.deserialize(payload) as T);
    } catch {
      break;
    }
    pos += 8 + length;
  }
  return { records, validBytes: pos, totalBytes: data.length };
}

/** Writes a whole file atomically: temp file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(file: string, chunks: Iterable<Buffer>): number {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let bytes = 0;
  try {
    for (const chunk of chunks) {
      fs.writeSync(fd, chunk);
      bytes += chunk.length;
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDir(file);
  return bytes;
}

export function syncDir(file: string): void {
  try {
    const fd = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}

export async function syncDirAsync(file: string): Promise<void> {
  try {
    const handle = await fs.promises.open(path.dirname(file), 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // As in syncDir.
  }
}

export async function unlinkQuietly(file: string): Promise<void> {
  await fs.promises.unlink(file).catch(() => undefined);
}
