// The view of anyone who can read the disk: every byte of every file under a directory.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function rawBytesUnder(dir: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(join(entry.parentPath, entry.name)));
  }
  return Buffer.concat(parts);
}
