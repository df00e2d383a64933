// The approvals API for people's front ends (the inbox page and any other): what the caller may
// decide, across agents, and what the caller submitted, as JSON and as live SSE feeds. The feeds poll
// visibility on the server every `pollMs` and send the whole list again whenever it changed (frame
// `id` counts the versions); listing is eventually consistent, so a change shows within about
// `pollMs` plus the visibility lag. Deciding is an ordinary A2A message to the task (README "Approval").
import { setTimeout as sleep } from 'node:timers/promises';
import type Router from '@koa/router';
import type { ApiContext, ApiState } from '../app-types';
import type { ApprovalListing } from '../approvals/approval-listing';
import type { PendingApprovals, Submissions } from '../approvals/approval-wire';
import { JSON_MEDIA_TYPE, reportUnexpected, writeHttpError } from '../bindings/endpoint';
import { pipeSse } from '../http/sse';
import type { StreamRegistry } from '../http/stream-registry';
import { principalKey } from '../limits/principal-key';
import { httpErrorBody } from '../protocol/error-wire';
import type { Principal } from '../request-handler';

export interface ApprovalRouteDeps {
  listing: ApprovalListing;
  /** The API's admission (credentials, rate); no agent scope here, the listing filters by scope. */
  admission: (ctx: ApiContext) => Promise<Principal>;
  streams: StreamRegistry;
  heartbeatMs: number;
  /** How often a live feed reads visibility again (default 2 s). */
  pollMs?: number;
}

export const DEFAULT_APPROVALS_POLL_MS = 2_000;

export function registerApprovalRoutes(router: Router<ApiState>, deps: ApprovalRouteDeps): void {
  const feeds: Array<[string, (p: Principal) => Promise<PendingApprovals | Submissions>]> = [
    ['/approvals/pending', (p) => deps.listing.pending(p)],
    ['/approvals/submissions', (p) => deps.listing.submissions(p)],
  ];
  for (const [path, read] of feeds) {
    router.get(path, async (ctx) => {
      const principal = await deps.admission(ctx);
      ctx.set('Cache-Control', 'no-store');
      ctx.type = JSON_MEDIA_TYPE;
      ctx.body = await read(principal);
    });
    router.get(`${path}/stream`, async (ctx) => {
      const principal = await deps.admission(ctx);
      const signal = ctx.state.abort.signal;
      await pipeSse({
        ctx,
        source: () => changes(() => read(principal), deps.pollMs ?? DEFAULT_APPROVALS_POLL_MS, signal),
        frame: (item) => item.value,
        errorFrame: (err) => httpErrorBody(reportUnexpected(ctx, err), { requestId: ctx.state.requestId }),
        earlyError: (err) => writeHttpError(ctx, err, JSON_MEDIA_TYPE),
        heartbeatMs: deps.heartbeatMs,
        registry: deps.streams,
        owner: principalKey(principal, ctx.ip),
      });
    });
  }
}

/** Reads every `pollMs` and yields each value that differs from the last one sent (the first always). */
async function* changes<T>(read: () => Promise<T>, pollMs: number, signal: AbortSignal): AsyncGenerator<{ seq: number; value: T }> {
  let last: string | undefined;
  let seq = 0;
  while (!signal.aborted) {
    const value = await read();
    const text = JSON.stringify(value);
    if (text !== last) {
      last = text;
      yield { seq: ++seq, value };
    }
    try {
      await sleep(pollMs, undefined, { signal });
    } catch {
      return;
    }
  }
}
