// The configured payload keys as one checked set: every key 32 bytes under a well-formed, unique id,
// and the active one (the first unless named) among them. History's codec and the artifact store's
// blob encryption share it, so both rotate the same way: a new active key encrypts, all decrypt.
export const KEY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const KEY_BYTES = 32;

export interface CodecKey {
  /** Recorded with everything it encrypts; letters, digits and `._:-`. */
  id: string;
  /** 32 bytes. */
  key: Uint8Array;
}

export interface KeyRingOptions {
  keys: readonly CodecKey[];
  /** The key new data is encrypted with; default the first. */
  activeKeyId?: string;
}

export interface KeyRing {
  activeKeyId: string;
  activeKey: Uint8Array;
  /** The key of that id, or undefined when it is not configured. */
  find(keyId: string): Uint8Array | undefined;
}

export function createKeyRing(options: KeyRingOptions): KeyRing {
  if (options.keys.length === 0) throw new Error('payload encryption needs at least one key');
  const keys = new Map<string, Uint8Array>();
  for (const { id, key } of options.keys) {
    if (!KEY_ID_PATTERN.test(id)) throw new Error(`payload key id "${id}" must be 1-64 letters, digits or . _ : -`);
    if (key.byteLength !== KEY_BYTES) throw new Error(`payload key ${id} must be ${KEY_BYTES} bytes (AES-256), not ${key.byteLength}`);
    if (keys.has(id)) throw new Error(`payload key id ${id} is given twice`);
    keys.set(id, key);
  }
  const activeKeyId = options.activeKeyId ?? options.keys[0]!.id;
  const activeKey = keys.get(activeKeyId);
  if (!activeKey) throw new Error(`the active payload key ${activeKeyId} is not among the configured keys`);
  return { activeKeyId, activeKey, find: (keyId) => keys.get(keyId) };
}
