// What both bindings share per request: the resolved agent and its URLs, the call context handed to
// the request handler, the render context, and the error response writers used by the boundary.
import type { AgentDefinition } from '../../src/agents/agent-definition';
import type { Logger } from '../../src/logger';
import { A2A_ERROR_CODES, A2AError } from '../a2a-error';
import type { ApiContext } from '../app-types';
import type { StreamRegistry } from '../http/stream-registry';
import { httpErrorBody, jsonRpcErrorObject, toA2AError } from '../protocol/error-wire';
import type { RenderContext, StoredPartRenderer } from '../protocol/operations';
import { errorFormatVersion, type ProtocolVersion } from '../protocol/version';
import type { A2ARequestHandler, CallContext, Principal } from '../request-handler';

export const JSON_MEDIA_TYPE = 'application/json';
export const A2A_MEDIA_TYPE = 'application/a2a+json';

export interface EndpointDeps {
  handler: A2ARequestHandler;
  logger: Logger;
  bodyLimitBytes: number;
  heartbeatMs: number;
  publicBaseUrl?: string;
  /**
   * Admits the caller (authentication, rate limit, and with `agentId` the agent's scope: see
   * api/auth/admission.ts) and returns its principal; once per request, later calls reuse it.
   */
  resolvePrincipal: (ctx: ApiContext, agentId?: string) => Promise<Principal>;
  renderStoredPart: StoredPartRenderer;
  streams: StreamRegistry;
}

/** An agent as addressed by this request: at `/agents/{id}` or, for the default agent, at the root. */
export interface AgentTarget {
  agent: AgentDefinition;
  /** Absolute URL of the agent's endpoints as addressed (what its card advertises from here). */
  agentBaseUrl: string;
}

/** The configured base URL, else this request's scheme and Host (Koa 3's `ctx.origin` is the Origin header). */
export function publicBaseUrl(ctx: ApiContext, configured: string | undefined): string {
  return (configured ?? `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, '');
}

export function renderContext(ctx: ApiContext, deps: EndpointDeps, target: AgentTarget): RenderContext {
  return {
    agentId: target.agent.id,
    publicBaseUrl: publicBaseUrl(ctx, deps.publicBaseUrl),
    agentBaseUrl: target.agentBaseUrl,
    renderStoredPart: deps.renderStoredPart,
  };
}

export async function callContext(
  ctx: ApiContext,
  deps: EndpointDeps,
  target: AgentTarget,
  version: ProtocolVersion,
  tenant: string | undefined,
): Promise<CallContext> {
  const admitted = await deps.resolvePrincipal(ctx, target.agent.id);
  // Without authentication there is nothing to check a routing tenant against: the anonymous caller
  // acts in the tenant it names, so tenants stay apart (though not securely) when auth is off.
  const principal: Principal = !admitted.authenticated && tenant ? { ...admitted, tenant } : admitted;
  return {
    agentId: target.agent.id,
    requestId: ctx.state.requestId,
    principal,
    signal: ctx.state.abort.signal,
    protocolVersion: version,
    ...(tenant ? { tenant } : {}),
  };
}

/** Logs what the client will only see as "Internal error"; expected protocol errors are not logged as failures. */
export function reportUnexpected(ctx: ApiContext, err: unknown): A2AError {
  const mapped = toA2AError(err);
  ctx.state.errorName = mapped.errorName;
  if (!(err instanceof A2AError)) ctx.app.emit('error', err, ctx);
  else if (mapped.httpStatus >= 500) ctx.state.logger.warn({ err }, 'request failed with a server error');
  return mapped;
}

function setErrorHeaders(ctx: ApiContext, err: A2AError): void {
  for (const [name, value] of Object.entries(err.headers ?? {})) ctx.set(name, typeof value === 'string' ? value : [...value]);
}

export function writeJsonRpcError(ctx: ApiContext, err: unknown): void {
  const mapped = reportUnexpected(ctx, err);
  setErrorHeaders(ctx, mapped);
  ctx.status = A2A_ERROR_CODES[mapped.errorName].jsonRpcHttp;
  ctx.type = JSON_MEDIA_TYPE;
  ctx.body = {
    jsonrpc: '2.0',
    id: ctx.state.jsonRpcId ?? null,
    error: jsonRpcErrorObject(mapped, errorFormatVersion(ctx.state.rawVersion), { requestId: ctx.state.requestId }),
  };
}

export function writeHttpError(ctx: ApiContext, err: unknown, mediaType = A2A_MEDIA_TYPE): void {
  const mapped = reportUnexpected(ctx, err);
  setErrorHeaders(ctx, mapped);
  ctx.status = mapped.httpStatus;
  ctx.type = mediaType;
  if (mapped.errorName === 'MethodNotAllowed' && Array.isArray(mapped.data?.allowed)) {
    ctx.set('Allow', (mapped.data.allowed as string[]).join(', '));
  }
  ctx.body = httpErrorBody(mapped, { requestId: ctx.state.requestId });
}
