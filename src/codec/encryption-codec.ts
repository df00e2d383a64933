// A Temporal payload codec that encrypts every payload (workflow inputs and results, signals,
// queries, activity arguments: messages, documents, push credentials) with AES-256-GCM before it
// leaves the process, so Temporal history and visibility hold ciphertext only. The key id is recorded
// in each payload's metadata: payloads are encrypted with the active key and decrypted with whichever
// configured key they name, so keys rotate by adding a new active key and keeping the old ones.
// Search attributes are not payloads of this kind and are never encoded: they must hold no secrets.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createKeyRing, type KeyRingOptions } from './key-ring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
export const CIPHER_METADATA = 'encryption-cipher';
export const CIPHER = 'AES-256-GCM';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const text = new TextDecoder();

export { KEY_ID_PATTERN, type CodecKey } from './key-ring';
export type EncryptionCodecOptions = KeyRingOptions;

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

export function createEncryptionCodec(options: EncryptionCodecOptions): PayloadCodec & { activeKeyId: string } {
  const { activeKeyId, activeKey, find } = createKeyRing(options);
  const activeKeyIdBytes = utf8.encode(activeKeyId);

  const encrypt = (payload: Payload): Payload => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', activeKey, iv);
    // The key id is authenticated too: a payload cannot be relabelled to another key.
    cipher.setAAD(activeKeyIdBytes);
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: utf8.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: activeKeyIdBytes,
        [CIPHER_METADATA]: utf8.encode(CIPHER),
      },
      data: new Uint8Array(sealed),
    };
  };

  const decrypt = (payload: Payload): Payload => {
    const encoding = payload.metadata?.encoding;
    // Payloads written before encryption was turned on stay readable as they are.
    if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    const keyId = keyIdBytes ? text.decode(keyIdBytes) : '';
    const key = find(keyId);
    if (!key) throw new PayloadDecryptionError(`payload is encrypted with key "${keyId}", which is not configured`);
    const sealed = payload.data ?? new Uint8Array();
    if (sealed.byteLength < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(keyIdBytes!);
    decipher.setAuthTag(sealed.subarray(sealed.byteLength - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.byteLength - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`payload encrypted with key "${keyId}" does not authenticate (tampered or wrong key)`);
    }
    return temporal.api.common.v1.Payload.decode(plain) as Payload;
  };

  return {
    activeKeyId,
    async encode(payloads) {
      return payloads.map(encrypt);
    },
    async decode(payloads) {
      return payloads.map(decrypt);
    },
  };
}
