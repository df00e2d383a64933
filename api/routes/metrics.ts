// `GET /metrics` on the API: the platform's Prometheus exposition, for operators only (it shows
// every agent's traffic). As for the codec server: 401 without credentials, 403 without the operator
// role (AUTH_OPERATOR_ROLE). Scrapers without credentials use the metrics port instead
// (src/metrics/metrics-server.ts, METRICS_PORT).
import type Router from '@koa/router';
import type { AuditLog } from '../../src/audit/audit-log';
import type { PlatformMetrics } from '../../src/metrics/platform-metrics';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';
import type { Admission } from '../auth/admission';

export const METRICS_PATH = '/metrics';

export interface ApiMetricsDeps {
  metrics: Pick<PlatformMetrics, 'api' | 'scrape' | 'contentType'>;
  /** Principals with this role may scrape; default `a2a-operator`, '' lets nobody in when credentials are checked. */
  operatorRole?: string;
}

export interface MetricsRouteDeps {
  metrics: ApiMetricsDeps['metrics'];
  operatorRole: string;
  admission: Admission;
  /** Whether credentials are checked at all; without (AUTH_DISABLED) the route is as open as the API. */
  authenticated: boolean;
  audit: AuditLog;
}

export function registerMetricsRoute(router: Router<ApiState>, deps: MetricsRouteDeps): void {
  router.get(METRICS_PATH, async (ctx: ApiContext) => {
    await admitOperator(ctx, deps);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = deps.metrics.contentType;
    ctx.body = await deps.metrics.scrape();
  });
}

async function admitOperator(ctx: ApiContext, deps: MetricsRouteDeps): Promise<void> {
  const principal = await deps.admission(ctx);
  if (!deps.authenticated) return;
  if (deps.operatorRole !== '' && principal.roles.includes(deps.operatorRole)) return;
  deps.metrics.api.refused('role');
  deps.audit.record('authorization-refused', {
    requestId: ctx.state.requestId,
    method: ctx.method,
    path: ctx.path,
    tenant: principal.tenant,
    subject: principal.subject,
    reason: 'not-operator',
    ...(ctx.state.credential ? { credential: ctx.state.credential } : {}),
  });
  throw A2AError.permissionDenied(
    deps.operatorRole === ''
      ? 'Metrics are for operators, and no operator role is configured (AUTH_OPERATOR_ROLE)'
      : `Metrics are for operators: the ${deps.operatorRole} role is required`,
    { requiredRole: deps.operatorRole },
  );
}
