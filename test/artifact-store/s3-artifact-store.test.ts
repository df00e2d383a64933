// The S3 artifact store on a real S3-compatible server on loopback (s3rver): the shared store contract,
// plain and encrypted; what only a bucket needs (multipart uploads, replaced versions reclaimed, no
// leftovers from refused puts); and ARTIFACT_STORE_URL as `npm start` reads it: blobs sealed at rest
// under the prefix, and a missing bucket, bad credentials or a dead endpoint refused at start-up.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createEncryptedArtifactStore, deriveBlobId } from '../../src/artifact-store';
import { createS3ArtifactStore } from '../../src/artifact-store/s3-artifact-store';
import { sealedLength } from '../../src/artifact-store/blob-seal';
import { loadConfig } from '../../src/config';
import { loadMcpConfig } from '../../src/mcp-server/config';
import { openArtifactStore } from '../../src/platform/artifact-store-setup';
import { platformOptionsFromConfig } from '../../src/platform/platform-config';
import { captureLogs } from '../security/support/log-capture';
import { startS3Server, type S3TestServer } from '../support/s3-server';
import { describeArtifactStoreContract, failure } from './artifact-store-contract';

const BUCKET = 'artifacts';
let s3: S3TestServer;
let client: S3Client;
let dataDir: string;
beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  client = s3.client();
  dataDir = await mkdtemp(join(tmpdir(), 's3-store-'));
});
afterAll(async () => {
  await s3?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const freshPrefix = () => `t-${randomBytes(6).toString('hex')}/`;
const keysUnder = async (prefix: string): Promise<string[]> =>
  ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();

describeArtifactStoreContract([
  ['s3', () => createS3ArtifactStore({ client, bucket: BUCKET, prefix: freshPrefix(), maxBlobBytes: 1024 })],
  [
    'encrypted s3',
    async () =>
      createEncryptedArtifactStore({
        inner: await createS3ArtifactStore({ client, bucket: BUCKET, prefix: freshPrefix(), maxBlobBytes: sealedLength(1024) }),
        keys: { keys: [{ id: 'k1', key: new Uint8Array(32).fill(7) }] },
        maxBlobBytes: 1024,
      }),
  ],
]);

describe('s3 artifact store in the bucket', () => {
  it('uploads a blob larger than a part in parts and reads it back whole, by get and by stream', async () => {
    const prefix = freshPrefix();
    const store = await createS3ArtifactStore({ client, bucket: BUCKET, prefix, partBytes: 1000 });
    const blob = randomBytes(3500);
    const info = await store.put(Readable.from([blob.subarray(0, 1700), blob.subarray(1700)]), { mediaType: 'application/pdf' });
    expect(Buffer.from((await store.get(info.blobId)).bytes).equals(blob)).toBe(true);
    const streamed = [];
    for await (const chunk of (await store.openStream(info.blobId)).stream) streamed.push(chunk as Buffer);
    expect(Buffer.concat(streamed).equals(blob)).toBe(true);
    expect(await keysUnder(prefix)).toEqual([expect.stringMatching(new RegExp(`^blobs/${info.blobId}\\.[0-9a-f]{12}\\.bin$`)), `blobs/${info.blobId}.json`]);
  });

  it('leaves no object for a put refused part-way and aborts its upload, and reclaims a replaced version and a deleted blob', async () => {
    const prefix = freshPrefix();
    const watched = s3.client();
    const sent = jest.spyOn(watched, 'send');
    const store = await createS3ArtifactStore({ client: watched, bucket: BUCKET, prefix, maxBlobBytes: 2500, partBytes: 1000 });
    const tooLarge = Readable.from((function* () {
      for (let i = 0; i < 6; i += 1) yield Buffer.alloc(500, i);
    })());
    expect((await failure(store.put(tooLarge, { mediaType: 'application/pdf' }))).code).toBe('too-large');
    expect(await keysUnder(prefix)).toEqual([]);
    // s3rver keeps unfinished uploads out of listings and implements no abort: check it was asked to.
    const commands = sent.mock.calls.map(([command]) => command.constructor.name);
    expect(commands).toEqual(expect.arrayContaining(['CreateMultipartUploadCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']));
    expect(commands).not.toContain('CompleteMultipartUploadCommand');

    const blobId = deriveBlobId(['workflow', 'run', 'activity']);
    await store.put(randomBytes(1800), { mediaType: 'application/pdf', blobId });
    const second = await store.put(Buffer.from('second attempt'), { mediaType: 'text/plain', blobId });
    expect(Buffer.from((await store.get(blobId)).bytes).toString()).toBe('second attempt');
    expect(await store.stat(blobId)).toEqual(second);
    expect(await keysUnder(prefix)).toHaveLength(2);
    expect(await store.delete(blobId)).toBe(true);
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('a read racing a replacing put (another machine retrying the write) gets one whole version, never a mix', async () => {
    const prefix = freshPrefix();
    const writer = await createS3ArtifactStore({ client, bucket: BUCKET, prefix });
    const blobId = deriveBlobId(['workflow', 'run', 'activity-race']);
    await writer.put(Buffer.from('first attempt'), { mediaType: 'text/plain', blobId });
    // The reader has the first version's metadata when the replacing put lands, just before it
    // fetches the bytes (which that put then deletes).
    const readerClient = s3.client();
    const send = readerClient.send.bind(readerClient) as (command: unknown) => Promise<unknown>;
    let raced = false;
    jest.spyOn(readerClient, 'send').mockImplementation((async (command: unknown) => {
      if (!raced && command instanceof GetObjectCommand && command.input.Key!.endsWith('.bin')) {
        raced = true;
        await writer.put(Buffer.from('second attempt!'), { mediaType: 'text/plain', blobId });
      }
      return send(command);
    }) as typeof readerClient.send);
    const reader = await createS3ArtifactStore({ client: readerClient, bucket: BUCKET, prefix });
    const got = await reader.get(blobId);
    expect(raced).toBe(true);
    expect(Buffer.from(got.bytes).toString()).toBe('second attempt!');
    expect(got.info.size).toBe(15);
  });

  it('detects bytes changed in the bucket behind its back', async () => {
    const prefix = freshPrefix();
    const store = await createS3ArtifactStore({ client, bucket: BUCKET, prefix });
    const info = await store.put(Buffer.from('original'), { mediaType: 'text/plain' });
    const dataKey = (await keysUnder(prefix)).find((k) => k.endsWith('.bin'))!;
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: prefix + dataKey, Body: Buffer.from('tampered') }));
    expect((await failure(store.get(info.blobId))).code).toBe('corrupt');
  });
});

describe('ARTIFACT_STORE_URL', () => {
  const settings = (extra: Record<string, string>) => ({
    DATA_DIR: dataDir,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    ...extra,
  });
  const open = (env: Record<string, string>) => openArtifactStore(platformOptionsFromConfig(loadConfig(env), captureLogs().logger).artifacts);
  const startupError = async (env: Record<string, string>) => {
    const error = await open(env).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  };

  it('keeps documents sealed at rest under the prefix, and every process opening it reads them', async () => {
    const env = settings({ ARTIFACT_STORE_URL: `s3://${BUCKET}/tenant-a/docs`, PAYLOAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` });
    const writer = await open(env);
    const marker = 'IBAN DE89 3704 0044 0532 0130 00';
    const plain = Buffer.from(`${marker}\n${'lorem ipsum '.repeat(12_000)}\n${marker}\n`);
    const info = await writer.put(new Uint8Array(plain), { mediaType: 'text/plain', filename: 'statement.txt' });

    const keys = await keysUnder('tenant-a/docs/');
    expect(keys).toHaveLength(2);
    const raw = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `tenant-a/docs/${keys.find((k) => k.endsWith('.bin'))}` }))).Body!.transformToByteArray());
    expect(raw.byteLength).toBeGreaterThan(plain.byteLength);
    expect(raw.includes(Buffer.from(marker))).toBe(false);
    expect(raw.includes(Buffer.from('lorem ipsum lorem ipsum'))).toBe(false);

    const reader = await open(env);
    expect(Buffer.from((await reader.get(info.blobId)).bytes).equals(plain)).toBe(true);
    expect(await reader.stat(info.blobId)).toEqual(info);
  });

  it('is read the same way by the stand-alone tool server (npm run mcp), so its outputs land in the shared bucket', async () => {
    const env = settings({ ARTIFACT_STORE_URL: `s3://${BUCKET}/tools/`, AWS_REGION: 'eu-central-1' });
    const mcp = loadMcpConfig(env, []);
    const fromNpmStart = platformOptionsFromConfig(loadConfig(env), captureLogs().logger).artifacts;
    expect(mcp.artifactBucket).toEqual('s3' in fromNpmStart ? fromNpmStart.s3 : undefined);
    expect(mcp.artifactBucket).toMatchObject({ bucket: BUCKET, prefix: 'tools/', region: 'eu-central-1', endpoint: s3.endpoint });
    const store = await openArtifactStore({ directory: mcp.artifactDir, s3: mcp.artifactBucket, encryption: undefined });
    const info = await store.put(Buffer.from('tool output'), { mediaType: 'text/plain' });
    expect(await keysUnder('tools/')).toContain(`blobs/${info.blobId}.json`);
  });

  it('refuses to start with a bucket that does not exist, naming the variable and the bucket', async () => {
    expect(await startupError(settings({ ARTIFACT_STORE_URL: 's3://no-such-bucket/x' }))).toMatch(
      /^ARTIFACT_STORE_URL=s3:\/\/no-such-bucket\/x: the bucket "no-such-bucket" does not exist/,
    );
  });

  it('refuses to start with credentials the server does not know, pointing at them', async () => {
    expect(await startupError(settings({ ARTIFACT_STORE_URL: `s3://${BUCKET}`, AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'WRONG' }))).toMatch(
      /^ARTIFACT_STORE_URL=s3:\/\/artifacts: access to bucket "artifacts" was denied .*AWS_ACCESS_KEY_ID/,
    );
  });

  it('refuses to start when the endpoint does not answer, naming the endpoint variable', async () => {
    const dead = await startS3Server();
    const endpoint = dead.endpoint;
    await dead.close();
    expect(await startupError(settings({ ARTIFACT_STORE_URL: `s3://${BUCKET}`, AWS_ENDPOINT_URL_S3: endpoint }))).toMatch(
      new RegExp(`^ARTIFACT_STORE_URL=s3://artifacts: cannot reach ${endpoint} .*AWS_ENDPOINT_URL_S3`),
    );
  });

  it('refuses a value that is not an s3 URL, and one set together with ARTIFACT_STORE_DIR', () => {
    const options = (env: Record<string, string>) => () => platformOptionsFromConfig(loadConfig({ DATA_DIR: dataDir, ...env }), captureLogs().logger);
    expect(options({ ARTIFACT_STORE_URL: 'https://bucket.example/x' })).toThrow(/^ARTIFACT_STORE_URL=https:\/\/bucket\.example\/x: expected s3:\/\//);
    expect(options({ ARTIFACT_STORE_URL: `s3://${BUCKET}`, ARTIFACT_STORE_DIR: dataDir })).toThrow(/ARTIFACT_STORE_URL and ARTIFACT_STORE_DIR/);
  });
});
