// The document intake activities in a mock activity environment: inline bytes stored under a limit,
// URLs fetched only where the outbound policy allows (every redirect checked again), size limits
// enforced on the declared and the streamed size, failures classified for Temporal’s retries, and every
// attempt of one activity writing the same blob.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { MockActivityEnvironment } from '@temporalio/testing';
import { createDocumentActivities } from '../../activities/documents';
import { createDirectoryArtifactStore, createMemoryArtifactStore } from '../../src/artifact-store';
import { createSilentLogger } from '../../src/logger';
import { createWebhookPolicy } from '../../src/webhooks/webhook-policy';
import { createActivityEnvironment, runActivity } from '../activities/support/run-activity';

let server: Server;
let base: string;
const body = Buffer.from('Invoice INV-1\nTotal: 10.00 EUR\n');

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case '/invoice.txt':
        return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
      case '/redirect-ok':
        return void res.writeHead(302, { location: '/invoice.txt' }).end();
      case '/redirect-private':
        return void res.writeHead(302, { location: 'http://10.0.0.1/secret' }).end();
      case '/big-declared':
        return void res.writeHead(200, { 'content-length': String(10_000), 'content-type': 'application/pdf' }).end(Buffer.alloc(10_000));
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.write(Buffer.alloc(600));
        return void res.end(Buffer.alloc(600));
      case '/busy':
        return void res.writeHead(503, { 'retry-after': '2' }).end();
      default:
        return void res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function setup(allowlist: string[] = ['127.0.0.1/32']) {
  const store = createMemoryArtifactStore();
  const activities = createDocumentActivities({ store, urlPolicy: createWebhookPolicy({ allowHttp: true, allowlist }), logger: createSilentLogger() });
  return { store, activities, env: createActivityEnvironment() };
}

async function failure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('storeInlineDocument', () => {
  it('stores the bytes and returns the reference the tools take', async () => {
    const { activities, env, store } = setup();
    const stored = await runActivity(env, activities.storeInlineDocument, { contentBase64: body.toString('base64'), mediaType: 'text/plain', filename: 'a.txt', maxBytes: 1000 });
    expect(stored).toMatchObject({ size: body.length, mediaType: 'text/plain', filename: 'a.txt' });
    expect(Buffer.from((await store.get(stored.blobId)).bytes).equals(body)).toBe(true);
  });

  it('refuses bytes above the limit and text that is not base64, for good', async () => {
    const { activities, env } = setup();
    const big = await failure(runActivity(env, activities.storeInlineDocument, { contentBase64: body.toString('base64'), maxBytes: 8 }));
    expect(big).toMatchObject({ type: 'DocumentTooLarge', nonRetryable: true, message: expect.stringMatching(/above the 8 B limit/) });
    const bad = await failure(runActivity(env, activities.storeInlineDocument, { contentBase64: 'not base64!', maxBytes: 100 }));
    expect(bad).toMatchObject({ type: 'DocumentInvalidContent', nonRetryable: true });
  });
});

describe('downloadDocument', () => {
  it('downloads into the store with the server’s media type and the file name from the URL, following a redirect', async () => {
    const { activities, env } = setup();
    const stored = await runActivity(env, activities.downloadDocument, { url: `${base}/redirect-ok`, maxBytes: 1000 });
    expect(stored).toMatchObject({ size: body.length, mediaType: 'text/plain', filename: 'invoice.txt' });
  });

  it('refuses a loopback URL that is not allowlisted, before connecting, naming PUSH_WEBHOOK_ALLOWLIST', async () => {
    const { activities, env } = setup([]);
    const refused = await failure(runActivity(env, activities.downloadDocument, { url: `${base}/invoice.txt`, maxBytes: 1000 }));
    expect(refused).toMatchObject({ type: 'DocumentUrlRefused', nonRetryable: true, message: expect.stringMatching(/loopback, private/) });
    expect(refused.message).toContain('PUSH_WEBHOOK_ALLOWLIST');
  });

  it('checks every redirect: one to a private address is refused', async () => {
    const { activities, env } = setup();
    const refused = await failure(runActivity(env, activities.downloadDocument, { url: `${base}/redirect-private`, maxBytes: 1000 }));
    expect(refused).toMatchObject({ type: 'DocumentUrlRefused', nonRetryable: true, message: expect.stringMatching(/10\.0\.0\.1/) });
  });

  it('refuses a document above the limit, whether declared or streamed', async () => {
    const { activities, env } = setup();
    for (const path of ['/big-declared', '/big-chunked']) {
      const refused = await failure(runActivity(env, activities.downloadDocument, { url: `${base}${path}`, maxBytes: 1000 }));
      expect(refused).toMatchObject({ type: 'DocumentTooLarge', nonRetryable: true });
    }
  });

  it('fails for good on a 404 and retryably (with the server’s delay) on a 503', async () => {
    const { activities, env } = setup();
    expect(await failure(runActivity(env, activities.downloadDocument, { url: `${base}/missing`, maxBytes: 1000 }))).toMatchObject({
      type: 'DocumentDownloadRefused',
      nonRetryable: true,
    });
    const busy = await failure(runActivity(env, activities.downloadDocument, { url: `${base}/busy`, maxBytes: 1000 }));
    expect(busy).toMatchObject({ type: 'DocumentDownloadFailed', nonRetryable: false, nextRetryDelay: 2000 });
  });
});

describe('describeStoredDocument', () => {
  it('describes a stored blob and fails for good on an unknown one', async () => {
    const { activities, env, store } = setup();
    const info = await store.put(body, { mediaType: 'text/plain' });
    expect(await runActivity(env, activities.describeStoredDocument, { blobId: info.blobId })).toEqual({ blobId: info.blobId, size: info.size, sha256: info.sha256, mediaType: 'text/plain' });
    expect(await failure(runActivity(env, activities.describeStoredDocument, { blobId: 'e'.repeat(32) }))).toMatchObject({ type: 'DocumentNotFound', nonRetryable: true });
  });
});

describe('retried attempts', () => {
  // Attempt 1 stored its blob and then failed (e.g. the worker died before reporting); attempt 2 of
  // the same activity must write the same blob, not a second one nobody will ever reference.
  const run = { workflowId: 'task-1', runId: '2b1c6f0e-1111-4222-8333-444455556666' };
  const attempt = (n: number, activityId = '7') => createActivityEnvironment({ attempt: n, activityId, workflowExecution: run });

  async function directorySetup() {
    const directory = await mkdtemp(join(tmpdir(), 'document-retries-'));
    const store = await createDirectoryArtifactStore({ directory });
    const activities = createDocumentActivities({ store, urlPolicy: createWebhookPolicy({ allowHttp: true, allowlist: ['127.0.0.1/32'] }), logger: createSilentLogger() });
    const blobs = async () => (await readdir(join(directory, 'blobs'), { recursive: true })).filter((name) => name.endsWith('.json'));
    return { activities, blobs, cleanup: () => rm(directory, { recursive: true, force: true }) };
  }

  it.each([
    ['storeInlineDocument', (a: ReturnType<typeof createDocumentActivities>, env: MockActivityEnvironment) => runActivity(env, a.storeInlineDocument, { contentBase64: body.toString('base64'), mediaType: 'text/plain', maxBytes: 1000 })],
    ['downloadDocument', (a: ReturnType<typeof createDocumentActivities>, env: MockActivityEnvironment) => runActivity(env, a.downloadDocument, { url: `${base}/invoice.txt`, maxBytes: 1000 })],
  ])('%s stores one blob for all attempts of one activity, another for another activity', async (_name, store) => {
    const { activities, blobs, cleanup } = await directorySetup();
    try {
      const first = await store(activities, attempt(1));
      const second = await store(activities, attempt(2));
      expect(second.blobId).toBe(first.blobId);
      expect(await blobs()).toHaveLength(1);
      const other = await store(activities, attempt(1, '8'));
      expect(other.blobId).not.toBe(first.blobId);
      expect(await blobs()).toHaveLength(2);
    } finally {
      await cleanup();
    }
  });
});
