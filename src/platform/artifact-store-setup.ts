// Opens the artifact store the platform runs on: a given store (tests), or the directory store or an
// S3-compatible bucket behind the encrypting decorator, so documents, extracted and redacted text are
// sealed with the payload keys wherever they are kept.
import { createDirectoryArtifactStore, createEncryptedArtifactStore, type ArtifactStore } from '../artifact-store';
import { sealedLength } from '../artifact-store/blob-seal';
import type { KeyRingOptions } from '../codec/key-ring';
import type { S3StoreSettings } from './s3-store-settings';
import type { openS3ArtifactStore as OpenS3ArtifactStore } from './s3-store-setup';

export type ArtifactStoreSettings =
  | { store: ArtifactStore }
  | {
      directory: string;
      /** A bucket instead of the directory (ARTIFACT_STORE_URL), so many machines share the blobs. */
      s3?: S3StoreSettings;
      /** The largest document (plaintext), default 25 MiB. */
      maxBlobBytes?: number;
      /** The payload keys; undefined (encryption turned off) stores new blobs in clear. */
      encryption?: KeyRingOptions;
    };

export const DEFAULT_MAX_BLOB_BYTES = 25 * 1024 * 1024;

export async function openArtifactStore(settings: ArtifactStoreSettings): Promise<ArtifactStore> {
  if ('store' in settings) return settings.store;
  const maxBlobBytes = settings.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;
  // The store holds sealed bytes, a little larger than the plaintext the limit is about.
  const inner = settings.s3
    ? await loadS3Setup().openS3ArtifactStore(settings.s3, sealedLength(maxBlobBytes))
    : await createDirectoryArtifactStore({ directory: settings.directory, maxBlobBytes: sealedLength(maxBlobBytes) });
  return createEncryptedArtifactStore({ inner, keys: settings.encryption, maxBlobBytes });
}

/** Loaded only with a bucket configured: the AWS SDK would cost every other process start-up time. */
function loadS3Setup(): { openS3ArtifactStore: typeof OpenS3ArtifactStore } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./s3-store-setup') as { openS3ArtifactStore: typeof OpenS3ArtifactStore };
}
