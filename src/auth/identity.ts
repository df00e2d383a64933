// Who a verified credential stands for, and how JWT claims map onto it. A token without a tenant is
// refused unless a default tenant is configured: every task belongs to a tenant, never to "none".
import type { JWTPayload } from 'jose';

export interface Identity {
  tenant: string;
  subject: string;
  scopes: string[];
  roles: string[];
  /** Which credential proved it: a bearer JWT or an API key (with the key's id, never the key). */
  via: { kind: 'jwt'; issuer?: string } | { kind: 'api-key'; keyId: string };
}

export interface ClaimNames {
  /** Claim holding the tenant; default `tenant`. */
  tenant: string;
  /** Claim holding roles (array or space-separated string); default `roles`. */
  roles: string;
  /** Tenant of tokens that carry none; unset refuses such tokens. */
  defaultTenant?: string;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = { tenant: 'tenant', roles: 'roles' };

/** Why a credential was refused; the message is safe to show to the caller. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  constructor(
    readonly reason: 'invalid' | 'expired' | 'claims' | 'unknown-key' | 'keys-unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** Tenants and subjects end up in logs and task ids: printable, bounded. */
const isIdentityValue = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 200 && ![...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

function words(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

/** `scope` (RFC 8693: space-separated) and `scp` (string or array), merged. */
export function scopesOf(payload: JWTPayload): string[] {
  return [...new Set([...words(payload.scope), ...words(payload.scp)])];
}

export function identityFromClaims(payload: JWTPayload, names: ClaimNames = DEFAULT_CLAIM_NAMES): Identity {
  const subject = payload.sub;
  if (!isIdentityValue(subject)) throw new CredentialError('claims', 'The token has no usable "sub" claim');
  const rawTenant = payload[names.tenant] ?? names.defaultTenant;
  if (!isIdentityValue(rawTenant)) {
    throw new CredentialError('claims', `The token has no usable "${names.tenant}" claim`);
  }
  return {
    tenant: rawTenant,
    subject,
    scopes: scopesOf(payload),
    roles: [...new Set(words(payload[names.roles]))],
    via: { kind: 'jwt', ...(payload.iss ? { issuer: payload.iss } : {}) },
  };
}
