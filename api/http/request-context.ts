// First middleware: a request id (a sane incoming X-Request-Id, else a new one) echoed in the response
// and bound to a child logger, an AbortController aborted if the client leaves before the response
// is finished (so work done for it stops) or the server shuts down (so long waits answer at once),
// and one access-log line per request (its path redacted: no decision link tokens).
import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../../src/logger';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';
import { redactPath } from './redact-path';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The abort reason of requests cut short by a graceful shutdown (as opposed to a client leaving). */
export class ServerShuttingDown extends Error {
  override readonly name = 'ServerShuttingDown';
  constructor() {
    super('server shutting down');
  }
}

export const isShutdownAbort = (signal: AbortSignal | undefined): boolean => signal?.aborted === true && signal.reason instanceof ServerShuttingDown;

/** What a request gets while the server shuts down: come back in a second (to this or another instance). */
export function shutdownRefusal(): A2AError {
  const err = A2AError.unavailable('The server is shutting down; retry shortly');
  return new A2AError(err.errorName, err.message, err.data, { 'Retry-After': '1', Connection: 'close' });
}

/** `inFlight` holds the abort controller of every request being served, for a shutdown to abort. */
export function requestContext(logger: Logger, inFlight?: Set<AbortController>): Koa.Middleware<ApiState> {
  return async (ctx: ApiContext, next) => {
    const incoming = ctx.get(REQUEST_ID_HEADER);
    const requestId = SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    // Most requests never log: the child logger (pino serializes and redacts its bindings when it is
    // created) is made on first use, not for every request.
    let requestLogger: Logger | undefined;
    Object.defineProperty(ctx.state, 'logger', {
      get: () => (requestLogger ??= logger.child({ requestId })),
      set: (value: Logger) => {
        requestLogger = value;
      },
      enumerable: true,
      configurable: true,
    });
    ctx.state.abort = new AbortController();
    ctx.set(REQUEST_ID_HEADER, requestId);

    const abort = ctx.state.abort;
    const onClose = () => {
      if (!ctx.res.writableFinished) abort.abort(new Error('client disconnected'));
    };
    ctx.res.once('close', onClose);

    const started = process.hrtime.bigint();
    inFlight?.add(abort);
    try {
      await next();
    } finally {
      inFlight?.delete(abort);
      if (logger.isLevelEnabled('debug')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        ctx.state.logger.debug({ method: ctx.method, path: redactPath(ctx.path), status: ctx.res.statusCode, ms }, 'request');
      }
    }
  };
}
