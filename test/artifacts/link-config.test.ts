// Where the download-link key comes from: ARTIFACT_URL_SECRET, else a development key in the data
// directory; production refuses to start without a configured key, like authentication and encryption.
import { ConfigError, loadConfig } from '../../src/config';
import { downloadLinkSettings } from '../../src/platform/platform-config';

const SECRET = 'a-download-link-secret-of-32-chars!';

describe('download link settings', () => {
  it('use ARTIFACT_URL_SECRET and ARTIFACT_URL_TTL_SECONDS when set', () => {
    const config = loadConfig({ ARTIFACT_URL_SECRET: SECRET, ARTIFACT_URL_TTL_SECONDS: '120', NODE_ENV: 'production' });
    expect(downloadLinkSettings(config)).toEqual({ secret: SECRET, ttlSeconds: 120 });
  });

  it('keep a generated key in <DATA_DIR>/secrets in development', () => {
    expect(downloadLinkSettings(loadConfig({ DATA_DIR: '/var/a2a' }))).toEqual({ secretFile: '/var/a2a/secrets/artifact-links.key', ttlSeconds: 3600 });
  });

  it('refuse production without a configured key, naming the variable', () => {
    expect(() => downloadLinkSettings(loadConfig({ NODE_ENV: 'production' }))).toThrow(ConfigError);
    expect(() => downloadLinkSettings(loadConfig({ NODE_ENV: 'production' }))).toThrow(/ARTIFACT_URL_SECRET/);
  });

  it('refuse a secret shorter than 32 characters', () => {
    expect(() => loadConfig({ ARTIFACT_URL_SECRET: 'short' })).toThrow(/ARTIFACT_URL_SECRET: must be at least 32 characters/);
  });
});
