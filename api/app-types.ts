// The API's dependencies and per-request Koa state. Everything comes in through `ApiDeps`; nothing
// in api/ reads the environment or holds module-level state.
import type Koa from 'koa';
import type { AgentRegistry } from '../src/agents/agent-registry';
import type { Logger } from '../src/logger';
import type { AuditLog } from '../src/audit/audit-log';
import type { DecisionLinks } from '../src/decision-links/decision-link-token';
import type { Authenticator } from '../src/auth/authenticator';
import type { Identity } from '../src/auth/identity';
import type { RateLimitSettings } from './limits/rate-limiter';
import type { ArtifactDownloads } from './artifacts/download-route';
import type { CodecServerSettings } from './routes/codec';
import type { ApprovalListing } from './approvals/approval-listing';
import type { TaskDataPurge } from './task-service/purge-task-data';
import type { ApiMetricsDeps } from './routes/metrics';
import type { StoredPartRenderer } from './protocol/operations';
import type { ProtocolBinding } from './protocol/version';
import type { A2ARequestHandler, Principal } from './request-handler';

export interface ApiSettings {
  /** Absolute base URL clients reach this server at (cards list it). Unset: taken from each request's Host. */
  publicBaseUrl?: string;
  /** Largest accepted request body; larger ones get PayloadTooLarge (413). Default 1 MiB. */
  bodyLimitBytes?: number;
  /** A comment line is written on a stream idle this long, so proxies keep it open. Default 15 s. */
  heartbeatMs?: number;
  /** `Cache-Control: max-age` of agent cards. Default 300 s. */
  cardMaxAgeSeconds?: number;
  /** Per-principal limits (api/limits); each is off when omitted. */
  limits?: {
    /** Request rate per principal (token bucket); 429 / -31429 with Retry-After past it. */
    rate?: RateLimitSettings;
    /** SSE streams one principal may have open at once; 429 / -31429 past it. */
    maxStreamsPerPrincipal?: number;
  };
}

export interface ApiDeps {
  handler: A2ARequestHandler;
  agents: AgentRegistry;
  logger: Logger;
  settings?: ApiSettings;
  /**
   * Verifies credentials (bearer JWTs, API keys) on every A2A operation and checks agent scopes;
   * cards then declare the schemes. Without it the caller is `resolvePrincipal`'s principal.
   */
  authenticator?: Authenticator;
  /** Where refusals are recorded; defaults to an audit log on `logger`. */
  audit?: AuditLog;
  /** Who is calling when there is no `authenticator`; throw A2AError.unauthenticated() to refuse. Defaults to the anonymous principal. */
  resolvePrincipal?: (ctx: Koa.Context) => Principal | Promise<Principal>;
  /** `GET /readyz` succeeds only when this resolves (and not to `false`); later: "Temporal answers". */
  readiness?: () => unknown;
  /**
   * How internal `stored` parts become fetchable `url` parts. Defaults to signed links when
   * `artifactDownloads` is given, else to `${publicBaseUrl}/artifacts/{blobId}`.
   */
  renderStoredPart?: StoredPartRenderer;
  /** Serves stored parts at signed, expiring links (`api/artifacts/download-route.ts`). */
  artifactDownloads?: ArtifactDownloads;
  /** Opens signed decision links from approver notifications at `/inbox/links/{token}` (api/routes/decision-links.ts). */
  decisionLinks?: DecisionLinks;
  /** Serves Temporal's codec-server contract at `/codec` for operators (`api/routes/codec.ts`); off when omitted. */
  codecServer?: CodecServerSettings & { operatorRole?: string };
  /**
   * The approvals API (`/approvals/…`, api/routes/approvals.ts); `pollMs`: how often its live feeds
   * read visibility (default 5 s), `maxPerPrincipal`: feeds one principal may hold (default 5).
   */
  approvals?: { listing: ApprovalListing; pollMs?: number; maxPerPrincipal?: number };
  /** Serves the inbox page at `/inbox/` from this build directory (api/routes/inbox.ts). */
  inbox?: { dir: string };
  /** Serves `DELETE /admin/tasks/{taskId}/data` for operators (`api/routes/admin-task-data.ts`); off when omitted. */
  taskDataPurge?: { purge: TaskDataPurge; operatorRole?: string };
  /** Counts requests, operations, refusals and streams, and serves `GET /metrics` to operators (`api/routes/metrics.ts`); off when omitted. */
  metrics?: ApiMetricsDeps;
}

export const DEFAULT_SETTINGS = {
  bodyLimitBytes: 1024 * 1024,
  heartbeatMs: 15_000,
  cardMaxAgeSeconds: 300,
} as const;

export interface ApiState {
  requestId: string;
  logger: Logger;
  /** Aborted when the client goes away before the response is finished. */
  abort: AbortController;
  /** Set once the request is known to be A2A, so the error boundary answers in that binding's format. */
  binding?: ProtocolBinding;
  /** The requested protocol version as sent, for error formatting before negotiation. */
  rawVersion?: string;
  /** JSON-RPC request id once parsed; errors before that carry `id: null`. */
  jsonRpcId?: string | number | null;
  /** The admitted caller, once admission ran (api/auth/admission.ts). */
  principal?: Principal;
  /** Which credential admitted it (never the credential itself). */
  credential?: Identity['via'];
  /** The A2A method (v1.0 name), once a binding knows it (names the request's span). */
  a2aMethod?: string;
  /** For metrics (api/http/http-metrics.ts): the route pattern, the A2A operation and agent, the A2A error answered. */
  route?: string;
  operation?: string;
  agentId?: string;
  errorName?: string;
}

export type ApiContext = Koa.ParameterizedContext<ApiState>;
export type ApiApp = Koa<ApiState>;
