// The download-link secret when none is configured: generated once and kept in a file of the data
// directory (mode 0600), so links survive restarts of a single-node deployment. Several API processes
// must be given one shared secret through configuration instead.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function loadOrCreateSigningSecret(file: string): Promise<Buffer> {
  const existing = await readSecret(file);
  if (existing) return existing;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': when two processes start at once, one creates the file and both use its content.
    await writeFile(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const created = await readSecret(file);
  if (!created) throw new Error(`the artifact link secret in ${file} is empty or shorter than 32 bytes`);
  return created;
}

async function readSecret(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (text === '') return undefined; // another process has created the file and not yet written it
  const secret = Buffer.from(text, 'utf8');
  if (secret.length < 32) throw new Error(`the artifact link secret in ${file} is shorter than 32 bytes`);
  return secret;
}
