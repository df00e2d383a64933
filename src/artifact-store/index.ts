// Public surface of the artifact store: the interface, its error type and the two implementations.
export {
  ArtifactStoreError,
  assertBlobId,
  deriveBlobId,
  formatBytes,
  isBlobId,
  type ArtifactStore,
  type ArtifactStoreErrorCode,
  type BlobInfo,
  type BlobSource,
  type PutOptions,
} from './artifact-store';
export { createDirectoryArtifactStore, type DirectoryArtifactStoreOptions } from './directory-artifact-store';
export { createMemoryArtifactStore } from './memory-artifact-store';
export { holdSource } from './blob-input';
