// Payload encryption keys as configuration gives them: `PAYLOAD_ENCRYPTION_KEYS` is a comma-separated
// list of `<keyId>:<base64 of 32 bytes>` (the first is active unless PAYLOAD_ENCRYPTION_ACTIVE_KEY
// names another); development keeps a generated key in a JSON file of the data directory.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KEY_ID_PATTERN, type CodecKey } from './encryption-codec';

function decodeKey(id: string, encoded: string, where: string): Uint8Array {
  // Node's base64 decoder takes the standard and the URL-safe alphabet alike.
  const bytes = Buffer.from(encoded.trim(), 'base64');
  if (bytes.byteLength !== 32) throw new Error(`${where}: key ${id} must be 32 bytes in base64 (got ${bytes.byteLength})`);
  return new Uint8Array(bytes);
}

export function parseCodecKeys(spec: string, where = 'PAYLOAD_ENCRYPTION_KEYS'): CodecKey[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      // Key ids may contain ':'; the key (base64) never does, so split at the last one.
      const last = entry.lastIndexOf(':');
      if (colon <= 0 || last === entry.length - 1) throw new Error(`${where}: expected <keyId>:<base64 key>, got an entry without both`);
      const id = entry.slice(0, last);
      if (!KEY_ID_PATTERN.test(id)) throw new Error(`${where}: key id "${id}" must be 1-64 letters, digits or . _ : -`);
      return { id, key: decodeKey(id, entry.slice(last + 1), where) };
    });
}

export const codecKeyFileSchema = z.object({
  activeKeyId: z.string(),
  keys: z.array(z.object({ id: z.string().regex(KEY_ID_PATTERN), key: z.string() })).min(1),
});

export type CodecKeyFile = z.infer<typeof codecKeyFileSchema>;

export function newCodecKeyFile(now = new Date()): CodecKeyFile {
  const id = `dev-${now.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  return { activeKeyId: id, keys: [{ id, key: randomBytes(32).toString('base64') }] };
}

export function keysFromFile(json: string, where: string): { keys: CodecKey[]; activeKeyId: string } {
  const parsed = codecKeyFileSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { activeKeyId: parsed.data.activeKeyId, keys: parsed.data.keys.map((k) => ({ id: k.id, key: decodeKey(k.id, k.key, where) })) };
}

/** A new key in the form PAYLOAD_ENCRYPTION_KEYS takes, for operators rotating keys. */
export function newCodecKeySpec(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
