// The artifact store contract every implementation passes (directory, memory, S3, each also behind
// the encrypting decorator): what put, get, openStream, stat, delete and deleteTaskBlobs promise, limits and ids included.
// Each test gets a fresh store from the caller's factory, all limited to 1 KiB.
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ArtifactStoreError, deriveBlobId, type ArtifactStore } from '../../src/artifact-store';

export type StoreFactory = [name: string, create: () => Promise<ArtifactStore>];

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const HELLO_SHA = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

export async function failure(promise: Promise<unknown>): Promise<ArtifactStoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ArtifactStoreError);
  return error as ArtifactStoreError;
}

export function describeArtifactStoreContract(stores: StoreFactory[]): void {
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
}
