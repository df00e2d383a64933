// A run's history as one contiguous buffer of framed `History.events` entries plus end offsets.
// One allocation per run (outside Node's shared 8 KiB pool, whose slabs small per-event buffers
// would pin) keeps parked runs cheap, and any event range is a zero-copy subarray.
const TAG_EVENTS = 0x0a; // field 1 (History.events), wire type 2

export class EventLog {
  private buf: Buffer = Buffer.alloc(0);
  private length = 0;
  /** End offset of each event; event id N ends at ends[N - 1]. */
  private ends: number[] = [];

  get count(): number {
    return this.ends.length;
  }

  /** Appends one encoded HistoryEvent, framing it as a History.events entry. */
  append(body: Uint8Array): void {
    const header = varintBytes(body.length);
    const needed = this.length + 1 + header.length + body.length;
    if (needed > this.buf.length) this.grow(needed);
    this.buf[this.length++] = TAG_EVENTS;
    for (const b of header) this.buf[this.length++] = b;
    this.buf.set(body, this.length);
    this.length += body.length;
    this.ends.push(this.length);
  }

  /** Appends already-framed entries (recovery). */
  appendFramed(framed: Uint8Array, ends: number[]): void {
    const base = this.length;
    if (base + framed.length > this.buf.length) this.grow(base + framed.length);
    this.buf.set(framed, base);
    this.length += framed.length;
    for (const e of ends) this.ends.push(base + e);
  }

  /** Framed events [fromIndex, toIndex) as a zero-copy view: the body of an encoded History. */
  range(fromIndex: number, toIndex = this.ends.length): Buffer {
    const from = Math.max(0, Math.min(fromIndex, this.ends.length));
    const to = Math.max(from, Math.min(toIndex, this.ends.length));
    const start = from === 0 ? 0 : this.ends[from - 1];
    const end = to === 0 ? 0 : this.ends[to - 1];
    return this.buf.subarray(start, end);
  }

  /** Forgets every event after the first `count` (a dropped speculative workflow task). */
  truncate(count: number): void {
    if (count >= this.ends.length) return;
    this.ends.length = count;
    this.length = count === 0 ? 0 : this.ends[count - 1];
  }

  /** Drops spare capacity, e.g. once the run is closed and will not grow again. */
  trim(): void {
    if (this.buf.length === this.length) return;
    const exact = Buffer.allocUnsafeSlow(this.length);
    this.buf.copy(exact, 0, 0, this.length);
    this.buf = exact;
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(needed, Math.ceil(this.buf.length * 1.5), 512));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** End offsets of the framed entries in `bytes` (as written by EventLog). */
export function framedEnds(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    pos++;
    let len = 0;
    let shift = 1;
    for (;;) {
      const b = bytes[pos++];
      len += (b & 127) * shift;
      if (b < 128) break;
      shift *= 128;
    }
    pos += len;
    ends.push(pos);
  }
  return ends;
}
