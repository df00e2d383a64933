import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import {
  ArtifactStoreError,
  createDirectoryArtifactStore,
  createEncryptedArtifactStore,
  createMemoryArtifactStore,
  deriveBlobId,
  type ArtifactStore,
} from '../../src/artifact-store';
import { sealedLength } from '../../src/artifact-store/blob-seal';

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const HELLO_SHA = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

async function failure(promise: Promise<unknown>): Promise<ArtifactStoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ArtifactStoreError);
  return error as ArtifactStoreError;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'artifact-store-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const stores: Array<[string, () => Promise<ArtifactStore>]> = [
  ['directory', async () => createDirectoryArtifactStore({ directory: await mkdtemp(join(dir, 's-')), maxBlobBytes: 1024 })],
  ['memory', async () => createMemoryArtifactStore({ maxBlobBytes: 1024 })],
  [
    'encrypted directory',
    async () =>
      createEncryptedArtifactStore({
        inner: await createDirectoryArtifactStore({ directory: await mkdtemp(join(dir, 's-')), maxBlobBytes: sealedLength(1024) }),
        keys: { keys: [{ id: 'k1', key: new Uint8Array(32).fill(7) }] },
        maxBlobBytes: 1024,
      }),
  ],
];

describe.each(stores)('%s artifact store', (_name, create) => {
  let store: ArtifactStore;
  beforeEach(async () => {
    store = await create();
  });

  it('stores bytes and returns them with size, SHA-256 and metadata', async () => {
    const info = await store.put(bytes('hello'), { mediaType: 'text/plain', filename: 'greeting.txt' });
    expect(info).toMatchObject({ size: 5, sha256: HELLO_SHA, mediaType: 'text/plain', filename: 'greeting.txt' });
    expect(info.blobId).toMatch(/^[0-9a-f]{32}$/);
    const got = await store.get(info.blobId);
    expect(Buffer.from(got.bytes).toString()).toBe('hello');
    expect(got.info).toEqual(info);
    expect(await store.stat(info.blobId)).toEqual(info);
    expect(await text((await store.openStream(info.blobId)).stream)).toBe('hello');
  });

  it('accepts a stream and gives every put its own id, even for equal content', async () => {
    const a = await store.put(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), { mediaType: 'text/plain' });
    const b = await store.put(bytes('hello'), { mediaType: 'text/plain' });
    expect(a.sha256).toBe(HELLO_SHA);
    expect(a.blobId).not.toBe(b.blobId);
    expect(await store.delete(a.blobId)).toBe(true);
    expect(Buffer.from((await store.get(b.blobId)).bytes).toString()).toBe('hello');
  });

  it('takes a stream from its first byte even when the caller already listens to its data', async () => {
    // A 'data' listener (e.g. a progress counter) would set the stream flowing while the store
    // opens its file; the store must hold it so no chunk passes before it reads.
    const source = new PassThrough();
    source.write('hel');
    source.end('lo');
    let seen = 0;
    source.on('data', (chunk: Buffer) => (seen += chunk.length));
    const info = await store.put(source, { mediaType: 'text/plain' });
    expect(info).toMatchObject({ size: 5, sha256: HELLO_SHA });
    expect(Buffer.from((await store.get(info.blobId)).bytes).toString()).toBe('hello');
    expect(seen).toBe(5);
  });

  it('refuses a stream whose beginning was already read by someone else', async () => {
    const source = new PassThrough();
    source.write('hel');
    source.read();
    source.end('lo');
    expect((await failure(store.put(source, { mediaType: 'text/plain' }))).code).toBe('invalid-source');
  });

  it('stores under a given id, a second put to it replacing the first (a retried write)', async () => {
    const blobId = deriveBlobId(['workflow-1', 'run-1', 'activity-3']);
    expect(blobId).toMatch(/^[0-9a-f]{32}$/);
    expect(deriveBlobId(['workflow-1', 'run-1', 'activity-4'])).not.toBe(blobId);
    const first = await store.put(bytes('first try'), { mediaType: 'text/plain', blobId });
    const second = await store.put(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), { mediaType: 'text/plain', blobId });
    expect([first.blobId, second.blobId]).toEqual([blobId, blobId]);
    expect(await store.get(blobId)).toEqual({ info: second, bytes: bytes('hello') });
    expect((await failure(store.put(bytes('x'), { mediaType: 'text/plain', blobId: '../escape' }))).code).toBe('invalid-id');
  });

  it('refuses blobs over the store limit and over a per-put limit, naming the limit', async () => {
    const tooBig = await failure(store.put(new Uint8Array(1025), { mediaType: 'application/octet-stream' }));
    expect(tooBig.code).toBe('too-large');
    expect(tooBig.message).toBe('the blob exceeds the size limit of 1 KiB (1024 bytes)');
    const stream = Readable.from((function* () {
      for (let i = 0; i < 10; i += 1) yield Buffer.alloc(200);
    })());
    expect((await failure(store.put(stream, { mediaType: 'application/octet-stream' }))).code).toBe('too-large');
    expect((await failure(store.put(new Uint8Array(11), { mediaType: 'application/pdf', maxBytes: 10 }))).message).toMatch(/10 B/);
  });

  it('rejects ids that are not store ids, including path tricks', async () => {
    for (const id of ['../../etc/passwd', 'ABCDEF0123456789abcdef0123456789', '', '0'.repeat(33), `${'0'.repeat(30)}/x`]) {
      expect((await failure(store.get(id))).code).toBe('invalid-id');
      expect((await failure(store.stat(id))).code).toBe('invalid-id');
    }
  });

  it('answers not-found for an unknown id and false when deleting it', async () => {
    const id = '0123456789abcdef0123456789abcdef';
    expect((await failure(store.get(id))).code).toBe('not-found');
    expect((await failure(store.openStream(id))).code).toBe('not-found');
    expect(await store.stat(id)).toBeUndefined();
    expect(await store.delete(id)).toBe(false);
  });

  it('deletes every blob put for a task, and only those, once (a retried sweep deletes nothing more)', async () => {
    const first = await store.put(bytes('upload'), { mediaType: 'text/plain', taskId: 'task-1' });
    const retried = deriveBlobId(['redacted', 'task-1']);
    await store.put(bytes('redacted v1'), { mediaType: 'text/plain', taskId: 'task-1', blobId: retried });
    await store.put(bytes('redacted v2'), { mediaType: 'text/plain', taskId: 'task-1', blobId: retried });
    const other = await store.put(bytes('other task'), { mediaType: 'text/plain', taskId: 'task-2' });
    const untagged = await store.put(bytes('no task'), { mediaType: 'text/plain' });
    const gone = await store.put(bytes('deleted by id'), { mediaType: 'text/plain', taskId: 'task-1' });
    await store.delete(gone.blobId);

    expect((await store.deleteTaskBlobs('task-1')).sort()).toEqual([first.blobId, retried].sort());
    expect(await store.stat(first.blobId)).toBeUndefined();
    expect(await store.stat(retried)).toBeUndefined();
    expect(await store.stat(other.blobId)).toBeDefined();
    expect(await store.stat(untagged.blobId)).toBeDefined();
    expect(await store.deleteTaskBlobs('task-1')).toEqual([]);
    expect(await store.deleteTaskBlobs('never-stored')).toEqual([]);
  });

  it('validates the media type and strips paths from file names', async () => {
    expect((await failure(store.put(bytes('x'), { mediaType: 'not a type' }))).code).toBe('invalid-metadata');
    const info = await store.put(bytes('x'), { mediaType: 'application/pdf; charset=binary', filename: '../../secret\u0000/evil.pdf' });
    expect(info.filename).toBe('evil.pdf');
  });

  it('does not let callers mutate stored bytes', async () => {
    const input = bytes('hello');
    const info = await store.put(input, { mediaType: 'text/plain' });
    input[0] = 0;
    const first = await store.get(info.blobId);
    first.bytes[1] = 0;
    expect(Buffer.from((await store.get(info.blobId)).bytes).toString()).toBe('hello');
  });
});

describe('directory artifact store on disk', () => {
  it('survives a reopen and leaves no temp files behind after puts, failed puts and deletes', async () => {
    const directory = await mkdtemp(join(dir, 'reopen-'));
    const first = await createDirectoryArtifactStore({ directory, maxBlobBytes: 100 });
    const kept = await first.put(bytes('persist me'), { mediaType: 'text/plain' });
    const gone = await first.put(bytes('delete me'), { mediaType: 'text/plain' });
    await first.delete(gone.blobId);
    await failure(first.put(new Uint8Array(101), { mediaType: 'text/plain' }));
    expect(await readdir(join(directory, 'tmp'))).toEqual([]);
    const second = await createDirectoryArtifactStore({ directory });
    expect(Buffer.from((await second.get(kept.blobId)).bytes).toString()).toBe('persist me');
    expect(await second.stat(gone.blobId)).toBeUndefined();
  });

  it('detects bytes changed on disk behind its back', async () => {
    const directory = await mkdtemp(join(dir, 'tamper-'));
    const store = await createDirectoryArtifactStore({ directory });
    const info = await store.put(bytes('original'), { mediaType: 'text/plain' });
    await writeFile(join(directory, 'blobs', info.blobId.slice(0, 2), `${info.blobId}.bin`), 'tampered');
    expect((await failure(store.get(info.blobId))).code).toBe('corrupt');
  });

  it('treats data without metadata (a crash before commit) as absent and sweeps stale temp files', async () => {
    const directory = await mkdtemp(join(dir, 'crash-'));
    const store = await createDirectoryArtifactStore({ directory });
    const info = await store.put(bytes('half'), { mediaType: 'text/plain' });
    await rm(join(directory, 'blobs', info.blobId.slice(0, 2), `${info.blobId}.json`));
    expect(await store.stat(info.blobId)).toBeUndefined();
    const stale = join(directory, 'tmp', 'leftover.bin.part');
    await writeFile(stale, 'partial');
    await utimes(stale, new Date(0), new Date(0));
    await writeFile(join(directory, 'tmp', 'fresh.bin.part'), 'in progress elsewhere');
    await createDirectoryArtifactStore({ directory });
    expect(await readdir(join(directory, 'tmp'))).toEqual(['fresh.bin.part']);
  });
});
