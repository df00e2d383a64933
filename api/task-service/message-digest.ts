// What makes two sends "the same message": one messageId may be re-sent (a retry), but not reused
// for other content. The digest covers everything the client puts in the message except its
// addressing (messageId is the key; taskId and contextId already pick the task): role, parts,
// metadata, extensions, referenceTaskIds. File bytes count by their SHA-256, so a file stored in the
// artifact store on the first send matches the inline bytes of a re-send, in either base64 alphabet.
import type { JsonValue, Message, Part } from '../../src/a2a-model/types';
import { sha256Hex } from '../../src/artifact-store/hash';
import { canonicalJson } from '../../src/canonical-json';

/** A file's name is a label the store may clean up, so bytes compare by content and media type. */
function canonicalPart(part: Part): JsonValue {
  const metadata = part.metadata ?? null;
  switch (part.kind) {
    case 'raw':
    case 'stored': {
      const bytes = part.kind === 'raw' ? sha256Hex(Buffer.from(part.raw, 'base64')) : part.sha256;
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

export function messageDigest(message: Message): string {
  return sha256Hex(
    Buffer.from(canonicalJson({
      role: message.role,
      parts: message.parts.map(canonicalPart),
      metadata: message.metadata ?? null,
      extensions: message.extensions ?? [],
      referenceTaskIds: message.referenceTaskIds ?? [],
    })),
  );
}
