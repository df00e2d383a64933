// Opens the artifact store the platform runs on: a given store (tests), or the directory store behind
// the encrypting decorator, so documents, extracted and redacted text are sealed with the payload keys.
import { createDirectoryArtifactStore, createEncryptedArtifactStore, type ArtifactStore } from '../artifact-store';
import { sealedLength } from '../artifact-store/blob-seal';
import type { KeyRingOptions } from '../codec/key-ring';

export type ArtifactStoreSettings =
  | { store: ArtifactStore }
  | {
      directory: string;
      /** The largest document (plaintext), default 25 MiB. */
      maxBlobBytes?: number;
      /** The payload keys; undefined (encryption turned off) stores new blobs in clear. */
      encryption?: KeyRingOptions;
    };

export const DEFAULT_MAX_BLOB_BYTES = 25 * 1024 * 1024;

export async function openArtifactStore(settings: ArtifactStoreSettings): Promise<ArtifactStore> {
  if ('store' in settings) return settings.store;
  const maxBlobBytes = settings.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;
  // The directory holds sealed bytes, a little larger than the plaintext the limit is about.
  const inner = await createDirectoryArtifactStore({ directory: settings.directory, maxBlobBytes: sealedLength(maxBlobBytes) });
  return createEncryptedArtifactStore({ inner, keys: settings.encryption, maxBlobBytes });
}
