// The directory, memory and encrypted-directory stores against the shared contract
// (artifact-store-contract.ts; the S3 store runs it in s3-artifact-store.test.ts), then what only the
// directory store promises on disk: reopening, crash leftovers, tampering.
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDirectoryArtifactStore, createEncryptedArtifactStore, createMemoryArtifactStore } from '../../src/artifact-store';
import { sealedLength } from '../../src/artifact-store/blob-seal';
import { describeArtifactStoreContract, failure, type StoreFactory } from './artifact-store-contract';

const bytes = (s: string) => new Uint8Array(Buffer.from(s));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'artifact-store-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const stores: StoreFactory[] = [
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

describeArtifactStoreContract(stores);

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
