// The signature of approver notification webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
// "<t>.<body>")>`. A receiver recomputes it over the raw body, compares in constant time, and refuses
// a timestamp too far from its clock (replays); the delivery id header lets it drop duplicates.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signNotification(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** A receiver's check (also what the tests and the README's example use). */
export function verifyNotificationSignature(options: { secret: string; body: string; header: string | undefined; nowSeconds: number; toleranceSeconds?: number }): boolean {
  const fields = new Map((options.header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(fields.get('t'));
  const given = fields.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(options.nowSeconds - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = signNotification(options.secret, options.body, t).split('v1=')[1];
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
