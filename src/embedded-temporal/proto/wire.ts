// Low-level protobuf wire helpers: history events are stored already framed as `History.events`
// entries, so any response carrying a history is the encoded response plus one spliced field.
import type * as protobuf from 'protobufjs';

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 127) {
    bytes.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

/** Frames an encoded message as a length-delimited field `fieldNo` (wire type 2). */
export function frameField(fieldNo: number, body: Uint8Array): Buffer {
  return Buffer.concat([varint(fieldNo * 8 + 2), varint(body.length), body]);
}

/** Encodes `message` with `type`, then appends `historyBytes` (concatenated framed events) as a History field. */
export function encodeWithHistory(
  type: protobuf.Type,
  message: object,
  historyFieldNo: number,
  historyBytes: Buffer | null,
): Buffer {
  const head = Buffer.from(type.encode(message).finish());
  if (!historyBytes) return head;
  return Buffer.concat([head, frameField(historyFieldNo, historyBytes)]);
}

/** Splits concatenated framed `History.events` entries back into the individual framed entries. */
export function splitFramed(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    pos++; // tag of field 1, wire type 2: one byte
    let len = 0;
    let shift = 1;
    for (;;) {
      const b = bytes[pos++];
      len += (b & 127) * shift;
      if (b < 128) break;
      shift *= 128;
    }
    pos += len;
    out.push(bytes.subarray(start, pos));
  }
  return out;
}
