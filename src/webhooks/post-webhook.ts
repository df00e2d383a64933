// One HTTP POST to a checked webhook: connects only to the addresses the policy approved (no DNS
// re-resolution), never follows redirects, and times out. Classifies the outcome for retry.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { ResolvedWebhook } from './webhook-policy';

export type WebhookOutcome =
  | { kind: 'delivered'; status: number }
  /** Worth another attempt: network error, timeout, 408, 425, 429, 5xx. */
  | { kind: 'retryable'; status?: number; reason: string; retryAfterMs?: number }
  /** Will not succeed by retrying: other 4xx, a redirect. */
  | { kind: 'refused'; status: number; reason: string };

export interface PostWebhookOptions {
  target: ResolvedWebhook;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export function postWebhook(options: PostWebhookOptions): Promise<WebhookOutcome> {
  const { url, addresses } = options.target;
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    const address = addresses[0];
    const family = isIP(address);
    if ((lookupOptions as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        timeout: options.timeoutMs,
        signal: options.signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume(); // the body is not needed; drain it so the socket is released
        response.on('end', () => resolve(classify(status, response.headers['retry-after'])));
        response.on('error', (err) => resolve({ kind: 'retryable', status, reason: err.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (err) => resolve({ kind: 'retryable', reason: err.message }));
    request.end(options.body);
  });
}

function classify(status: number, retryAfter: string | string[] | undefined): WebhookOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status >= 300 && status < 400) return { kind: 'refused', status, reason: `webhook answered a redirect (${status}); redirects are not followed` };
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    return { kind: 'retryable', status, reason: `webhook answered ${status}`, ...(seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}) };
  }
  return { kind: 'refused', status, reason: `webhook answered ${status}` };
}
