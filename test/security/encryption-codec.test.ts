// The payload codec: AES-256-GCM with the key id in the metadata. Payloads round-trip, the clear text
// is gone from the encoded form, keys rotate (old payloads stay readable once a new key is active),
// tampering and unknown keys are errors, and payloads written before encryption pass through.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { keysFromFile, newCodecKeyFile, parseCodecKeys } from '../../src/codec/codec-keys';
import { createEncryptionCodec, KEY_ID_METADATA, PayloadDecryptionError } from '../../src/codec/encryption-codec';

const key = (id: string) => ({ id, key: new Uint8Array(randomBytes(32)) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const SECRET = { credentials: 'Bearer super-secret-push-token', document: 'IBAN DE89 3704 0044 0532 0130 00' };

describe('the encryption codec', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  it('round-trips payloads and leaves no clear text in the encoded form', async () => {
    const codec = createEncryptionCodec({ keys: [k1] });
    const payload = defaultPayloadConverter.toPayload(SECRET);
    const [encoded] = await codec.encode([payload]);
    expect(text(encoded.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(encoded.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(encoded.data!).includes('super-secret')).toBe(false);
    expect(text(encoded.metadata?.encoding)).not.toContain('json');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(SECRET);
  });

  it('encrypts the same value differently each time (fresh IV)', async () => {
    const codec = createEncryptionCodec({ keys: [k1] });
    const payload = defaultPayloadConverter.toPayload('same');
    const [a] = await codec.encode([payload]);
    const [b] = await codec.encode([payload]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('rotates: with a new active key, old payloads still decrypt and new ones use the new key', async () => {
    const before = createEncryptionCodec({ keys: [k1] });
    const [old] = await before.encode([defaultPayloadConverter.toPayload('written with k1')]);
    const after = createEncryptionCodec({ keys: [k1, k2], activeKeyId: 'k2' });
    expect(defaultPayloadConverter.fromPayload((await after.decode([old]))[0])).toBe('written with k1');
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload('written with k2')]);
    expect(text(fresh.metadata?.[KEY_ID_METADATA])).toBe('k2');
    // Dropping k1 makes its payloads unreadable: that is what retiring a key means.
    const retired = createEncryptionCodec({ keys: [k2] });
    await expect(retired.decode([old])).rejects.toThrow(/key "k1", which is not configured/);
  });

  it('refuses tampered data and a payload relabelled to another key', async () => {
    const codec = createEncryptionCodec({ keys: [k1, k2] });
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const flipped = new Uint8Array(encoded.data!);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...encoded, data: flipped }])).rejects.toBeInstanceOf(PayloadDecryptionError);
    const relabelled: Payload = { ...encoded, metadata: { ...encoded.metadata, [KEY_ID_METADATA]: new TextEncoder().encode('k2') } };
    await expect(codec.decode([relabelled])).rejects.toBeInstanceOf(PayloadDecryptionError);
  });

  it('passes payloads written before encryption through unchanged', async () => {
    const codec = createEncryptionCodec({ keys: [k1] });
    const plain = defaultPayloadConverter.toPayload({ legacy: true });
    expect((await codec.decode([plain]))[0]).toBe(plain);
  });

  it('keeps undefined (binary/null) payloads meaning undefined', async () => {
    const codec = createEncryptionCodec({ keys: [k1] });
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(undefined)]);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded]))[0])).toBeUndefined();
  });

  it('validates keys: 32 bytes, unique ids, an active key that exists', () => {
    expect(() => createEncryptionCodec({ keys: [] })).toThrow(/at least one key/);
    expect(() => createEncryptionCodec({ keys: [{ id: 'short', key: new Uint8Array(16) }] })).toThrow(/32 bytes/);
    expect(() => createEncryptionCodec({ keys: [k1, k1] })).toThrow(/twice/);
    expect(() => createEncryptionCodec({ keys: [k1], activeKeyId: 'nope' })).toThrow(/not among/);
  });
});

describe('codec keys from configuration', () => {
  it('parses <keyId>:<base64> lists (ids may contain colons)', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64url');
    const keys = parseCodecKeys(`2030:q1:${a}, old:${b}`);
    expect(keys.map((k) => k.id)).toEqual(['2030:q1', 'old']);
    expect(Buffer.from(keys[1].key).toString('base64url')).toBe(b);
  });

  it('refuses keys of the wrong size or without an id, naming the variable', () => {
    expect(() => parseCodecKeys(`k:${randomBytes(16).toString('base64')}`)).toThrow(/PAYLOAD_ENCRYPTION_KEYS: key k must be 32 bytes/);
    expect(() => parseCodecKeys(randomBytes(32).toString('base64'))).toThrow(/PAYLOAD_ENCRYPTION_KEYS/);
  });

  it('reads the development key file it generates', () => {
    const file = newCodecKeyFile(new Date('2030-01-01T00:00:00Z'));
    const { keys, activeKeyId } = keysFromFile(JSON.stringify(file), 'payload-keys.json');
    expect(activeKeyId).toMatch(/^dev-2030-01-01-[0-9a-f]{6}$/);
    expect(keys[0].key.byteLength).toBe(32);
  });
});
