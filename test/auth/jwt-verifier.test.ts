// Bearer JWT verification: HS256 with a shared secret, RS256/ES256 from a JWKS (inline, file, URL with
// caching), and every check (issuer, audience, expiry, not-before with clock skew, algorithm pinning,
// required claims) plus the mapping of claims onto an identity.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { CredentialError } from '../../src/auth/identity';
import { createJwtVerifier, type JwtSettings } from '../../src/auth/jwt-verifier';
import { mintHs256Token } from '../../src/auth/mint-token';

const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef-test-secret');
const NOW = new Date('2030-01-01T12:00:00Z');
const base: JwtSettings = { secret, issuer: 'https://issuer.test', audience: 'a2a-test', now: () => NOW };
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

async function sign(claims: JWTPayload, key: Uint8Array | CryptoKey = secret, header: { alg: string; kid?: string } = { alg: 'HS256' }) {
  return new SignJWT({ iss: 'https://issuer.test', aud: 'a2a-test', sub: 'alice', tenant: 't1', iat: epoch(NOW), exp: epoch(NOW) + 600, ...claims })
    .setProtectedHeader(header)
    .sign(key);
}

async function refusal(promise: Promise<unknown>): Promise<CredentialError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CredentialError);
  return err as CredentialError;
}

describe('HS256 tokens', () => {
  const verify = createJwtVerifier(base);

  it('maps sub, tenant, scope (space-separated) and scp, and roles onto the identity', async () => {
    const identity = await verify(await sign({ scope: 'a2a:agents:echo read', scp: ['a2a:agents:*'], roles: ['approver'] }));
    expect(identity).toEqual({
      tenant: 't1',
      subject: 'alice',
      scopes: ['a2a:agents:echo', 'read', 'a2a:agents:*'],
      roles: ['approver'],
      via: { kind: 'jwt', issuer: 'https://issuer.test' },
    });
  });

  it('accepts tokens minted by the development minter', async () => {
    const token = await mintHs256Token(
      { subject: 'dev-user', tenant: 'dev', scopes: ['a2a:agents:*'], roles: ['approver'] },
      { secret, issuer: 'https://issuer.test', audience: 'a2a-test', ttlSeconds: 60, now: NOW },
    );
    expect(await verify(token)).toMatchObject({ tenant: 'dev', subject: 'dev-user', scopes: ['a2a:agents:*'], roles: ['approver'] });
  });

  it('refuses an expired token, but tolerates the configured clock skew', async () => {
    expect((await refusal(verify(await sign({ exp: epoch(NOW) - 31 })))).reason).toBe('expired');
    await expect(verify(await sign({ exp: epoch(NOW) - 29 }))).resolves.toMatchObject({ subject: 'alice' });
  });

  it('refuses a token that is not yet valid beyond the skew', async () => {
    const err = await refusal(verify(await sign({ nbf: epoch(NOW) + 120 })));
    expect(err.reason).toBe('claims');
    expect(err.message).toContain('"nbf"');
    await expect(verify(await sign({ nbf: epoch(NOW) + 10 }))).resolves.toBeDefined();
  });

  it('refuses another issuer or audience, naming the claim', async () => {
    expect((await refusal(verify(await sign({ iss: 'https://evil.test' })))).message).toContain('"iss"');
    expect((await refusal(verify(await sign({ aud: 'someone-else' })))).message).toContain('"aud"');
  });

  it('requires exp and sub, and a tenant unless a default tenant is configured', async () => {
    expect((await refusal(verify(await sign({ exp: undefined })))).message).toContain('"exp"');
    expect((await refusal(verify(await sign({ sub: undefined })))).message).toContain('"sub"');
    expect((await refusal(verify(await sign({ tenant: undefined })))).message).toContain('"tenant"');
    const withDefault = createJwtVerifier({ ...base, claims: { defaultTenant: 'main' } });
    expect(await withDefault(await sign({ tenant: undefined }))).toMatchObject({ tenant: 'main' });
  });

  it('reads tenant and roles from configured claim names', async () => {
    const custom = createJwtVerifier({ ...base, claims: { tenant: 'org', roles: 'groups' } });
    expect(await custom(await sign({ tenant: undefined, org: 'acme', groups: 'approver auditor' }))).toMatchObject({
      tenant: 'acme',
      roles: ['approver', 'auditor'],
    });
  });

  it('refuses a wrong signature, garbage and unsigned tokens without echoing them', async () => {
    const other = new TextEncoder().encode('another-secret-another-secret-another-secret');
    const forged = await sign({}, other);
    const err = await refusal(verify(forged));
    expect(err.reason).toBe('invalid');
    expect(err.message).not.toContain(forged);
    expect((await refusal(verify('not.a.jwt'))).reason).toBe('invalid');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'alice', tenant: 't1', iss: 'https://issuer.test', aud: 'a2a-test', exp: epoch(NOW) + 60 })).toString('base64url');
    expect((await refusal(verify(`${header}.${body}.`))).reason).toBe('invalid');
  });

  it('refuses a secret shorter than 32 bytes at construction', () => {
    expect(() => createJwtVerifier({ ...base, secret: new TextEncoder().encode('short') })).toThrow(/at least 32 bytes/);
  });
});

describe('JWKS keys (RS256, ES256)', () => {
  let rsa: { privateKey: CryptoKey; jwk: JWK };
  let ec: { privateKey: CryptoKey; jwk: JWK };

  beforeAll(async () => {
    const r = await generateKeyPair('RS256', { extractable: true });
    rsa = { privateKey: r.privateKey, jwk: { ...(await exportJWK(r.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' } };
    const e = await generateKeyPair('ES256', { extractable: true });
    ec = { privateKey: e.privateKey, jwk: { ...(await exportJWK(e.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' } };
  });

  const jwksSettings = (over: Partial<JwtSettings>): JwtSettings => ({ issuer: 'https://issuer.test', audience: 'a2a-test', now: () => NOW, ...over });

  it('verifies RS256 and ES256 tokens against a JWKS file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jwks-'));
    const file = path.join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [rsa.jwk, ec.jwk] }));
    const verify = createJwtVerifier(jwksSettings({ jwksFile: file }));
    expect(await verify(await sign({ sub: 'rs' }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).toMatchObject({ subject: 'rs' });
    expect(await verify(await sign({ sub: 'es' }, ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))).toMatchObject({ subject: 'es' });
  });

  it('refuses HS256 when only a JWKS is configured (no public key used as an HMAC secret)', async () => {
    const verify = createJwtVerifier(jwksSettings({ jwks: { keys: [rsa.jwk] } }));
    const err = await refusal(verify(await sign({})));
    expect(err.reason).toBe('invalid');
  });

  it('refuses algorithms that are not configured', async () => {
    const verify = createJwtVerifier(jwksSettings({ jwks: { keys: [rsa.jwk, ec.jwk] }, algorithms: ['RS256'] }));
    await expect(verify(await sign({}, ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))).rejects.toBeInstanceOf(CredentialError);
    await expect(verify(await sign({}, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).resolves.toBeDefined();
  });

  describe('from a URL', () => {
    let server: Server;
    let url: string;
    let fetches = 0;
    let keys: JWK[] = [];
    let status = 200;

    beforeAll(async () => {
      server = createServer((_req, res) => {
        fetches++;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
      fetches = 0;
      status = 200;
      keys = [rsa.jwk];
    });

    it('fetches the key set once and serves later tokens from the cache', async () => {
      const verify = createJwtVerifier(jwksSettings({ jwksUrl: url }));
      for (let i = 0; i < 3; i++) {
        await expect(verify(await sign({ sub: `u${i}` }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).resolves.toMatchObject({ subject: `u${i}` });
      }
      expect(fetches).toBe(1);
    });

    it('refetches for an unknown kid (key rotation) once the cooldown allows', async () => {
      const verify = createJwtVerifier(jwksSettings({ jwksUrl: url, jwksCooldownMs: 0 }));
      await verify(await sign({}, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }));
      keys = [rsa.jwk, ec.jwk];
      await expect(verify(await sign({ sub: 'rotated' }, ec.privateKey, { alg: 'ES256', kid: 'ec-1' }))).resolves.toMatchObject({ subject: 'rotated' });
      expect(fetches).toBe(2);
    });

    it('reports an unreachable or failing key set as keys-unavailable, not as a bad token', async () => {
      status = 500;
      const verify = createJwtVerifier(jwksSettings({ jwksUrl: url }));
      expect((await refusal(verify(await sign({}, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })))).reason).toBe('keys-unavailable');
      const nowhere = createJwtVerifier(jwksSettings({ jwksUrl: 'http://127.0.0.1:1/jwks.json' }));
      expect((await refusal(nowhere(await sign({}, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })))).reason).toBe('keys-unavailable');
    });
  });
});
