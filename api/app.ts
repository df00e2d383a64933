// The Koa app: request context, one error boundary, health and discovery routes, then A2A traffic
// (JSON-RPC and HTTP+JSON, per agent and at the root for the default agent). Everything it needs
// comes in as `ApiDeps`; `closeAllStreams` ends open SSE streams with a retry hint for shutdown.
import Router from '@koa/router';
import Koa from 'koa';
import { A2AError } from './a2a-error';
import { DEFAULT_SETTINGS, type ApiApp, type ApiContext, type ApiDeps, type ApiState } from './app-types';
import { A2A_MEDIA_TYPE, JSON_MEDIA_TYPE, writeHttpError, writeJsonRpcError, type EndpointDeps } from './bindings/endpoint';
import { isShutdownAbort, requestContext, ServerShuttingDown, shutdownRefusal } from './http/request-context';
import { StreamRegistry } from './http/stream-registry';
import { signedStoredPartRenderer } from './artifacts/download-links';
import { registerArtifactRoutes } from './artifacts/download-route';
import { createAdmission } from './auth/admission';
import { securedAgents } from './auth/secured-agents';
import { createRateLimiter } from './limits/rate-limiter';
import { anonymousPrincipal } from './principal';
import { DEFAULT_OPERATOR_ROLE } from './task-service/task-access';
import { createAuditLog } from '../src/audit/audit-log';
import { defaultStoredPartRenderer } from './protocol/operations';
import { a2aRoutes } from './routes/a2a';
import { registerAdminTaskDataRoutes } from './routes/admin-task-data';
import { registerAgentRoutes } from './routes/agents';
import { registerCodecRoutes } from './routes/codec';
import { registerDecisionLinkRoutes } from './routes/decision-links';
import { registerHealthRoutes } from './routes/health';
import { registerApprovalRoutes } from './routes/approvals';
import { createApprovalFeeds } from './approvals/approval-feeds';
import { registerInboxRoutes } from './routes/inbox';
import { requestSpan } from './telemetry/request-span';
import { redactPath } from './http/redact-path';
import { registerMetricsRoute } from './routes/metrics';
import { httpMetrics } from './http/http-metrics';

export interface CreatedApp {
  app: ApiApp;
  /** Ends every open stream (writing `retry: <retryMs>` first when given) and resolves once all are closed. */
  closeAllStreams(options?: { retryMs?: number }): Promise<void>;
  /** For a graceful shutdown: A2A requests from now on are refused as Unavailable (with Retry-After). */
  refuseNewRequests(): void;
  /**
   * For a graceful shutdown, after the streams are closed: requests in flight stop waiting (a blocking
   * send answers with the task as it is), so none holds the server open.
   */
  abortRequests(): void;
  /** Open SSE streams right now. */
  openStreams(): number;
}

export function createApp(deps: ApiDeps): CreatedApp {
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const streams = new StreamRegistry(settings.limits?.maxStreamsPerPrincipal);
  const inFlight = new Set<AbortController>();
  let shuttingDown = false;
  const audit = deps.audit ?? createAuditLog(deps.logger);
  const admission = createAdmission({
    authenticator: deps.authenticator,
    resolvePrincipal: deps.resolvePrincipal ?? anonymousPrincipal,
    rateLimiter: settings.limits?.rate ? createRateLimiter(settings.limits.rate) : undefined,
    audit,
    ...(deps.metrics ? { onRefused: deps.metrics.metrics.api.refused } : {}),
  });
  const agents = deps.authenticator ? securedAgents(deps.agents, deps.authenticator) : deps.agents;
  const endpoint: EndpointDeps = {
    handler: deps.handler,
    logger: deps.logger,
    bodyLimitBytes: settings.bodyLimitBytes,
    heartbeatMs: settings.heartbeatMs,
    publicBaseUrl: settings.publicBaseUrl,
    // First thing every A2A request does (after its binding is known, so the refusal is in its format).
    resolvePrincipal: (ctx, agentId) => {
      if (shuttingDown) throw shutdownRefusal();
      return admission(ctx, agentId);
    },
    renderStoredPart:
      deps.renderStoredPart ?? (deps.artifactDownloads ? signedStoredPartRenderer(deps.artifactDownloads.links) : defaultStoredPartRenderer),
    streams,
  };

  const app: ApiApp = new Koa<ApiState>();
  app.on('error', (err: unknown, ctx?: ApiContext) => {
    const where = { err, requestId: ctx?.state?.requestId, method: ctx?.method, path: ctx && redactPath(ctx.path) };
    // A client that breaks HTTP framing or hangs up mid-request is not a server fault; at error level
    // anyone could fill the log with it.
    if (isClientConnectionError(err)) deps.logger.debug(where, 'client connection error');
    else deps.logger.error(where, 'unexpected error');
  });

  // The span first: the access log line (written by requestContext) then carries its trace id.
  app.use(requestSpan());
  app.use(requestContext(deps.logger, inFlight));
  app.use(async (ctx: ApiContext, next) => {
    await next();
    // An answer given while shutting down closes its connection: an idle keep-alive connection
    // would otherwise hold the server's close() open for the whole keep-alive timeout.
    if (shuttingDown && !ctx.headerSent) ctx.set('Connection', 'close');
  });
  if (deps.metrics) {
    deps.metrics.metrics.api.observeOpenStreams(() => streams.size);
    app.use(httpMetrics(deps.metrics.metrics.api));
  }
  app.use(async (ctx: ApiContext, next) => {
    try {
      await next();
    } catch (caught) {
      // Whatever a wait cut short by the shutdown threw, the client should hear "come back soon".
      const err = isShutdownAbort(ctx.state.abort?.signal) && !(caught instanceof A2AError) ? shutdownRefusal() : caught;
      if (ctx.state.binding === 'JSONRPC') writeJsonRpcError(ctx, err);
      else writeHttpError(ctx, err, ctx.state.binding === 'HTTP+JSON' ? A2A_MEDIA_TYPE : JSON_MEDIA_TYPE);
    }
  });

  const router = new Router<ApiState>();
  registerHealthRoutes(router, deps.readiness);
  registerAgentRoutes(router, { agents, publicBaseUrl: settings.publicBaseUrl, cardMaxAgeSeconds: settings.cardMaxAgeSeconds });
  if (deps.artifactDownloads) {
    registerArtifactRoutes(router, { ...deps.artifactDownloads, handler: deps.handler, agents, resolvePrincipal: endpoint.resolvePrincipal });
  }
  if (deps.decisionLinks) registerDecisionLinkRoutes(router, { links: deps.decisionLinks, audit, logger: deps.logger });
  if (deps.codecServer) {
    registerCodecRoutes(router, {
      ...deps.codecServer,
      operatorRole: deps.codecServer.operatorRole ?? DEFAULT_OPERATOR_ROLE,
      admission: endpoint.resolvePrincipal,
      authenticated: deps.authenticator !== undefined,
      bodyLimitBytes: settings.bodyLimitBytes,
      audit,
    });
  }
  if (deps.approvals) {
    const { listing, ...feedOptions } = deps.approvals;
    registerApprovalRoutes(router, {
      listing,
      // One set of shared pollers per app (per API process), created here so tests get their own.
      feeds: createApprovalFeeds(feedOptions),
      admission: (ctx) => endpoint.resolvePrincipal(ctx),
      streams,
      heartbeatMs: settings.heartbeatMs,
    });
  }
  if (deps.inbox) registerInboxRoutes(router, deps.inbox);
  if (deps.taskDataPurge) {
    registerAdminTaskDataRoutes(router, {
      purge: deps.taskDataPurge.purge,
      operatorRole: deps.taskDataPurge.operatorRole ?? DEFAULT_OPERATOR_ROLE,
      admission: endpoint.resolvePrincipal,
      audit,
    });
  }
  if (deps.metrics) {
    registerMetricsRoute(router, {
      metrics: deps.metrics.metrics,
      operatorRole: deps.metrics.operatorRole ?? DEFAULT_OPERATOR_ROLE,
      admission: endpoint.resolvePrincipal,
      authenticated: deps.authenticator !== undefined,
      audit,
    });
  }
  app.use(router.routes());
  app.use(a2aRoutes(agents, endpoint));
  app.use((ctx: ApiContext) => {
    throw new A2AError('MethodNotFound', `No route for ${ctx.method} ${ctx.path}`);
  });

  return {
    app,
    closeAllStreams: (options) => streams.closeAll(options),
    refuseNewRequests() {
      shuttingDown = true;
    },
    abortRequests() {
      for (const abort of inFlight) abort.abort(new ServerShuttingDown());
    },
    openStreams: () => streams.size,
  };
}

/** Errors Node reports for a client's broken request or connection (parser errors, resets, aborts). */
function isClientConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('HPE_') || ['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code));
}
