// Signed, expiring download links for stored parts. A link names agent, task and blob and carries
// `expires` (Unix seconds) and `sig` = base64url(HMAC-SHA256(secret, "a2a-artifact/v1\n" + agent +
// "\n" + task + "\n" + blob + "\n" + expires)). The signature only proves the server issued the link;
// the download route still checks that the caller may see the task.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StoredPartRenderer } from '../protocol/operations';

export interface BlobRef {
  agentId: string;
  taskId: string;
  blobId: string;
}

export interface DownloadLinksOptions {
  /** At least 32 bytes of secret; every API process that serves downloads must share it. */
  secret: Uint8Array | string;
  /** How long a link stays valid. Default 1 hour. */
  ttlSeconds?: number;
  now?: () => number;
}

export type LinkCheck = { ok: true } | { ok: false; reason: 'invalid' | 'expired'; expiresAt?: Date };

export interface DownloadLinks {
  readonly ttlSeconds: number;
  /** The path (no origin) and query of a fresh link for `ref`. */
  pathFor(ref: BlobRef): string;
  check(ref: BlobRef, expires: unknown, sig: unknown): LinkCheck;
}

const DOMAIN = 'a2a-artifact/v1';
// Expiry is rounded up to this step, so a task rendered twice within it shows the same links.
const EXPIRY_STEP_SECONDS = 60;
const EXPIRES = /^[1-9][0-9]{0,11}$/; // canonical: no leading zeros

export const artifactPath = (ref: BlobRef): string =>
  `/agents/${encodeURIComponent(ref.agentId)}/tasks/${encodeURIComponent(ref.taskId)}/artifacts/${encodeURIComponent(ref.blobId)}`;

export function createDownloadLinks(options: DownloadLinksOptions): DownloadLinks {
  const secret = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : Buffer.from(options.secret);
  if (secret.length < 32) throw new Error('the artifact link secret must be at least 32 bytes');
  const ttlSeconds = options.ttlSeconds ?? 3600;
  const now = options.now ?? Date.now;
  const sign = (ref: BlobRef, expires: number): Buffer =>
    createHmac('sha256', secret).update([DOMAIN, ref.agentId, ref.taskId, ref.blobId, String(expires)].join('\n')).digest();

  return {
    ttlSeconds,
    pathFor(ref) {
      const expires = Math.ceil((now() / 1000 + ttlSeconds) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
      return `${artifactPath(ref)}?expires=${expires}&sig=${sign(ref, expires).toString('base64url')}`;
    },
    check(ref, expires, sig) {
      if (typeof expires !== 'string' || typeof sig !== 'string' || !EXPIRES.test(expires)) return { ok: false, reason: 'invalid' };
      // Compared as the canonical text, so no other spelling of the same bytes is accepted.
      const expected = Buffer.from(sign(ref, Number(expires)).toString('base64url'));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
      // Checked after the signature, so the expiry a client is told about is one the server issued.
      if (Number(expires) * 1000 <= now()) return { ok: false, reason: 'expired', expiresAt: new Date(Number(expires) * 1000) };
      return { ok: true };
    },
  };
}

/**
 * Renders stored parts as signed links. A part outside any task (a direct message reply) has no task
 * to authorize a download against: it gets the unsigned path, which the route refuses.
 */
export function signedStoredPartRenderer(links: DownloadLinks): StoredPartRenderer {
  return (part, { agentId, publicBaseUrl, taskId }) => ({
    kind: 'url',
    url:
      taskId === undefined
        ? `${publicBaseUrl}/agents/${encodeURIComponent(agentId)}/artifacts/${encodeURIComponent(part.blobId)}`
        : `${publicBaseUrl}${links.pathFor({ agentId, taskId, blobId: part.blobId })}`,
    ...(part.mediaType !== undefined ? { mediaType: part.mediaType } : {}),
    ...(part.filename !== undefined ? { filename: part.filename } : {}),
    ...(part.metadata !== undefined ? { metadata: part.metadata } : {}),
  });
}
