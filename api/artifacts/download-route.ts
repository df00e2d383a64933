// `GET /agents/{agentId}/tasks/{taskId}/artifacts/{blobId}?expires=…&sig=…` streams a stored part's
// bytes. Checks, in order: the caller's credentials (401), the link's signature and expiry (403, before
// any lookup, so a refused link reveals nothing), the task through the handler's GetTask (another
// principal's task is TaskNotFound, exactly as a missing one), then that the task references the blob.
import type Router from '@koa/router';
import type { Part, Task } from '../../src/a2a-model/types';
import type { AgentRegistry } from '../../src/agents/agent-registry';
import { ArtifactStoreError, type ArtifactStore, type BlobInfo } from '../../src/artifact-store';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';
import type { EndpointDeps } from '../bindings/endpoint';
import type { A2ARequestHandler, CallContext } from '../request-handler';
import type { BlobRef, DownloadLinks } from './download-links';

export interface ArtifactDownloads {
  store: ArtifactStore;
  links: DownloadLinks;
}

export interface ArtifactRouteDeps extends ArtifactDownloads {
  handler: A2ARequestHandler;
  agents: AgentRegistry;
  /** The API's admission (credentials, rate, the agent's scope), as for every A2A operation. */
  resolvePrincipal: EndpointDeps['resolvePrincipal'];
}

export const ARTIFACT_ROUTE = '/agents/:agentId/tasks/:taskId/artifacts/:blobId';

export function registerArtifactRoutes(router: Router<ApiState>, deps: ArtifactRouteDeps): void {
  router.get(ARTIFACT_ROUTE, async (ctx) => {
    const ref: BlobRef = { agentId: ctx.params.agentId, taskId: ctx.params.taskId, blobId: ctx.params.blobId };
    if (!deps.agents.get(ref.agentId)) throw A2AError.agentNotFound(ref.agentId);
    const call = await callContext(ctx, deps, ref.agentId);
    checkLink(deps.links, ref, ctx.query);
    const task = await deps.handler.getTask(call, { id: ref.taskId });
    if (!referencedBlobIds(task).has(ref.blobId)) throw A2AError.artifactNotFound(ref.blobId);
    await sendBlob(ctx, deps.store, ref.blobId);
  });
}

async function callContext(ctx: ApiContext, deps: ArtifactRouteDeps, agentId: string): Promise<CallContext> {
  return {
    agentId,
    requestId: ctx.state.requestId,
    principal: await deps.resolvePrincipal(ctx, agentId),
    signal: ctx.state.abort.signal,
    protocolVersion: '1.0',
  };
}

function checkLink(links: DownloadLinks, ref: BlobRef, query: ApiContext['query']): void {
  const result = links.check(ref, query.expires, query.sig);
  if (result.ok) return;
  if (result.reason === 'expired') {
    throw A2AError.downloadLinkRefused(
      'expired',
      `The download link expired at ${result.expiresAt?.toISOString()}; get the task again for a fresh link`,
    );
  }
  throw A2AError.downloadLinkRefused('invalid', 'The download link is not valid (bad or missing signature)');
}

/** Every blob the task shows its caller: in artifacts, history and the status message. */
export function referencedBlobIds(task: Task): Set<string> {
  const ids = new Set<string>();
  const add = (parts: readonly Part[] | undefined) => parts?.forEach((p) => p.kind === 'stored' && ids.add(p.blobId));
  task.artifacts?.forEach((a) => add(a.parts));
  task.history?.forEach((m) => add(m.parts));
  add(task.status.message?.parts);
  return ids;
}

async function sendBlob(ctx: ApiContext, store: ArtifactStore, blobId: string): Promise<void> {
  try {
    if (ctx.method === 'HEAD') {
      const info = await store.stat(blobId);
      if (!info) throw ArtifactStoreError.notFound(blobId);
      setHeaders(ctx, info);
      ctx.status = 200;
      return;
    }
    const { info, stream } = await store.openStream(blobId);
    setHeaders(ctx, info);
    ctx.status = 200;
    ctx.body = stream;
  } catch (err) {
    if (err instanceof ArtifactStoreError && (err.code === 'not-found' || err.code === 'invalid-id')) throw A2AError.artifactNotFound(blobId);
    throw err;
  }
}

function setHeaders(ctx: ApiContext, info: BlobInfo): void {
  ctx.type = info.mediaType;
  ctx.length = info.size;
  ctx.set('Content-Disposition', contentDisposition(info.filename ?? `${info.blobId}`));
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('ETag', `"sha256-${info.sha256}"`);
  // Uploaded bytes are served as they are: never sniffed, never run as a page of this origin.
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name (RFC 8187). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
