// Conversions between the engine's millisecond numbers and protobuf Timestamp/Duration/int64 values
// (decoded int64 values arrive as Long objects, encoded ones may be plain numbers).
type LongLike = number | string | { toNumber(): number } | { low: number; high: number } | null | undefined;
export interface ProtoTime {
  seconds?: LongLike;
  nanos?: number | null;
}

export function num(v: LongLike): number {
  if (v == null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  // Long instances, or their plain {low, high} form after a v8.deserialize round trip.
  if ('toNumber' in v) return v.toNumber();
  return v.high * 4294967296 + (v.low >>> 0);
}

export function toMs(t: ProtoTime | null | undefined): number {
  if (!t) return 0;
  return num(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

export function fromMs(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** Timestamp for optional times: 0 means unset. */
export function optTime(ms: number | undefined): { seconds: number; nanos: number } | undefined {
  return ms ? fromMs(ms) : undefined;
}
