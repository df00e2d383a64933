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
  const head = type.encode(message).finish();
  if (!historyBytes) return Buffer.isBuffer(head) ? head : Buffer.from(head);
  return Buffer.concat([head, frameField(historyFieldNo, historyBytes)]);
}
