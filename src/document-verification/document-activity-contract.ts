// Contract of the document activities (bring a document into the artifact store, describe a stored
// one): plain types and failure names, so workflows import them without the activities' Node code.

/** A document in the artifact store; what the tools take as `{documentId}`. */
export interface StoredDocument {
  blobId: string;
  size: number;
  sha256: string;
  mediaType: string;
  filename?: string;
}

export interface StoreInlineDocumentInput {
  contentBase64: string;
  mediaType?: string;
  filename?: string;
  maxBytes: number;
}

export interface DownloadDocumentInput {
  url: string;
  /** The media type the requester declared; the server's Content-Type is used when absent. */
  mediaType?: string;
  filename?: string;
  maxBytes: number;
}

export interface DescribeStoredDocumentInput {
  blobId: string;
}

/** ApplicationFailure types of the document activities; all non-retryable (retrying cannot help). */
export const DocumentFailure = {
  TooLarge: 'DocumentTooLarge',
  /** The URL is not allowed (scheme, credentials, private address) by the outbound-request policy. */
  UrlRefused: 'DocumentUrlRefused',
  /** The server answered with a 4xx other than 408/429, or too many redirects. */
  DownloadRefused: 'DocumentDownloadRefused',
  NotFound: 'DocumentNotFound',
  InvalidContent: 'DocumentInvalidContent',
} as const;
