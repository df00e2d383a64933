// Signed decision links: `v1.<claims>.<signature>`, both base64url; the signature is
// HMAC-SHA256(secret, "a2a-decision-link/v1\n" + <claims>). The token only proves the server issued it
// for that task and approval; deciding still needs an authenticated approver, and the approval
// workflow keeps which links were used (single use), since only it sees every decision.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DecisionLinkClaims } from './decision-link-claims';

const DOMAIN = 'a2a-decision-link/v1';
const TOKEN = /^v1\.([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/;

/** The claims as the token carries them: short keys, expiry in Unix seconds. */
const wireClaimsSchema = z
  .object({
    l: z.string().min(1).max(100),
    a: z.string().min(1).max(200),
    t: z.string().min(1).max(200),
    r: z.string().min(1).max(100),
    e: z.number().int().positive(),
    g: z.array(z.string().max(200)).max(50),
  })
  .strict();

export type DecisionLinkCheck =
  | { ok: true; claims: DecisionLinkClaims }
  | { ok: false; reason: 'invalid' | 'expired'; claims?: DecisionLinkClaims };

export interface DecisionLinks {
  sign(claims: DecisionLinkClaims): string;
  /** Signature and expiry only: whether the link was used is the approval workflow's to say. */
  verify(token: unknown): DecisionLinkCheck;
}

export function createDecisionLinks(options: { secret: Uint8Array | string; now?: () => number }): DecisionLinks {
  const secret = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : Buffer.from(options.secret);
  if (secret.length < 32) throw new Error('the decision link secret must be at least 32 bytes');
  const now = options.now ?? Date.now;
  const mac = (encoded: string) => createHmac('sha256', secret).update(`${DOMAIN}\n${encoded}`).digest('base64url');

  return {
    sign(claims) {
      const wire = { l: claims.linkId, a: claims.agentId, t: claims.taskId, r: claims.approvalId, e: Math.ceil(claims.expiresAt / 1000), g: claims.roles };
      const encoded = Buffer.from(JSON.stringify(wire)).toString('base64url');
      return `v1.${encoded}.${mac(encoded)}`;
    },
    verify(token) {
      const match = typeof token === 'string' ? TOKEN.exec(token) : null;
      if (!match) return { ok: false, reason: 'invalid' };
      const [, encoded, signature] = match;
      const expected = Buffer.from(mac(encoded));
      if (!timingSafeEqual(Buffer.from(signature), expected)) return { ok: false, reason: 'invalid' };
      let parsed;
      try {
        parsed = wireClaimsSchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      if (!parsed.success) return { ok: false, reason: 'invalid' };
      const w = parsed.data;
      const claims: DecisionLinkClaims = { linkId: w.l, agentId: w.a, taskId: w.t, approvalId: w.r, expiresAt: w.e * 1000, roles: w.g };
      // Checked after the signature, so only an expiry the server issued is reported.
      if (claims.expiresAt <= now()) return { ok: false, reason: 'expired', claims };
      return { ok: true, claims };
    },
  };
}

/** Where a link is opened: `{PUBLIC_BASE_URL}/inbox/links/{token}`. */
export const decisionLinkUrl = (publicBaseUrl: string, token: string): string => `${publicBaseUrl}/inbox/links/${token}`;

/** The inbox page at a task (the inbox helper's contract). */
export const inboxTaskPath = (agentId: string, taskId: string): string =>
  `/inbox/#/tasks/${encodeURIComponent(agentId)}/${encodeURIComponent(taskId)}`;
