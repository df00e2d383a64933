// Admission of one request, in order: who is calling (authentication: 401 with a challenge), how
// often (the per-principal token bucket: 429 with Retry-After), and whether it may use this agent
// (its scope: 403 naming the scope). Refusals are audited without the credential. The principal is
// kept on the request, so admission happens once however many times a route asks for it.
import type { Authenticator } from '../../src/auth/authenticator';
import type { Identity } from '../../src/auth/identity';
import { agentScope, ALL_AGENTS_SCOPE, mayUseAgent } from '../../src/auth/scopes';
import type { AuditLog } from '../../src/audit/audit-log';
import { A2AError } from '../a2a-error';
import type { ApiContext } from '../app-types';
import { principalKey } from '../limits/principal-key';
import type { RateLimiter } from '../limits/rate-limiter';
import { createRefusalLogThrottle } from '../limits/refusal-log-throttle';
import type { Principal } from '../request-handler';
import { challengesFor } from './challenges';

export interface AdmissionOptions {
  /** Verifies credentials; without it every caller is `resolvePrincipal`'s principal and scopes are not checked. */
  authenticator?: Authenticator;
  /** Who is calling when there is no authenticator (tests, AUTH_DISABLED): the anonymous principal by default. */
  resolvePrincipal: (ctx: ApiContext) => Principal | Promise<Principal>;
  rateLimiter?: RateLimiter;
  audit: AuditLog;
  /** Told of each refusal by reason (metrics); called once per refused request. */
  onRefused?: (reason: 'auth' | 'scope' | 'rate') => void;
}

export type Admission = (ctx: ApiContext, agentId?: string) => Promise<Principal>;

/** Rate-limit refusals are logged at most once per principal in this interval. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

export function principalOf(identity: Identity): Principal {
  return { tenant: identity.tenant, subject: identity.subject, scopes: identity.scopes, roles: identity.roles, authenticated: true };
}

export function createAdmission(options: AdmissionOptions): Admission {
  const { authenticator, rateLimiter, audit } = options;
  // A client retrying past its limit would otherwise write one warning per request.
  const refusalLog = createRefusalLogThrottle({ intervalMs: REFUSAL_LOG_INTERVAL_MS });

  const where = (ctx: ApiContext) => ({ requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, clientAddress: ctx.ip });

  async function authenticate(ctx: ApiContext): Promise<Principal> {
    if (!authenticator) return options.resolvePrincipal(ctx);
    const outcome = await authenticator.authenticate({
      authorization: ctx.get('Authorization') || undefined,
      apiKey: ctx.get(authenticator.apiKeyHeader) || undefined,
    });
    if (outcome.ok) {
      ctx.state.credential = outcome.identity.via;
      return principalOf(outcome.identity);
    }
    const reason = outcome.error === 'missing' ? 'missing' : outcome.error.reason;
    if (reason !== 'keys-unavailable') options.onRefused?.('auth');
    audit.record('authentication-refused', { ...where(ctx), scheme: outcome.scheme, reason });
    if (reason === 'keys-unavailable') {
      throw A2AError.unavailable('The token signing keys could not be loaded; try again shortly');
    }
    const message =
      outcome.error === 'missing'
        ? `Authentication required: send ${[
            ...(authenticator.bearer ? ['Authorization: Bearer <token>'] : []),
            ...(authenticator.apiKeys ? [`${authenticator.apiKeyHeader}: <key>`] : []),
          ].join(' or ')}`
        : outcome.error.message;
    throw A2AError.unauthenticated(message, challengesFor(authenticator, outcome));
  }

  function authorize(ctx: ApiContext, principal: Principal, agentId: string): void {
    if (!authenticator || mayUseAgent(principal.scopes, agentId)) return;
    const requiredScope = agentScope(agentId);
    options.onRefused?.('scope');
    audit.record('authorization-refused', {
      ...where(ctx),
      tenant: principal.tenant,
      subject: principal.subject,
      agentId,
      reason: 'missing-scope',
      requiredScope,
      ...(ctx.state.credential ? { credential: ctx.state.credential } : {}),
    });
    throw A2AError.permissionDenied(`Missing scope ${requiredScope} (or ${ALL_AGENTS_SCOPE}) to use agent ${agentId}`, {
      requiredScope,
      agentId,
    });
  }

  return async (ctx, agentId) => {
    try {
      return await admit(ctx, agentId);
    } catch (err) {
      // Refused before the body was read: drain it, so the client reads our answer, not a reset.
      if (!ctx.req.readableEnded && ctx.req.readableFlowing !== true) ctx.req.resume();
      throw err;
    }
  };

  async function admit(ctx: ApiContext, agentId: string | undefined): Promise<Principal> {
    let principal = ctx.state.principal;
    if (!principal) {
      principal = await authenticate(ctx);
      if (rateLimiter) {
        const key = principalKey(principal, ctx.ip);
        const decision = rateLimiter.take(key);
        if (!decision.ok) {
          options.onRefused?.('rate');
          const line = refusalLog.admit(key);
          if (line) {
            ctx.state.logger.warn(
              { tenant: principal.tenant, subject: principal.subject, limit: 'rateLimit', refusedSinceLastLine: line.suppressed },
              'request rate limit reached',
            );
          }
          throw A2AError.rateLimited(
            'rateLimit',
            `Rate limit reached: at most ${rateLimiter.perSecond} requests per second per principal, bursts of ${rateLimiter.burst} (rateLimit)`,
            decision.retryAfterMs,
          );
        }
      }
      ctx.state.principal = principal;
    }
    // Routes outside the A2A bindings (artifact downloads) name their agent in the path.
    const agent = agentId ?? (ctx as { params?: Record<string, string> }).params?.agentId;
    if (agent !== undefined) authorize(ctx, principal, agent);
    return principal;
  }
}
