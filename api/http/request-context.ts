// First middleware: a request id (a sane incoming X-Request-Id, else a new one) echoed in the response
// and bound to a child logger, an AbortController aborted if the client leaves before the response
// is finished (so work done for it stops), and one access-log line per request.
import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../../src/logger';
import type { ApiContext, ApiState } from '../app-types';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(logger: Logger): Koa.Middleware<ApiState> {
  return async (ctx: ApiContext, next) => {
    const incoming = ctx.get(REQUEST_ID_HEADER);
    const requestId = SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.logger = logger.child({ requestId });
    ctx.state.abort = new AbortController();
    ctx.set(REQUEST_ID_HEADER, requestId);

    const abort = ctx.state.abort;
    const onClose = () => {
      if (!ctx.res.writableFinished) abort.abort(new Error('client disconnected'));
    };
    ctx.res.once('close', onClose);

    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.state.logger.debug({ method: ctx.method, path: ctx.path, status: ctx.res.statusCode, ms }, 'request');
    }
  };
}
