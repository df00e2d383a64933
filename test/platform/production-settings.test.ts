// In production every missing setting is reported at once, in one error naming each variable, and
// before anything starts or writes to DATA_DIR, so an operator fixes the environment in one pass.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkProductionSettings, ConfigError, loadConfig } from '../../src/config';
import { main } from '../../src/main';

const PAYLOAD_KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const COMPLETE = {
  NODE_ENV: 'production',
  AUTH_JWT_SECRET: 'a-shared-secret-of-at-least-thirty-two-bytes',
  PAYLOAD_ENCRYPTION_KEYS: PAYLOAD_KEY,
  ARTIFACT_URL_SECRET: 'a-download-link-secret-of-32-chars!',
  DECISION_LINK_SECRET: 'a-decision-link-secret-of-32-chars!',
  MCP_TOKENS: 'worker=0123456789abcdef0123:*',
};

const emptyDataDir = () => mkdtempSync(path.join(tmpdir(), 'production-settings-'));
const quietPorts = { PORT: '0', ENGINE_PORT: '0', MCP_PORT: '0', LOG_LEVEL: 'silent' };

async function startError(env: Record<string, string>): Promise<Error> {
  try {
    await main(env);
  } catch (err) {
    return err as Error;
  }
  throw new Error('start-up succeeded');
}

describe('production settings', () => {
  it('when all are missing, one error names each of them and DATA_DIR stays empty', async () => {
    const dataDir = emptyDataDir();
    const error = await startError({ NODE_ENV: 'production', DATA_DIR: dataDir, ...quietPorts });
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['AUTH_JWT_SECRET', 'PAYLOAD_ENCRYPTION_KEYS', 'ARTIFACT_URL_SECRET', 'DECISION_LINK_SECRET', 'MCP_TOKENS']) expect(error.message).toContain(name);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('when only the tool server token is missing, start-up stops before the engine writes to DATA_DIR', async () => {
    const { MCP_TOKENS: _omitted, ...rest } = COMPLETE;
    const dataDir = emptyDataDir();
    const error = await startError({ ...rest, DATA_DIR: dataDir, ...quietPorts });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('MCP_TOKENS');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('are satisfied by a complete environment, or by the explicit opt-outs and a remote tool server', () => {
    expect(() => checkProductionSettings(loadConfig(COMPLETE))).not.toThrow();
    expect(() =>
      checkProductionSettings(
        loadConfig({
          NODE_ENV: 'production',
          AUTH_DISABLED: 'true',
          PAYLOAD_ENCRYPTION_DISABLED: 'true',
          ARTIFACT_URL_SECRET: COMPLETE.ARTIFACT_URL_SECRET,
          DECISION_LINK_SECRET: COMPLETE.DECISION_LINK_SECRET,
          MCP_DOCUMENTS_URL: 'http://127.0.0.1:9/mcp',
        }),
      ),
    ).not.toThrow();
  });

  it('name the JWKS companions when a JWKS is configured without them', () => {
    const { AUTH_JWT_SECRET: _secret, ...rest } = COMPLETE;
    expect(() => checkProductionSettings(loadConfig({ ...rest, AUTH_JWKS_URL: 'https://keys.example/jwks.json' }))).toThrow(/AUTH_JWT_ISSUER.*AUTH_JWT_AUDIENCE/);
  });

  it('are not required in development', () => {
    expect(() => checkProductionSettings(loadConfig({}))).not.toThrow();
  });
});
