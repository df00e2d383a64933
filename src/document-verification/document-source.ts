// Where the document of a request is: the first file part of the message (already in the artifact
// store, inline bytes, or a URL to fetch), plus the text parts as the requester's instructions. Pure.
import type { Message, Part } from '../a2a-model/types';

export type DocumentSource =
  | { kind: 'stored'; blobId: string; size: number; sha256: string; mediaType?: string; filename?: string }
  | { kind: 'inline'; contentBase64: string; mediaType?: string; filename?: string }
  | { kind: 'url'; url: string; mediaType?: string; filename?: string };

export interface DocumentRequest {
  source?: DocumentSource;
  /** Text of the message's text parts, trimmed; empty when none. */
  instructions: string;
  /** File parts beyond the first, which this agent does not verify. */
  ignoredFiles: number;
}

const fileMeta = (part: Part) => ({
  ...(part.mediaType ? { mediaType: part.mediaType } : {}),
  ...(part.filename ? { filename: part.filename } : {}),
});

function toSource(part: Part): DocumentSource | undefined {
  switch (part.kind) {
    case 'stored':
      return { kind: 'stored', blobId: part.blobId, size: part.size, sha256: part.sha256, ...fileMeta(part) };
    case 'raw':
      return { kind: 'inline', contentBase64: part.raw, ...fileMeta(part) };
    case 'url':
      return { kind: 'url', url: part.url, ...fileMeta(part) };
    default:
      return undefined;
  }
}

export function readDocumentRequest(message: Message): DocumentRequest {
  const sources = message.parts.map(toSource).filter((s): s is DocumentSource => s !== undefined);
  const instructions = message.parts
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('\n')
    .trim();
  return { ...(sources[0] ? { source: sources[0] } : {}), instructions, ignoredFiles: Math.max(0, sources.length - 1) };
}

/** The name a report uses for the document. */
export function documentName(source: DocumentSource | undefined): string {
  if (!source) return 'the document';
  if (source.filename) return source.filename;
  if (source.kind === 'url') {
    const last = source.url.split(/[?#]/)[0].split('/').filter(Boolean).pop();
    if (last) return last;
  }
  return 'the document';
}
