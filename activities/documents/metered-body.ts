// A response body read through a byte count and a SHA-256, so a download can check what the store
// kept against what arrived. Pull-based: nothing is read until the store asks for the next chunk,
// so the body never flows ahead of its consumer (a 'data' listener would drop what the store missed).
import { createHash } from 'node:crypto';

export interface MeteredBody {
  chunks: AsyncIterable<Uint8Array>;
  /** Size and SHA-256 of what the consumer has read so far (call once, after it finished). */
  digest(): { size: number; sha256: string };
}

export function meterBody(source: AsyncIterable<Uint8Array>, onChunk?: () => void): MeteredBody {
  const hash = createHash('sha256');
  let size = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    // Leaving this loop early (the store refused or failed) returns the source's iterator, which
    // destroys a stream source.
    for await (const chunk of source) {
      size += chunk.byteLength;
      hash.update(chunk);
      onChunk?.();
      yield chunk;
    }
  }
  return { chunks: chunks(), digest: () => ({ size, sha256: hash.digest('hex') }) };
}
