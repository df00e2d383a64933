// A document fetched by URL is stored whole: served by a real loopback server in sizes from 0 B to
// 6 MiB, fast and slow, with and without Content-Length, the stored bytes hash like the source. A
// body shorter than its Content-Length, or bytes the store did not keep, fail retryably, storing nothing.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { createDocumentActivities } from '../../activities/documents';
import { createDirectoryArtifactStore, type ArtifactStore } from '../../src/artifact-store';
import { createSilentLogger } from '../../src/logger';
import { createWebhookPolicy } from '../../src/webhooks/webhook-policy';
import { createActivityEnvironment, runActivity } from '../activities/support/run-activity';

const sizes = { empty: 0, '1k': 1024, '300k': 300 * 1024, '6m': 6 * 1024 * 1024 };
const files = Object.fromEntries(Object.entries(sizes).map(([name, size]) => [name, randomBytes(size)])) as Record<keyof typeof sizes, Buffer>;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function send(res: ServerResponse, body: Buffer, options: { slow: boolean; declared: boolean }): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/octet-stream', ...(options.declared ? { 'content-length': String(body.length) } : { 'transfer-encoding': 'chunked' }) });
  if (!options.slow) return void res.end(body);
  // Small pieces with pauses between them: the body arrives over many reads, the first with the headers.
  const piece = body.length > 1024 * 1024 ? 64 * 1024 : 4 * 1024;
  for (let at = 0; at < body.length; at += piece) {
    res.write(body.subarray(at, at + piece));
    await delay(2);
  }
  res.end();
}

let server: Server;
let base: string;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'download-integrity-'));
  server = createServer((req, res) => {
    const [, name, speed, length] = (req.url ?? '').split('/');
    if (req.url === '/short') {
      // Declares 1000 bytes, sends 400, then drops the connection.
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '1000' });
      return void res.write(Buffer.alloc(400, 1), () => res.socket?.destroy());
    }
    const body = files[name as keyof typeof files];
    if (!body) return void res.writeHead(404).end();
    void send(res, body, { slow: speed === 'slow', declared: length === 'declared' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function setup(wrap: (store: ArtifactStore) => ArtifactStore = (s) => s) {
  const directory = await mkdtemp(join(dir, 'store-'));
  const store = await createDirectoryArtifactStore({ directory, maxBlobBytes: 16 * 1024 * 1024 });
  // The loopback server is allowed explicitly; the policy refuses loopback otherwise.
  const policy = createWebhookPolicy({ allowHttp: true, allowlist: ['127.0.0.1/32'] });
  const activities = createDocumentActivities({ store: wrap(store), urlPolicy: policy, logger: createSilentLogger() });
  const storedFiles = async () => (await readdir(directory, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  return { store, activities, env: createActivityEnvironment(), storedFiles };
}

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

const matrix = Object.keys(sizes).flatMap((name) =>
  ['fast', 'slow'].flatMap((speed) => ['declared', 'chunked'].map((length) => [name, speed, length] as const)),
);

describe('downloadDocument stores the whole document', () => {
  it.each(matrix)('a %s file served %s (%s length) is stored byte for byte', async (name, speed, length) => {
    const { activities, env, store } = await setup();
    const source = files[name as keyof typeof files];
    const stored = await runActivity(env, activities.downloadDocument, { url: `${base}/${name}/${speed}/${length}`, maxBytes: 16 * 1024 * 1024 });
    expect(stored).toMatchObject({ size: source.length, sha256: sha256(source) });
    const { bytes } = await store.get(stored.blobId);
    expect(sha256(bytes)).toBe(sha256(source));
  });

  it('fails retryably when the server sends fewer bytes than its Content-Length, and stores nothing', async () => {
    const { activities, env, storedFiles } = await setup();
    const broken = await failure(runActivity(env, activities.downloadDocument, { url: `${base}/short`, maxBytes: 10_000 }));
    expect(broken).toMatchObject({ type: 'DocumentDownloadFailed', nonRetryable: false });
    expect(await storedFiles()).toEqual([]);
  });

  it('fails retryably when the store kept other bytes than were read, and deletes what it kept', async () => {
    // A store that loses the first chunk of a stream: the download must notice, not report success.
    const lossy = (inner: ArtifactStore): ArtifactStore => ({
      ...inner,
      put: (source, options) => {
        if (source instanceof Uint8Array) return inner.put(source, options);
        return inner.put(
          (async function* dropFirst() {
            let first = true;
            for await (const chunk of source) {
              if (!first) yield chunk;
              first = false;
            }
          })(),
          options,
        );
      },
    });
    const { activities, env, storedFiles } = await setup(lossy);
    const broken = await failure(runActivity(env, activities.downloadDocument, { url: `${base}/300k/slow/declared`, maxBytes: 1024 * 1024 }));
    expect(broken).toMatchObject({ type: 'DocumentDownloadFailed', nonRetryable: false, message: expect.stringMatching(/stored/) });
    expect(await storedFiles()).toEqual([]);
  });
});
