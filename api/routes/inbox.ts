// Serves the approvals inbox page (`/inbox/`, built by `npm run build:inbox` into one directory): only
// flat file names of that directory, with their content types and a strict Content-Security-Policy
// (scripts and styles from this origin only, no inline code, no framing). The page is static: it
// reaches the API with the bearer token the person signs in with, never with cookies.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Router from '@koa/router';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';

export interface InboxRouteDeps {
  /** The build directory (`inbox/build` of the repository by default). */
  dir: string;
}

export const INBOX_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};
/** One flat name with a known extension: no directories, no dot files, nothing outside `dir`. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;

export function registerInboxRoutes(router: Router<ApiState>, deps: InboxRouteDeps): void {
  // The router matches `/inbox` and `/inbox/` alike; relative asset URLs need the slash.
  router.get('/inbox', async (ctx) => {
    if (ctx.path.endsWith('/')) return serve(ctx, deps.dir, 'index.html');
    ctx.status = 301;
    ctx.redirect('/inbox/');
  });
  router.get('/inbox/:file', (ctx) => serve(ctx, deps.dir, ctx.params.file));
}

async function serve(ctx: ApiContext, dir: string, name: string): Promise<void> {
  const type = CONTENT_TYPES[path.extname(name)];
  if (!FILE_NAME.test(name) || !type) throw A2AError.methodNotFound(`GET ${ctx.path}`, 'no such file of the inbox page');
  let body: Buffer;
  try {
    body = await readFile(path.join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (name === 'index.html') throw A2AError.unavailable('The inbox page is not built: run `npm run build:inbox`');
    throw A2AError.methodNotFound(`GET ${ctx.path}`, 'no such file of the inbox page');
  }
  ctx.set('Content-Security-Policy', INBOX_CSP);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  // Rebuilt files keep their names, so browsers revalidate rather than cache blindly.
  ctx.set('Cache-Control', 'no-cache');
  ctx.type = type;
  ctx.body = body;
}
