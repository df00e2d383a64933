// Counts every request once it is answered (streams: once they end): by route pattern and status,
// and, for A2A traffic, by operation, agent and outcome. Placed outside the error boundary, so it
// sees the status the client got. Routes label by pattern (`/agents/:agentId/tasks/:id`), never
// the raw path, which holds task ids.
import type Koa from 'koa';
import type { ApiMetrics } from '../../src/metrics/api-metrics';
import type { ApiContext, ApiState } from '../app-types';
import type { RouteMatch } from '../bindings/http-json-routes';

/** The route label of requests no route took (unknown paths, unknown agents). */
export const UNMATCHED_ROUTE = 'unmatched';

export function httpMetrics(metrics: ApiMetrics): Koa.Middleware<ApiState> {
  return async (ctx: ApiContext, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
      const { state } = ctx;
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route = state.route ?? (typeof matched === 'string' ? matched : UNMATCHED_ROUTE);
      metrics.request(route, ctx.method, status, seconds);
      if (state.operation && state.agentId) metrics.operation(state.operation, state.agentId, state.errorName ?? 'ok', seconds);
    }
  };
}

const HTTP_JSON_TEMPLATES: Record<RouteMatch['op'], string> = {
  sendMessage: '/message:send',
  sendStreamingMessage: '/message:stream',
  getExtendedAgentCard: '/extendedAgentCard',
  listTasks: '/tasks',
  cancelTask: '/tasks/:id:cancel',
  subscribeToTask: '/tasks/:id:subscribe',
  getTask: '/tasks/:id',
  createPushConfig: '/tasks/:id/pushNotificationConfigs',
  listPushConfigs: '/tasks/:id/pushNotificationConfigs',
  getPushConfig: '/tasks/:id/pushNotificationConfigs/:configId',
  deletePushConfig: '/tasks/:id/pushNotificationConfigs/:configId',
};

/** The route label of an A2A request: the agent's base (`/agents/:agentId` or the root) and, for HTTP+JSON, the operation's pattern. */
export function a2aRouteLabel(agentBase: '' | '/agents/:agentId', match?: RouteMatch): string {
  if (!match) return agentBase || '/';
  return `${agentBase}${match.tenant !== undefined ? '/:tenant' : ''}${HTTP_JSON_TEMPLATES[match.op]}`;
}
