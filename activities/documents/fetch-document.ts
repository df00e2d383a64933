// One GET of a document URL under the outbound-request policy: every hop (redirects included) is
// resolved and checked, the connection goes to exactly the checked addresses (no DNS re-pointing),
// and the body streams into the artifact store under the size limit. Classifies failures for retry.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { ArtifactStore, BlobInfo } from '../../src/artifact-store';
import { ArtifactStoreError, formatBytes } from '../../src/artifact-store';
import type { ResolvedWebhook, WebhookPolicy } from '../../src/webhooks/webhook-policy';
import { meterBody } from './metered-body';

export type FetchOutcome =
  | { kind: 'stored'; info: BlobInfo }
  /** Worth another attempt: network error, timeout, 408, 429, 5xx. */
  | { kind: 'retryable'; reason: string; retryAfterMs?: number }
  /** Will not succeed by retrying. */
  | { kind: 'refused'; reason: string; tooLarge?: boolean };

export interface FetchDocumentOptions {
  url: string;
  policy: WebhookPolicy;
  store: ArtifactStore;
  maxBytes: number;
  /** Store under this id (the same for every attempt of the activity), replacing an earlier attempt's blob. */
  blobId?: string;
  /** The task the document belongs to (the store's per-task index, for retention). */
  taskId?: string;
  mediaType?: string;
  filename?: string;
  timeoutMs: number;
  maxRedirects: number;
  signal: AbortSignal;
  /** Called as bytes arrive, so the activity can heartbeat through a long download. */
  onProgress?: () => void;
}

function get(target: ResolvedWebhook, options: { timeoutMs: number; signal: AbortSignal }): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    const address = target.addresses[0];
    const family = isIP(address);
    if ((lookupOptions as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const transport = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.get(target.url, { lookup: pinned, timeout: options.timeoutMs, signal: options.signal, headers: { accept: '*/*' } }, resolve);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
  });
}

const baseMediaType = (value: string | undefined) => value?.split(';')[0]?.trim().toLowerCase() || undefined;

function filenameFrom(response: IncomingMessage, url: URL): string | undefined {
  const disposition = /filename="?([^";]+)"?/i.exec(response.headers['content-disposition'] ?? '');
  if (disposition) return disposition[1];
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last; // a malformed escape is still a usable label
  }
}

export async function fetchDocument(options: FetchDocumentOptions): Promise<FetchOutcome> {
  let url = options.url;
  for (let hop = 0; hop <= options.maxRedirects; hop += 1) {
    // Throws WebhookRefusedError for a URL the policy does not allow; the caller maps it.
    const target = await options.policy.check(url);
    let response: IncomingMessage;
    try {
      response = await get(target, options);
    } catch (err) {
      if (options.signal.aborted) throw err;
      return { kind: 'retryable', reason: `could not fetch ${target.url.host}: ${(err as Error).message}` };
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      try {
        url = new URL(response.headers.location, target.url).toString();
      } catch {
        return { kind: 'refused', reason: `the document server redirected to an invalid URL` };
      }
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      if (status === 408 || status === 429 || status >= 500) {
        const seconds = Number(response.headers['retry-after']);
        return { kind: 'retryable', reason: `the document server answered ${status}`, ...(seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}) };
      }
      return { kind: 'refused', reason: `the document server answered ${status}` };
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      response.destroy();
      return { kind: 'refused', tooLarge: true, reason: `the document is ${formatBytes(declared)}, above the ${formatBytes(options.maxBytes)} limit` };
    }
    return storeBody(response, options, { url: target.url, declared: response.headers['content-length'] === undefined ? undefined : declared });
  }
  return { kind: 'refused', reason: `more than ${options.maxRedirects} redirects` };
}

/**
 * Streams the body into the store, then checks what the store kept against what was read (and the
 * declared length): a mismatch is a retryable failure and the kept blob is deleted, never reported.
 */
async function storeBody(response: IncomingMessage, options: FetchDocumentOptions, hop: { url: URL; declared: number | undefined }): Promise<FetchOutcome> {
  const body = meterBody(response, options.onProgress);
  const filename = options.filename ?? filenameFrom(response, hop.url);
  let info: BlobInfo;
  try {
    info = await options.store.put(body.chunks, {
      mediaType: options.mediaType ?? baseMediaType(response.headers['content-type']) ?? 'application/octet-stream',
      maxBytes: options.maxBytes,
      ...(filename ? { filename } : {}),
      ...(options.blobId ? { blobId: options.blobId } : {}),
      ...(options.taskId ? { taskId: options.taskId } : {}),
    });
  } catch (err) {
    if (err instanceof ArtifactStoreError && err.code === 'too-large') return { kind: 'refused', tooLarge: true, reason: err.message };
    if (err instanceof ArtifactStoreError && err.code === 'invalid-metadata') return { kind: 'refused', reason: err.message };
    if (options.signal.aborted) throw err;
    return { kind: 'retryable', reason: `the download broke off: ${(err as Error).message}` };
  } finally {
    // A store that failed before reading (or stopped early) must not leave the connection open.
    if (!response.readableEnded) response.destroy();
  }
  const read = body.digest();
  const problem =
    hop.declared !== undefined && read.size !== hop.declared
      ? `the server declared ${hop.declared} bytes but sent ${read.size}`
      : read.size !== info.size || read.sha256 !== info.sha256
        ? `the stored document (${info.size} bytes, SHA-256 ${info.sha256.slice(0, 12)}…) differs from the ${read.size} bytes read (SHA-256 ${read.sha256.slice(0, 12)}…)`
        : undefined;
  if (!problem) return { kind: 'stored', info };
  await options.store.delete(info.blobId).catch(() => undefined);
  return { kind: 'retryable', reason: `the download was not stored intact: ${problem}` };
}
