// The one error type of the document library: a stable `code` callers branch on and a message that
// says what was wrong in words a person (or a model) can act on. Never carries document content.

export type DocumentErrorCode =
  | 'unsupported-media-type'
  | 'corrupt'
  | 'encrypted'
  | 'truncated'
  | 'too-large'
  | 'invalid-json'
  | 'not-text'
  | 'timeout'
  | 'resource-limit'
  | 'aborted'
  | 'extractor-failed';

export class DocumentError extends Error {
  override readonly name = 'DocumentError';

  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDocumentError(error: unknown): error is DocumentError {
  return error instanceof DocumentError;
}
