// Mints HS256 bearer tokens with the claims this server reads: for development tokens, the
// `auth` CLI and tests. Production tokens normally come from an identity provider instead.
import { SignJWT } from 'jose';

export interface TokenClaims {
  subject: string;
  tenant: string;
  scopes?: readonly string[];
  roles?: readonly string[];
}

export interface MintOptions {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  /** Lifetime in seconds. */
  ttlSeconds: number;
  now?: Date;
  /** Claim names, when configured differently from `tenant` and `roles`. */
  tenantClaim?: string;
  rolesClaim?: string;
}

export async function mintHs256Token(claims: TokenClaims, options: MintOptions): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    [options.tenantClaim ?? 'tenant']: claims.tenant,
    ...(claims.scopes?.length ? { scope: claims.scopes.join(' ') } : {}),
    ...(claims.roles?.length ? { [options.rolesClaim ?? 'roles']: [...claims.roles] } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .sign(options.secret);
}
