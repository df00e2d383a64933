// The approvals API for people's front ends (the inbox page and any other): what the caller may
// decide, across agents, and what the caller submitted, as JSON and as live SSE feeds. A feed sends
// the whole list again whenever it changed (frame `id` counts the versions it sent); its lists come
// from the process's shared pollers (api/approvals/approval-feeds.ts), so a change shows within about
// `pollMs` plus the visibility lag. Deciding is an ordinary A2A message to the task (README "Approval").
import type Router from '@koa/router';
import type { ApiContext, ApiState } from '../app-types';
import type { ApprovalFeeds } from '../approvals/approval-feeds';
import type { ApprovalListing, ApprovalRead } from '../approvals/approval-listing';
import type { PendingApprovals, Submissions } from '../approvals/approval-wire';
import { JSON_MEDIA_TYPE, reportUnexpected, writeHttpError } from '../bindings/endpoint';
import { pipeSse } from '../http/sse';
import type { StreamRegistry } from '../http/stream-registry';
import { principalKey } from '../limits/principal-key';
import { httpErrorBody } from '../protocol/error-wire';
import type { Principal } from '../request-handler';

export interface ApprovalRouteDeps {
  listing: ApprovalListing;
  /** The live feeds' shared pollers and per-principal feed limit, one per API process. */
  feeds: ApprovalFeeds;
  /** The API's admission (credentials, rate); no agent scope here, the listing filters by scope. */
  admission: (ctx: ApiContext) => Promise<Principal>;
  streams: StreamRegistry;
  heartbeatMs: number;
}

type Reader = (p: Principal) => ApprovalRead<PendingApprovals> | ApprovalRead<Submissions>;

export function registerApprovalRoutes(router: Router<ApiState>, deps: ApprovalRouteDeps): void {
  const feeds: Array<[string, Reader]> = [
    ['/approvals/pending', (p) => deps.listing.pending(p)],
    ['/approvals/submissions', (p) => deps.listing.submissions(p)],
  ];
  for (const [path, reader] of feeds) {
    router.get(path, async (ctx) => {
      const principal = await deps.admission(ctx);
      const listing = reader(principal) as ApprovalRead<unknown>;
      ctx.set('Cache-Control', 'no-store');
      ctx.type = JSON_MEDIA_TYPE;
      ctx.body = listing.view(await listing.read());
    });
    router.get(`${path}/stream`, async (ctx) => {
      const principal = await deps.admission(ctx);
      const owner = principalKey(principal, ctx.ip);
      let release: () => void;
      try {
        release = deps.feeds.reserve(owner);
      } catch (err) {
        writeHttpError(ctx, err, JSON_MEDIA_TYPE);
        return;
      }
      const listing = reader(principal) as ApprovalRead<unknown>;
      const signal = ctx.state.abort.signal;
      try {
        await pipeSse({
          ctx,
          source: () => versions(deps.feeds.watch(listing.key, () => listing.read(), signal), listing.view),
          frame: (item) => item.value,
          errorFrame: (err) => httpErrorBody(reportUnexpected(ctx, err), { requestId: ctx.state.requestId }),
          earlyError: (err) => writeHttpError(ctx, err, JSON_MEDIA_TYPE),
          heartbeatMs: deps.heartbeatMs,
          registry: deps.streams,
          owner,
        });
      } finally {
        release();
      }
    });
  }
}

/** This subscriber's view of each shared version, numbered from 1 for its `id:` frames. */
async function* versions<T>(shared: AsyncIterable<T>, view: (listed: T) => T): AsyncGenerator<{ seq: number; value: T }> {
  let seq = 0;
  for await (const listed of shared) yield { seq: ++seq, value: view(listed) };
}
