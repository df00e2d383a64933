// `GET /inbox/links/{token}`: opens a decision link from a notification. A link signed by this server
// and not expired answers 302 to the inbox page at its task, token kept for the decision; anything else
// a small HTML page saying why (400 invalid, 410 expired). Opening never decides and never consumes:
// the inbox sends the decision as an A2A message by an authenticated approver (see begin-send.ts).
// Opening is anonymous, so only links this server signed are audited; forged ones are counted in a
// warning at most once a minute (and by route and status in the HTTP metrics), never one record each.
import type Router from '@koa/router';
import type { DecisionLinks } from '../../src/decision-links/decision-link-token';
import { inboxTaskPath } from '../../src/decision-links/decision-link-token';
import type { AuditLog } from '../../src/audit/audit-log';
import type { Logger } from '../../src/logger';
import { createRefusalLogThrottle } from '../limits/refusal-log-throttle';
import type { ApiState } from '../app-types';

export const DECISION_LINK_ROUTE = '/inbox/links/:token';

const REFUSALS = {
  invalid: { status: 400, title: 'This link is not valid', detail: 'It was not issued by this server, or it was changed on the way.' },
  expired: { status: 410, title: 'This link has expired', detail: 'Decision links expire after 7 days or when the approval expires.' },
} as const;

const INVALID_LOG_INTERVAL_MS = 60_000;

export function registerDecisionLinkRoutes(router: Router<ApiState>, deps: { links: DecisionLinks; audit: AuditLog; logger: Logger }): void {
  const invalidLog = createRefusalLogThrottle({ intervalMs: INVALID_LOG_INTERVAL_MS });
  router.get(DECISION_LINK_ROUTE, (ctx) => {
    const token = ctx.params.token;
    const check = deps.links.verify(token);
    // Claims are only there when the signature holds (opened or expired): the record names the link, never the token.
    if (check.claims) {
      const { linkId, agentId, taskId } = check.claims;
      deps.audit.record('decision-link', { requestId: ctx.state.requestId, outcome: check.ok ? 'opened' : check.reason, linkId, agentId, taskId });
    } else {
      const line = invalidLog.admit('invalid');
      // This opening and those held back since the previous line.
      if (line) deps.logger.warn({ invalidOpenings: line.suppressed + 1 }, 'invalid decision links opened');
    }
    ctx.set('Cache-Control', 'no-store');
    // The token is a credential-like value: never sent on to other sites from the inbox page.
    ctx.set('Referrer-Policy', 'no-referrer');
    if (check.ok) {
      ctx.status = 302;
      ctx.redirect(`${inboxTaskPath(check.claims.agentId, check.claims.taskId)}?link=${token}`);
      return;
    }
    const refusal = REFUSALS[check.reason];
    ctx.status = refusal.status;
    ctx.type = 'text/html; charset=utf-8';
    // A static page: nothing to load but the empty icon (without it the browser asks for /favicon.ico).
    ctx.set('Content-Security-Policy', "default-src 'none'; img-src data:");
    ctx.body =
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<link rel="icon" href="data:,">` +
      `<title>${refusal.title}</title></head><body><main><h1>${refusal.title}</h1><p>${refusal.detail}</p>` +
      `<p><a href="/inbox/">Open the inbox</a> to find the task and decide there.</p></main></body></html>`;
  });
}
