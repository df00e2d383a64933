// `GET /metrics` on the API: the platform's Prometheus exposition, for operators only (it shows
// every agent's traffic). As for the codec server: 401 without credentials, 403 without the operator
// role (AUTH_OPERATOR_ROLE). Scrapers without credentials use the metrics port instead
// (src/metrics/metrics-server.ts, METRICS_PORT).
import type Router from '@koa/router';
import type { AuditLog } from '../../src/audit/audit-log';
import type { PlatformMetrics } from '../../src/metrics/platform-metrics';
import type { ApiContext, ApiState } from '../app-types';
import type { Admission } from '../auth/admission';
import { admitOperator } from '../auth/operator-guard';

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
    await admitOperator(ctx, deps, { subject: 'Metrics are', onRefused: () => deps.metrics.api.refused('role') });
    ctx.set('Cache-Control', 'no-store');
    ctx.type = deps.metrics.contentType;
    ctx.body = await deps.metrics.scrape();
  });
}
