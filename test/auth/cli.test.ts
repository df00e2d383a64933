// The credentials CLI: what it prints is accepted by the server it configures (an API key entry and
// its key, a token signed with the development secret, a payload key entry).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKeyVerifier, parseApiKeys } from '../../src/auth/api-keys';
import { runAuthCli } from '../../src/auth/cli';
import { parseCodecKeys } from '../../src/codec/codec-keys';
import { loadConfig } from '../../src/config';
import { resolveAuth } from '../../src/platform/auth-config';
import { captureLogs } from '../security/support/log-capture';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

it('api-key prints a key once and an entry holding only its hash, which verifies the key', async () => {
  const out = await runAuthCli(['api-key', '--id', 'ci', '--tenant', 'acme', '--subject', 'svc:ci', '--scope', 'a2a:agents:echo', '--role', 'approver']);
  const key = out.split('\n')[1].trim();
  const entries = parseApiKeys(JSON.stringify({ keys: [JSON.parse(out.split('\n')[3])] }), 'cli output');
  expect(JSON.stringify(entries)).not.toContain(key);
  expect(createApiKeyVerifier(entries)(key)).toMatchObject({ tenant: 'acme', subject: 'svc:ci', scopes: ['a2a:agents:echo'], roles: ['approver'] });
});

it('token signs with the development secret npm start generated, and the server accepts it', async () => {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'auth-cli-'));
  const auth = resolveAuth(loadConfig(), captureLogs().logger);
  const token = await runAuthCli(['token', '--subject', 'alice', '--tenant', 'acme', '--role', 'approver', '--ttl', '60']);
  expect(await auth.authenticator!.authenticate({ authorization: `Bearer ${token}` })).toMatchObject({
    ok: true,
    identity: { tenant: 'acme', subject: 'alice', scopes: ['a2a:agents:*'], roles: ['approver'] },
  });
});

it('payload-key prints an entry PAYLOAD_ENCRYPTION_KEYS accepts', async () => {
  const [parsed] = parseCodecKeys(await runAuthCli(['payload-key', '--id', '2031-q1']));
  expect(parsed.id).toBe('2031-q1');
  expect(parsed.key.byteLength).toBe(32);
});

describe('help', () => {
  it.each([[['--help']], [['-h']], [['help']], [['token', '--help']]])('%j prints every command with its options', async (argv) => {
    const out = await runAuthCli(argv);
    for (const text of ['npm run credentials --', 'api-key', 'token', 'payload-key', '--tenant', '--subject', '--scope', '--ttl', 'AUTH_API_KEYS_FILE', 'PAYLOAD_ENCRYPTION_KEYS']) {
      expect(out).toContain(text);
    }
  });

  it('as a process exits 0 and writes the help to stdout', () => {
    const result = spawnSync(process.execPath, ['-r', './scripts/register-ts.js', 'src/auth/cli.ts', '--help'], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('payload-key');
  });

  it('an unknown command fails naming it, and points at --help', async () => {
    await expect(runAuthCli(['mint'])).rejects.toThrow(/unknown command "mint".*--help/s);
  });
});
