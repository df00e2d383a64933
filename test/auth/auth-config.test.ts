// Authentication and payload encryption from the environment: on by default, development secrets
// generated once in the data directory, production refusing to start without keys, explicit
// settings to turn either off (with a warning), and the development tokens `npm start` writes.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mintApiKey } from '../../src/auth/api-keys';
import { loadConfig } from '../../src/config';
import { resolveAuth } from '../../src/platform/auth-config';
import { resolvePayloadCodec } from '../../src/platform/codec-config';
import { writeDevTokens } from '../../src/platform/dev-tokens';
import { captureLogs } from '../security/support/log-capture';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'auth-config-'));
const config = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env });
const SECRET = 'a-shared-secret-of-at-least-thirty-two-bytes';

describe('authentication settings', () => {
  it('are on by default: development generates one HS256 secret in the data directory and keeps it', () => {
    const cfg = config({});
    const first = resolveAuth(cfg, captureLogs().logger);
    expect(first.authenticator?.bearer).toBe(true);
    expect(first.development?.secretFile).toBe(path.join(cfg.env.DATA_DIR, 'secrets', 'jwt-hs256.key'));
    expect(statSync(first.development!.secretFile!).mode & 0o777).toBe(0o600);
    const second = resolveAuth(cfg, captureLogs().logger);
    expect(Buffer.from(second.development!.secret).equals(Buffer.from(first.development!.secret))).toBe(true);
  });

  it('refuse to start in production without a key source', () => {
    expect(() => resolveAuth(config({ NODE_ENV: 'production', PAYLOAD_ENCRYPTION_DISABLED: 'true' }), captureLogs().logger)).toThrow(
      /NODE_ENV=production needs authentication/,
    );
  });

  it('in production use the configured secret and never offer development signing', () => {
    const resolved = resolveAuth(config({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET }), captureLogs().logger);
    expect(resolved.authenticator?.bearer).toBe(true);
    expect(resolved.development).toBeUndefined();
  });

  it('turn off only with AUTH_DISABLED=true, which is logged as a warning', () => {
    const logs = captureLogs();
    const resolved = resolveAuth(config({ AUTH_DISABLED: 'true', NODE_ENV: 'production' }), logs.logger);
    expect(resolved.authenticator).toBeUndefined();
    expect(logs.lines.some((l) => l.level === 40 && String(l.msg).includes('AUTH_DISABLED'))).toBe(true);
  });

  it('need issuer and audience with a JWKS, and a long enough secret', () => {
    expect(() => resolveAuth(config({ AUTH_JWKS_URL: 'https://idp.example/jwks' }), captureLogs().logger)).toThrow(/AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE/);
    expect(() => resolveAuth(config({ AUTH_JWT_SECRET: 'short' }), captureLogs().logger)).toThrow(/at least 32 bytes/);
  });

  it('load hashed API keys from a file and refuse plaintext ones', () => {
    const dir = dataDir();
    const { key, entry } = mintApiKey({ id: 'ci', tenant: 'acme', subject: 'svc:ci' });
    const good = path.join(dir, 'keys.json');
    writeFileSync(good, JSON.stringify({ keys: [entry] }));
    const resolved = resolveAuth(config({ NODE_ENV: 'production', AUTH_API_KEYS_FILE: good }), captureLogs().logger);
    expect(resolved.authenticator?.apiKeys).toBe(true);
    expect(resolved.authenticator?.bearer).toBe(false);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ keys: [{ ...entry, key }] }));
    expect(() => resolveAuth(config({ AUTH_API_KEYS_FILE: bad }), captureLogs().logger)).toThrow(/AUTH_API_KEYS_FILE/);
  });

  it('development tokens: a user and an approver of tenant dev, written 0600, accepted by the authenticator', async () => {
    const cfg = config({});
    const resolved = resolveAuth(cfg, captureLogs().logger);
    const { file, content } = await writeDevTokens({ config: cfg, signing: resolved.development!, baseUrl: 'http://127.0.0.1:1' });
    expect(file).toBe(path.join(cfg.env.DATA_DIR, 'dev-tokens.json'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(content);
    const user = await resolved.authenticator!.authenticate({ authorization: `Bearer ${content.tokens['dev-user'].token}` });
    expect(user).toMatchObject({ ok: true, identity: { tenant: 'dev', subject: 'dev-user', scopes: ['a2a:agents:*'], roles: [] } });
    const approver = await resolved.authenticator!.authenticate({ authorization: `Bearer ${content.tokens['dev-approver'].token}` });
    expect(approver).toMatchObject({ ok: true, identity: { tenant: 'dev', subject: 'dev-approver', roles: ['approver'] } });
  });
});

describe('payload encryption settings', () => {
  it('are on by default with a development key generated once in the data directory', () => {
    const cfg = config({});
    const first = resolvePayloadCodec(cfg, captureLogs().logger);
    const second = resolvePayloadCodec(cfg, captureLogs().logger);
    expect(first.codec).toBeDefined();
    expect(first.summary).toBe(second.summary);
    expect(statSync(path.join(cfg.env.DATA_DIR, 'secrets', 'payload-keys.json')).mode & 0o777).toBe(0o600);
  });

  it('take keys and the active key from the environment', () => {
    const keys = `old:${Buffer.alloc(32, 1).toString('base64')},new:${Buffer.alloc(32, 2).toString('base64')}`;
    const resolved = resolvePayloadCodec(config({ PAYLOAD_ENCRYPTION_KEYS: keys, PAYLOAD_ENCRYPTION_ACTIVE_KEY: 'new' }), captureLogs().logger);
    expect(resolved.summary).toContain('active key new (2 key(s) from PAYLOAD_ENCRYPTION_KEYS)');
  });

  it('refuse production without keys, and turn off only explicitly, with a warning', () => {
    expect(() => resolvePayloadCodec(config({ NODE_ENV: 'production' }), captureLogs().logger)).toThrow(/PAYLOAD_ENCRYPTION_KEYS/);
    const logs = captureLogs();
    expect(resolvePayloadCodec(config({ PAYLOAD_ENCRYPTION_DISABLED: 'true' }), logs.logger).codec).toBeUndefined();
    expect(logs.lines.some((l) => l.level === 40)).toBe(true);
  });
});
