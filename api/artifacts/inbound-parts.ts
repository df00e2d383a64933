// Inbound bytes before a message enters workflow history: limits are checked on the whole message
// first (nothing is stored for a refused message), then inline file parts above the threshold go to the
// artifact store and become `stored` parts, so history holds references. Every limit error names its
// setting. Wire schemas admit only text/raw/url/data parts, so `stored` parts come from here alone.
import type { Message, Part } from '../../src/a2a-model/types';
import { ArtifactStoreError, formatBytes, type ArtifactStore } from '../../src/artifact-store';
import { A2AError } from '../a2a-error';
import type { CallContext } from '../request-handler';

export interface InboundLimits {
  /** Inline file parts larger than this are moved to the artifact store. Default 64 KiB. */
  inlineThresholdBytes: number;
  /** The largest single part: decoded bytes of a file, UTF-8 bytes of text, JSON bytes of data. Default 5 MiB. */
  maxPartBytes: number;
  /** All parts of one message together, measured the same way. Default 8 MiB. */
  maxMessageBytes: number;
  /** What stays in workflow history after offloading (text, data, small files). Default 256 KiB. */
  maxInlineBytes: number;
  /** Parts in one message. Default 32. */
  maxParts: number;
}

export const DEFAULT_INBOUND_LIMITS: InboundLimits = {
  inlineThresholdBytes: 64 * 1024,
  maxPartBytes: 5 * 1024 * 1024,
  maxMessageBytes: 8 * 1024 * 1024,
  maxInlineBytes: 256 * 1024,
  maxParts: 32,
};

/** The defaults with every limit that is set (an undefined value keeps the default). */
export function resolveInboundLimits(overrides: Partial<InboundLimits> = {}): InboundLimits {
  const limits = { ...DEFAULT_INBOUND_LIMITS };
  for (const key of Object.keys(limits) as Array<keyof InboundLimits>) {
    const value = overrides[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/** `taskId`: the task the message goes to, whose index in the artifact store its stored files join. */
export type PrepareMessage = (ctx: CallContext, message: Message, taskId: string) => Promise<Message>;

/** Decoded size of base64 (standard or URL-safe, padding optional) without decoding it. */
export function base64DecodedLength(value: string): number {
  const unpadded = value.replace(/=+$/, '').length;
  return Math.floor((unpadded * 3) / 4);
}

function partBytes(part: Part): number {
  switch (part.kind) {
    case 'raw':
      return base64DecodedLength(part.raw);
    case 'text':
      return Buffer.byteLength(part.text, 'utf8');
    case 'data':
      return Buffer.byteLength(JSON.stringify(part.data), 'utf8');
    case 'url':
      return Buffer.byteLength(part.url, 'utf8');
    case 'stored':
      return 0;
  }
}

export function checkInboundLimits(message: Message, limits: InboundLimits): void {
  const { parts } = message;
  if (parts.length > limits.maxParts) {
    throw A2AError.contentTooLarge('maxParts', `The message has ${parts.length} parts; at most ${limits.maxParts} are accepted`, {
      field: 'message.parts',
      limitValue: limits.maxParts,
      actual: parts.length,
    });
  }
  let total = 0;
  let inline = 0;
  parts.forEach((part, i) => {
    const size = partBytes(part);
    if (size > limits.maxPartBytes) {
      throw A2AError.contentTooLarge(
        'maxPartBytes',
        `message.parts[${i}] is ${formatBytes(size)}; a part may be at most ${formatBytes(limits.maxPartBytes)}`,
        { field: `message.parts[${i}]`, limitValue: limits.maxPartBytes, actual: size },
      );
    }
    total += size;
    if (!(part.kind === 'raw' && size > limits.inlineThresholdBytes)) inline += size;
  });
  if (total > limits.maxMessageBytes) {
    throw A2AError.contentTooLarge(
      'maxMessageBytes',
      `The message's parts total ${formatBytes(total)}; a message may carry at most ${formatBytes(limits.maxMessageBytes)}`,
      { field: 'message.parts', limitValue: limits.maxMessageBytes, actual: total },
    );
  }
  if (inline > limits.maxInlineBytes) {
    throw A2AError.contentTooLarge(
      'maxInlineBytes',
      `The message's text, data and small files total ${formatBytes(inline)}; at most ${formatBytes(limits.maxInlineBytes)} ` +
        'may be sent inline; send large content as a file part',
      { field: 'message.parts', limitValue: limits.maxInlineBytes, actual: inline },
    );
  }
}

export function createMessagePreparer(options: { store: ArtifactStore; limits?: Partial<InboundLimits> }): PrepareMessage {
  const limits = resolveInboundLimits(options.limits);
  const { store } = options;
  return async (_ctx, message, taskId) => {
    checkInboundLimits(message, limits);
    if (!message.parts.some((p) => p.kind === 'raw' && base64DecodedLength(p.raw) > limits.inlineThresholdBytes)) return message;
    const parts = await Promise.all(
      message.parts.map((part, i) =>
        part.kind === 'raw' && base64DecodedLength(part.raw) > limits.inlineThresholdBytes ? storePart(store, part, { index: i, limits, taskId }) : part,
      ),
    );
    return { ...message, parts };
  };
}

async function storePart(
  store: ArtifactStore,
  part: Extract<Part, { kind: 'raw' }>,
  { index, limits, taskId }: { index: number; limits: InboundLimits; taskId: string },
): Promise<Part> {
  // Node's base64 decoder accepts the standard and the URL-safe alphabet, as ProtoJSON bytes may use either.
  const bytes = new Uint8Array(Buffer.from(part.raw, 'base64'));
  const mediaType = part.mediaType ?? 'application/octet-stream';
  try {
    const info = await store.put(bytes, {
      mediaType,
      ...(part.filename !== undefined ? { filename: part.filename } : {}),
      maxBytes: limits.maxPartBytes,
      taskId,
    });
    return {
      kind: 'stored',
      blobId: info.blobId,
      size: info.size,
      sha256: info.sha256,
      mediaType,
      ...(info.filename !== undefined ? { filename: info.filename } : {}),
      ...(part.metadata !== undefined ? { metadata: part.metadata } : {}),
    };
  } catch (err) {
    if (!(err instanceof ArtifactStoreError)) throw err;
    if (err.code === 'invalid-metadata') {
      throw A2AError.invalidFields([{ field: `message.parts[${index}].mediaType`, description: err.message }]);
    }
    if (err.code === 'too-large') {
      throw A2AError.contentTooLarge('maxBlobBytes', `message.parts[${index}] is larger than the artifact store accepts (${err.message})`, {
        field: `message.parts[${index}]`,
        limitValue: store.maxBlobBytes,
      });
    }
    throw err;
  }
}
