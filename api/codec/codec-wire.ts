// The codec server's wire shape (Temporal's codec-server contract): a `Payloads` message in proto3
// JSON, `{"payloads":[{"metadata":{"<key>":"<base64>"},"data":"<base64>"}]}`. Parsed once here with
// zod into SDK payloads and written back the same way; bytes are base64 both ways, as proto3 JSON says.
import type { Payload } from '@temporalio/common';
import { z } from 'zod';

// proto3 JSON readers accept the standard and the URL-safe alphabet, padded or not.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const base64 = z.string().regex(BASE64, 'must be base64');

const payloadSchema = z.object({
  metadata: z.record(z.string(), base64).optional(),
  data: base64.optional(),
});

export const payloadsBodySchema = z.object({ payloads: z.array(payloadSchema) });
export type PayloadsBody = z.infer<typeof payloadsBodySchema>;

export interface WireViolation {
  field: string;
  description: string;
}

/** The body as SDK payloads, or the violations naming each bad field (`payloads.0.data`). */
export function parsePayloadsBody(value: unknown): { ok: true; payloads: Payload[] } | { ok: false; violations: WireViolation[] } {
  const parsed = payloadsBodySchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, violations: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', description: i.message })) };
  }
  return { ok: true, payloads: parsed.data.payloads.map(fromWire) };
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const text64 = (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');

function fromWire(payload: PayloadsBody['payloads'][number]): Payload {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, bytes(value)]));
  return { metadata, data: bytes(payload.data ?? '') };
}

export function toWire(payloads: readonly Payload[]): PayloadsBody {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).flatMap(([key, value]) => (value ? [[key, text64(value)]] : []))),
      data: text64(p.data ?? new Uint8Array()),
    })),
  };
}
