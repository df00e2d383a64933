// Request rate per principal: one token bucket per key (tenant and subject, or the client address
// for unauthenticated callers), refilled continuously at `perSecond` up to `burst`. Buckets that are
// full again carry no information and are dropped, so memory follows the active callers only.
export interface RateLimitSettings {
  /** Sustained requests per second per principal. */
  perSecond: number;
  /** Requests a principal may make at once after being idle. Default: max(1, 2 × perSecond). */
  burst?: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  readonly perSecond: number;
  readonly burst: number;
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

const SWEEP_EVERY = 1024;

export function createRateLimiter(settings: RateLimitSettings, now: () => number = () => performance.now()): RateLimiter {
  const perSecond = settings.perSecond;
  const burst = settings.burst ?? Math.max(1, Math.ceil(2 * perSecond));
  if (!(perSecond > 0) || !(burst >= 1)) throw new Error('rate limit: perSecond must be > 0 and burst >= 1');
  const buckets = new Map<string, Bucket>();
  let takes = 0;

  const refill = (bucket: Bucket, t: number) => {
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    bucket.at = t;
  };

  const sweep = (t: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= burst) buckets.delete(key);
    }
  };

  return {
    perSecond,
    burst,
    take(key) {
      const t = now();
      if (++takes % SWEEP_EVERY === 0) sweep(t);
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: burst, at: t };
        buckets.set(key, bucket);
      } else refill(bucket, t);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / perSecond) * 1000) };
    },
  };
}
