// Documents at rest, as the platform stores them: the artifact directory holds no plaintext of a
// stored document, while the store still answers with the plaintext, its size and its SHA-256.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { loadConfig } from '../../src/config';
import { openArtifactStore } from '../../src/platform/artifact-store-setup';
import { platformOptionsFromConfig } from '../../src/platform/platform-config';
import { captureLogs } from '../security/support/log-capture';
import { rawBytesUnder } from '../support/raw-files';

const MARKER = 'IBAN DE89 3704 0044 0532 0130 00, passport X1234567';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'blobs-at-rest-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('artifact blobs at rest', () => {
  it('in development, a stored document is not on disk in clear, and reads back whole', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const store = await openArtifactStore(platformOptionsFromConfig(config, captureLogs().logger).artifacts);
    // Larger than one frame of the sealed format, with the secret in the first and the last one.
    const plain = Buffer.from(`${MARKER}\n${'lorem ipsum '.repeat(20_000)}\n${MARKER}\n`);
    const info = await store.put(new Uint8Array(plain), { mediaType: 'text/plain', filename: 'statement.txt' });

    const raw = await rawBytesUnder(config.artifactDir);
    expect(raw.byteLength).toBeGreaterThan(plain.byteLength);
    expect(raw.includes(Buffer.from(MARKER))).toBe(false);
    expect(raw.includes(Buffer.from('lorem ipsum lorem ipsum'))).toBe(false);

    expect(info).toMatchObject({ size: plain.byteLength, sha256: createHash('sha256').update(plain).digest('hex'), filename: 'statement.txt' });
    expect(Buffer.from((await store.get(info.blobId)).bytes).equals(plain)).toBe(true);
    expect(await store.stat(info.blobId)).toEqual(info);
    expect(await text((await store.openStream(info.blobId)).stream)).toBe(plain.toString());
  });
});
