// The sealed form of a blob at rest: a stream of AES-256-GCM frames, so a 25 MiB document is encrypted
// and decrypted 64 KiB at a time (never held whole) while every byte released is authenticated first.
//   header  "A2AB" | version 1 | key id length (u8) | key id | salt (32 random bytes)
//   frame   final flag (u8: 0 more, 1 last) | length (u32 BE) | ciphertext | GCM tag (16)
// Each blob has its own key, HKDF-SHA256(payload key, salt), so frame i uses the counter IV
// 0^32 ‖ u64(i) without IV reuse across blobs. A frame's AAD is header ‖ u64(i) ‖ flag: frames cannot
// be reordered, dropped, moved to another blob or relabelled to another key id, and the authenticated
// final flag means a blob cut at a frame boundary is detected (no last frame) as is data after it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { CodecKey, KeyRing } from '../codec/key-ring';
import { ArtifactStoreError } from './artifact-store';

export const SEAL_FORMAT = 'a2ab1';
export const FRAME_BYTES = 64 * 1024;
const MAGIC = Buffer.from('A2AB');
const VERSION = 1;
const SALT_BYTES = 32;
const TAG_BYTES = 16;
const FRAME_HEAD_BYTES = 5;
const MAX_KEY_ID_BYTES = 64;
const HKDF_INFO = Buffer.from('a2a-temporal artifact blob v1');

/** An upper bound of the sealed size of `plainBytes` bytes (for the inner store's size limit). */
export function sealedLength(plainBytes: number): number {
  const frames = Math.floor(plainBytes / FRAME_BYTES) + 1;
  return MAGIC.byteLength + 2 + MAX_KEY_ID_BYTES + SALT_BYTES + plainBytes + frames * (FRAME_HEAD_BYTES + TAG_BYTES);
}

function blobKey(key: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, HKDF_INFO, 32));
}

function frameParams(header: Buffer, index: number, final: boolean): { iv: Buffer; aad: Buffer } {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 4);
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = final ? 1 : 0;
  return { iv, aad: Buffer.concat([header, tail]) };
}

/** Encrypts `source` frame by frame under `key`; the caller bounds and hashes the plaintext. */
export async function* sealBlob(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, key: CodecKey): AsyncGenerator<Buffer> {
  const keyId = Buffer.from(key.id, 'utf8');
  const salt = randomBytes(SALT_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION, keyId.byteLength]), keyId, salt]);
  const subkey = blobKey(key.key, salt);
  let index = 0;
  const frame = (plain: Buffer, final: boolean): Buffer => {
    const { iv, aad } = frameParams(header, index++, final);
    const cipher = createCipheriv('aes-256-gcm', subkey, iv).setAAD(aad);
    const head = Buffer.alloc(FRAME_HEAD_BYTES);
    head[0] = final ? 1 : 0;
    head.writeUInt32BE(plain.byteLength, 1);
    return Buffer.concat([head, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  yield header;
  let pending = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = pending.byteLength === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    while (pending.byteLength >= FRAME_BYTES) {
      yield frame(pending.subarray(0, FRAME_BYTES), false);
      pending = pending.subarray(FRAME_BYTES);
    }
  }
  yield frame(pending, true);
}

function corrupt(message: string): ArtifactStoreError {
  return new ArtifactStoreError('corrupt', message);
}

/** Bytes arriving in chunks, taken in exact lengths. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(chunk: Uint8Array): void {
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.length += chunk.byteLength;
  }
  peek(n: number): Buffer {
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.subarray(0, n);
  }
  take(n: number): Buffer {
    const out = Buffer.from(this.peek(n));
    this.chunks = [this.chunks[0]!.subarray(n)];
    this.length -= n;
    return out;
  }
}

/**
 * Decrypts a sealed blob, yielding each frame's plaintext only once its tag has verified. Throws
 * `corrupt` on any tampering, a truncated blob, data after the last frame, or a key not configured;
 * a streaming reader may have received earlier (authentic) frames when truncation is found.
 */
export async function* openSealedBlob(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, keys: KeyRing): AsyncGenerator<Buffer> {
  const queue = new ByteQueue();
  let header: Buffer | undefined;
  let subkey: Buffer | undefined;
  let index = 0;
  let finished = false;
  for await (const chunk of source) {
    queue.push(chunk);
    if (!header) {
      if (queue.length < MAGIC.byteLength + 2) continue;
      const start = queue.peek(MAGIC.byteLength + 2);
      if (!start.subarray(0, MAGIC.byteLength).equals(MAGIC) || start[4] !== VERSION) throw corrupt('the blob is not in the sealed format');
      const headerBytes = MAGIC.byteLength + 2 + start[5]! + SALT_BYTES;
      if (queue.length < headerBytes) continue;
      header = queue.take(headerBytes);
      const keyId = header.subarray(MAGIC.byteLength + 2, headerBytes - SALT_BYTES).toString('utf8');
      const key = keys.find(keyId);
      if (!key) throw corrupt(`the blob is encrypted with payload key "${keyId}", which is not configured`);
      subkey = blobKey(key, header.subarray(headerBytes - SALT_BYTES));
    }
    while (queue.length >= FRAME_HEAD_BYTES) {
      if (finished) throw corrupt('the blob has data after its last frame');
      const head = queue.peek(FRAME_HEAD_BYTES);
      const final = head[0] === 1;
      const length = head.readUInt32BE(1);
      if (head[0]! > 1 || length > FRAME_BYTES) throw corrupt(`frame ${index} of the blob is malformed`);
      if (queue.length < FRAME_HEAD_BYTES + length + TAG_BYTES) break;
      const body = queue.take(FRAME_HEAD_BYTES + length + TAG_BYTES).subarray(FRAME_HEAD_BYTES);
      const { iv, aad } = frameParams(header, index, final);
      const decipher = createDecipheriv('aes-256-gcm', subkey!, iv).setAAD(aad);
      decipher.setAuthTag(body.subarray(length));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
      } catch {
        throw corrupt(`frame ${index} of the blob does not authenticate (tampered, or the wrong key)`);
      }
      index += 1;
      finished = final;
      yield plain;
    }
  }
  if (!header || !finished) throw corrupt('the blob is truncated: its last frame is missing');
  if (queue.length > 0) throw corrupt('the blob has data after its last frame');
}
