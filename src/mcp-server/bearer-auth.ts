// Bearer tokens of the HTTP transport and the principal each stands for. A token carries a
// server-side tool allowlist, so a leaked low-privilege token cannot reach other tools. Tokens are
// compared in constant time over their SHA-256, and never logged (principals have names).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { parseToolAllowlist, type ToolAllowlist } from './tool-names';

export interface TokenGrant {
  /** Principal name used in logs and audit lines. */
  name: string;
  token: string;
  allowedTools: ToolAllowlist;
}

export interface Principal {
  name: string;
  allowedTools: ToolAllowlist;
}

export const MIN_TOKEN_LENGTH = 16;

/**
 * "[name=]token[:tool,tool|*]" entries separated by ';' — e.g.
 * "worker=3f9c…:*;viewer=8a1d…:fingerprint_document,classify_document". No tools means all tools; no
 * name means a name derived from the token's hash.
 */
export function parseTokenGrants(spec: string): TokenGrant[] {
  return spec
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const colon = entry.indexOf(':');
      const credential = colon < 0 ? entry : entry.slice(0, colon);
      const tools = colon < 0 ? '*' : entry.slice(colon + 1);
      const equals = credential.indexOf('=');
      const token = equals < 0 ? credential : credential.slice(equals + 1);
      const name = equals < 0 ? `token-${sha256(token).toString('hex').slice(0, 8)}` : credential.slice(0, equals);
      if (token.length < MIN_TOKEN_LENGTH) throw new Error(`token of "${name}" is shorter than ${MIN_TOKEN_LENGTH} characters`);
      if (!/^[A-Za-z0-9._~+/-]+=*$/.test(token)) throw new Error(`token of "${name}" has characters a bearer token cannot carry`);
      return { name, token, allowedTools: parseToolAllowlist(tools) };
    });
}

export type AuthResult = { ok: true; principal: Principal; authInfo: AuthInfo } | { ok: false; error: 'missing' | 'invalid' };

export function createBearerAuthenticator(grants: readonly TokenGrant[]): (authorization: string | undefined) => AuthResult {
  const hashed = grants.map((grant) => ({ grant, digest: sha256(grant.token) }));
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return { ok: false, error: 'missing' };
    const digest = sha256(match[1]!);
    // Compare against every grant, without stopping early, so timing does not reveal which matched.
    let found: TokenGrant | undefined;
    for (const entry of hashed) if (timingSafeEqual(entry.digest, digest)) found = entry.grant;
    if (!found) return { ok: false, error: 'invalid' };
    return {
      ok: true,
      principal: { name: found.name, allowedTools: found.allowedTools },
      authInfo: { token: match[1]!, clientId: found.name, scopes: found.allowedTools === '*' ? ['*'] : [...found.allowedTools] },
    };
  };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
