// Public surface of the artifact store: the interface, its error type, the directory and memory stores
// and the decorator that encrypts blobs at rest. The S3 store (s3-artifact-store.ts) is imported on
// its own, so processes without a bucket never load the AWS SDK (half a second of start-up).
export {
  ArtifactStoreError,
  assertBlobId,
  deriveBlobId,
  formatBytes,
  isBlobId,
  taskIndexKey,
  type ArtifactStore,
  type ArtifactStoreErrorCode,
  type BlobAttributes,
  type BlobInfo,
  type BlobSource,
  type PutOptions,
} from './artifact-store';
export { createDirectoryArtifactStore, type DirectoryArtifactStoreOptions } from './directory-artifact-store';
export { createEncryptedArtifactStore, type EncryptedArtifactStoreOptions } from './encrypted-artifact-store';
export { createMemoryArtifactStore } from './memory-artifact-store';
export { holdSource } from './blob-input';
