// Wire building blocks shared by both protocol versions.
import { z } from 'zod';
import type { JsonObject, JsonValue } from '../../src/a2a-model/types';

export const jsonValueSchema = z.json() as unknown as z.ZodType<JsonValue>;
export const jsonObjectSchema = z.record(z.string(), z.json()) as unknown as z.ZodType<JsonObject>;

/** ProtoJSON `bytes`: standard or URL-safe base64, padding optional. */
export const base64Schema = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64-encoded bytes')
  .refine((s) => s.replace(/=+$/, '').length % 4 !== 1, 'must be base64-encoded bytes');

export const nonEmptyString = z.string().min(1, 'must not be empty');

/** Absolute http(s) URL, as push webhooks need; address policy (private ranges …) is the handler's. */
export const webhookUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http or https URL' });

export const nonNegativeInt = z.number().int('must be an integer').min(0, 'must be non-negative');

/** proto3 leaves unset strings empty; the internal model says "absent" instead. */
export const presentString = (value: string | undefined): string | undefined => (value === '' ? undefined : value);

/** Drops keys whose value is undefined, so rendered JSON has no `"x": undefined` noise for typed comparisons. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
