// Decoded request fields are views into the whole request buffer (protobufjs slices bytes fields out
// of what grpc-js received), so a run keeping one small payload from a request would pin that entire
// request, about 8 KiB, for as long as the run lives: 10,000 parked A2A tasks pinned 150 MiB through
// their memo and search attributes alone. `detach` copies what a run keeps into plain objects whose
// bytes share one exact-size allocation of their own.

type Bytes = Uint8Array;

const isBytes = (v: unknown): v is Bytes => v instanceof Uint8Array;

/** Only plain data and decoded messages are copied; anything else (a Long) holds no bytes and is kept. */
function isCopiable(v: object): boolean {
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || proto === Object.prototype || typeof (v.constructor as { decode?: unknown })?.decode === 'function';
}

function byteLength(value: unknown): number {
  if (isBytes(value)) return value.byteLength;
  if (value === null || typeof value !== 'object' || !isCopiable(value)) return 0;
  let total = 0;
  for (const v of Object.values(value)) total += byteLength(v);
  return total;
}

function copy(value: unknown, slab: Buffer, at: { offset: number }): unknown {
  if (isBytes(value)) {
    const out = slab.subarray(at.offset, at.offset + value.byteLength);
    out.set(value);
    at.offset += value.byteLength;
    return out;
  }
  if (value === null || typeof value !== 'object' || !isCopiable(value)) return value;
  if (Array.isArray(value)) return value.map((v) => copy(v, slab, at));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copy(v, slab, at);
  return out;
}

/** A deep copy of `value` that shares no memory with any request buffer. */
export function detach<T>(value: T): T {
  if (value === null || value === undefined) return value;
  // Unpooled: a slab from Node's shared 8 KiB pool would be pinned by this run just the same.
  const slab = Buffer.allocUnsafeSlow(byteLength(value));
  return copy(value, slab, { offset: 0 }) as T;
}
