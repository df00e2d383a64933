// CODEC_CORS_ORIGIN, the Web UI origins the codec server answers: a comma-separated list of origins
// handed to the platform as is, refused at start-up when an entry is not an origin (a trailing slash
// or a path would never match a browser's Origin header, so the UI would fail with no hint why).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { platformOptionsFromConfig } from '../../src/platform/platform-config';
import { DEFAULT_CODEC_CORS_ORIGINS } from '../../src/platform/start-platform';
import { captureLogs } from '../security/support/log-capture';

const options = (env: Record<string, string>) =>
  platformOptionsFromConfig(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'codec-config-')), ...env }), captureLogs().logger);

describe('CODEC_CORS_ORIGIN', () => {
  it('lists the Web UI origins the codec server answers', () => {
    expect(options({ CODEC_CORS_ORIGIN: 'https://temporal-ui.example.com, http://localhost:8233' }).codecCorsOrigins).toEqual([
      'https://temporal-ui.example.com',
      'http://localhost:8233',
    ]);
  });

  it('defaults to the dev server’s Web UI, by either loopback name', () => {
    expect(options({}).codecCorsOrigins).toBeUndefined();
    expect(DEFAULT_CODEC_CORS_ORIGINS).toEqual(['http://127.0.0.1:8233', 'http://localhost:8233']);
  });

  it('refuses an entry that is not an origin, naming the variable', () => {
    expect(() => loadConfig({ CODEC_CORS_ORIGIN: 'http://localhost:8233/' })).toThrow(/CODEC_CORS_ORIGIN.*must be an origin/s);
    expect(() => loadConfig({ CODEC_CORS_ORIGIN: 'localhost:8233' })).toThrow(/CODEC_CORS_ORIGIN/);
  });
});
