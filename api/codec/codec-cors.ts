// CORS for the codec server: the Temporal Web UI calls it from the operator's browser, from the UI's
// own origin. Only the configured origins are answered (echoed, never `*`, since the UI may send
// credentials); any other origin is refused outright, so a foreign page cannot use the codec even
// through a request that skips the preflight. Requests without an Origin (the CLI) are not CORS.
import { A2AError } from '../a2a-error';
import type { ApiContext } from '../app-types';

/** What the Web UI sends: the JSON body, the namespace, and (with "pass access token") the bearer token. */
export const CODEC_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Namespace'] as const;
const ALLOWED_METHODS = 'POST, OPTIONS';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Sets the CORS headers of an allowed origin, or refuses (403) a request from any other origin. */
export function applyCodecCors(ctx: ApiContext, allowedOrigins: readonly string[]): void {
  ctx.vary('Origin');
  const origin = ctx.get('Origin');
  if (!origin) return;
  if (!allowedOrigins.includes(origin)) {
    throw A2AError.permissionDenied(`Origin ${origin} may not call the codec server (CODEC_CORS_ORIGIN lists the allowed Web UI origins)`, {
      origin,
    });
  }
  ctx.set('Access-Control-Allow-Origin', origin);
  // The UI's "include cross-origin credentials" option sends cookies; the browser reads the answer
  // to such a request only when this is set.
  ctx.set('Access-Control-Allow-Credentials', 'true');
}

/** Answers a preflight (OPTIONS) from an allowed origin: 204 with the methods and headers the UI uses. */
export function answerCodecPreflight(ctx: ApiContext, allowedOrigins: readonly string[]): void {
  applyCodecCors(ctx, allowedOrigins);
  ctx.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
  ctx.set('Access-Control-Allow-Headers', CODEC_ALLOWED_HEADERS.join(', '));
  ctx.set('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
  ctx.status = 204;
}
