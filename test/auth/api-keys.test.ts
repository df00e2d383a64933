// API keys: minted once and shown once, stored as SHA-256 only, verified to the registered identity;
// plaintext keys in the keys file, unknown, malformed and expired keys are refused.
import { apiKeyEntrySchema, createApiKeyVerifier, hashApiKey, mintApiKey, parseApiKeys } from '../../src/auth/api-keys';
import { createAuthenticator } from '../../src/auth/authenticator';
import { CredentialError } from '../../src/auth/identity';

describe('API keys', () => {
  const { key, entry } = mintApiKey({ id: 'ci-bot', tenant: 'acme', subject: 'svc:ci-bot', scopes: ['a2a:agents:echo'] });

  it('are minted as a2a_ + 43 base64url characters, and the entry holds only their SHA-256', () => {
    expect(key).toMatch(/^a2a_[A-Za-z0-9_-]{43}$/);
    expect(entry.sha256).toBe(hashApiKey(key));
    expect(JSON.stringify(entry)).not.toContain(key.slice(4));
  });

  it('verify to the registered tenant, subject, scopes and roles', () => {
    const verify = createApiKeyVerifier([entry]);
    expect(verify(key)).toEqual({ tenant: 'acme', subject: 'svc:ci-bot', scopes: ['a2a:agents:echo'], roles: [], via: { kind: 'api-key', keyId: 'ci-bot' } });
  });

  it('refuse unknown, malformed and expired keys', () => {
    const other = mintApiKey({ id: 'other', tenant: 'acme', subject: 'x' }).key;
    const verify = createApiKeyVerifier([entry, { ...apiKeyEntrySchema.parse({ ...entry, id: 'old', sha256: hashApiKey(other) }), expiresAt: '2020-01-01T00:00:00Z' }]);
    expect(() => verify(mintApiKey({ id: 'x', tenant: 't', subject: 's' }).key)).toThrow(CredentialError);
    expect(() => verify('a2a_short')).toThrow('The API key is not valid');
    expect(() => verify(other)).toThrow('The API key has expired');
  });

  it('keys files are strict: a plaintext key field or a missing hash is an error naming the entry', () => {
    expect(parseApiKeys(JSON.stringify({ keys: [entry] }), 'keys.json')).toEqual([entry]);
    expect(() => parseApiKeys(JSON.stringify({ keys: [{ ...entry, key }] }), 'keys.json')).toThrow(/keys\.0/);
    const { sha256: _omit, ...noHash } = entry;
    expect(() => parseApiKeys(JSON.stringify({ keys: [noHash] }), 'keys.json')).toThrow(/keys\.0\.sha256/);
    expect(() => parseApiKeys(JSON.stringify({ keys: [entry, entry] }), 'keys.json')).toThrow(/duplicate key id ci-bot/);
    expect(() => parseApiKeys('{', 'keys.json')).toThrow(/not valid JSON/);
  });
});

describe('the authenticator', () => {
  const { key, entry } = mintApiKey({ id: 'svc', tenant: 'acme', subject: 'svc:a' });
  const auth = createAuthenticator({ apiKeys: [entry] });

  it('takes an API key from its header and reports a missing credential as missing', async () => {
    expect(await auth.authenticate({ apiKey: key })).toMatchObject({ ok: true, identity: { subject: 'svc:a' } });
    expect(await auth.authenticate({})).toEqual({ ok: false, scheme: 'none', error: 'missing' });
  });

  it('refuses a bearer token when no JWT source is configured, and a request carrying both kinds', async () => {
    const bearer = await auth.authenticate({ authorization: 'Bearer abc.def.ghi' });
    expect(bearer).toMatchObject({ ok: false, scheme: 'bearer' });
    const both = await auth.authenticate({ authorization: 'Bearer abc.def.ghi', apiKey: key });
    expect(both).toMatchObject({ ok: false });
  });

  it('refuses an Authorization header of another scheme', async () => {
    expect(await auth.authenticate({ authorization: 'Basic dXNlcjpwYXNz' })).toMatchObject({ ok: false, scheme: 'bearer' });
  });

  it('needs at least one credential source', () => {
    expect(() => createAuthenticator({})).toThrow(/JWT key source or at least one API key/);
  });
});
