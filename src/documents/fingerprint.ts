// Identity of a document: SHA-256, size and the media type its bytes actually have, compared with the
// type it was declared as. A mismatch (a "PDF" that is really a zip) is a verification finding.
import { createHash } from 'node:crypto';
import { detectMediaType, mediaTypesAgree, normalizeMediaType, type DetectedMediaType } from './media-type';

export interface DocumentFingerprint {
  sha256: string;
  size: number;
  detectedMediaType: DetectedMediaType;
  detectionEvidence: string;
  declaredMediaType?: string;
  /** True only when a declared type was given and it disagrees with the bytes. */
  mediaTypeMismatch: boolean;
}

export function fingerprintDocument(bytes: Uint8Array, declaredMediaType?: string): DocumentFingerprint {
  const detection = detectMediaType(bytes);
  const declared = declaredMediaType === undefined ? undefined : normalizeMediaType(declaredMediaType);
  return {
    sha256: sha256Hex(bytes),
    size: bytes.byteLength,
    detectedMediaType: detection.mediaType,
    detectionEvidence: detection.evidence,
    ...(declared === undefined ? {} : { declaredMediaType: declared }),
    mediaTypeMismatch: declared !== undefined && declared !== '' && !mediaTypesAgree(declared, detection.mediaType),
  };
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
