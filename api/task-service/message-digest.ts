// What makes two sends "the same message": one messageId may be re-sent (a retry), but not reused
// for other content. The digest covers everything the client puts in the message except its
// addressing (messageId is the key; taskId and contextId already pick the task): role, parts,
// metadata, extensions, referenceTaskIds. File bytes count by their SHA-256, so a file stored in the
// artifact store on the first send matches the inline bytes of a re-send, in either base64 alphabet.
import { createHash } from 'node:crypto';
import type { JsonValue, Message, Part } from '../../src/a2a-model/types';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A file's name is a label the store may clean up, so bytes compare by content and media type. */
function canonicalPart(part: Part): JsonValue {
  const metadata = part.metadata ?? null;
  switch (part.kind) {
    case 'raw':
    case 'stored': {
      const bytes = part.kind === 'raw' ? sha256(Buffer.from(part.raw, 'base64')) : part.sha256;
      return { bytes, mediaType: part.mediaType ?? 'application/octet-stream', metadata };
    }
    case 'text':
      return { text: part.text, mediaType: part.mediaType ?? null, filename: part.filename ?? null, metadata };
    case 'url':
      return { url: part.url, mediaType: part.mediaType ?? null, filename: part.filename ?? null, metadata };
    case 'data':
      return { data: part.data, mediaType: part.mediaType ?? null, filename: part.filename ?? null, metadata };
  }
}

/** JSON with object keys sorted at every level, so equal values have equal text. */
function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

export function messageDigest(message: Message): string {
  return sha256(
    canonicalJson({
      role: message.role,
      parts: message.parts.map(canonicalPart),
      metadata: message.metadata ?? null,
      extensions: message.extensions ?? [],
      referenceTaskIds: message.referenceTaskIds ?? [],
    }),
  );
}
