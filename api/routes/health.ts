// Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the injected check passes,
// later "Temporal answers"). A failing check is logged, not echoed: readiness bodies stay generic.
import type Router from '@koa/router';
import type { ApiDeps, ApiState } from '../app-types';

export function registerHealthRoutes(router: Router<ApiState>, readiness: ApiDeps['readiness']): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    let ready: boolean;
    try {
      ready = (await readiness?.()) !== false;
    } catch (err) {
      ctx.state.logger.warn({ err }, 'readiness check failed');
      ready = false;
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'unavailable' };
  });
}
