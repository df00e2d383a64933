// API keys for service accounts. A key is `a2a_` + 32 random bytes (base64url); the server keeps only
// its SHA-256 (a random 256-bit key needs no slow hash) with the tenant, subject, scopes and roles it
// stands for. A presented key is hashed and looked up; revoking a key is removing its entry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CredentialError, type Identity } from './identity';

export const API_KEY_PREFIX = 'a2a_';
const API_KEY_SHAPE = /^a2a_[A-Za-z0-9_-]{43}$/;

const nonEmpty = z.string().min(1).max(200);

export const apiKeyEntrySchema = z
  .object({
    /** Names the key in audit records and logs; never the key itself. */
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 letters, digits or . _ : -'),
    /** Hex SHA-256 of the whole key string. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the key'),
    tenant: nonEmpty,
    subject: nonEmpty,
    scopes: z.array(nonEmpty).default([]),
    roles: z.array(nonEmpty).default([]),
    /** ISO 8601; the key is refused from then on. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** `{ "keys": [...] }`; strict, so a plaintext `key` field is an error rather than silently kept. */
export const apiKeysFileSchema = z.object({ keys: z.array(apiKeyEntrySchema) }).strict();

export type ApiKeyEntry = z.infer<typeof apiKeyEntrySchema>;

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new key and the entry to register for it; the key is shown once and never stored. */
export function mintApiKey(grant: Omit<ApiKeyEntry, 'sha256' | 'scopes' | 'roles'> & { scopes?: string[]; roles?: string[] }): {
  key: string;
  entry: ApiKeyEntry;
} {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, entry: apiKeyEntrySchema.parse({ ...grant, sha256: hashApiKey(key) }) };
}

export function parseApiKeys(json: string, source: string): ApiKeyEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source}: not valid JSON`);
  }
  const parsed = apiKeysFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const ids = new Set<string>();
  for (const entry of parsed.data.keys) {
    if (ids.has(entry.id)) throw new Error(`${source}: duplicate key id ${entry.id}`);
    ids.add(entry.id);
  }
  return parsed.data.keys;
}

export type ApiKeyVerifier = (key: string) => Identity;

export function createApiKeyVerifier(entries: readonly ApiKeyEntry[], now: () => Date = () => new Date()): ApiKeyVerifier {
  const byDigest = new Map(entries.map((entry) => [entry.sha256, entry]));
  return (key) => {
    if (!API_KEY_SHAPE.test(key)) throw new CredentialError('invalid', 'The API key is not valid');
    const digest = hashApiKey(key);
    const entry = byDigest.get(digest);
    if (!entry || !timingSafeEqual(Buffer.from(entry.sha256, 'hex'), Buffer.from(digest, 'hex'))) {
      throw new CredentialError('invalid', 'The API key is not valid');
    }
    if (entry.expiresAt && Date.parse(entry.expiresAt) <= now().getTime()) throw new CredentialError('expired', 'The API key has expired');
    return {
      tenant: entry.tenant,
      subject: entry.subject,
      scopes: [...entry.scopes],
      roles: [...entry.roles],
      via: { kind: 'api-key', keyId: entry.id },
    };
  };
}
