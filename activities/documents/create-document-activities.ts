// Document activities: bring a request's document into the artifact store (inline bytes, or a URL
// fetched under the outbound-request policy) and describe stored documents, so workflows pass
// documents by id and history never holds their bytes. Permanent problems are non-retryable with a
// DocumentFailure type; transient ones throw plainly and Temporal retries them.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ArtifactStoreError, formatBytes, isBlobId, type ArtifactStore, type BlobInfo } from '../../src/artifact-store';
import { InvalidActivityInput } from '../../src/agent-runtime/failure-types';
import {
  DocumentFailure,
  type DescribeStoredDocumentInput,
  type DownloadDocumentInput,
  type StoredDocument,
  type StoreInlineDocumentInput,
} from '../../src/document-verification/document-activity-contract';
import type { Logger } from '../../src/logger';
import { WebhookRefusedError, type WebhookPolicy } from '../../src/webhooks/webhook-policy';
import { attemptSeriesPut } from '../attempt-blob-id';
import { fetchDocument } from './fetch-document';

export interface DocumentActivitiesDeps {
  store: ArtifactStore;
  /** Which URLs may be fetched: the same SSRF policy as webhooks (public addresses unless allowlisted). */
  urlPolicy: WebhookPolicy;
  logger: Logger;
  /** Idle timeout of a download (no bytes for this long fails the attempt). Default 30 s. */
  downloadTimeoutMs?: number;
  maxRedirects?: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const toStored = (info: BlobInfo): StoredDocument => ({
  blobId: info.blobId,
  size: info.size,
  sha256: info.sha256,
  mediaType: info.mediaType,
  ...(info.filename ? { filename: info.filename } : {}),
});

function positiveLimit(maxBytes: unknown): number {
  if (typeof maxBytes !== 'number' || !(maxBytes > 0)) throw ApplicationFailure.nonRetryable('maxBytes must be a positive number', InvalidActivityInput);
  return maxBytes;
}

export function createDocumentActivities(deps: DocumentActivitiesDeps) {
  const log = deps.logger.child({ component: 'document-activities' });

  async function storeInlineDocument(input: StoreInlineDocumentInput): Promise<StoredDocument> {
    const maxBytes = positiveLimit(input.maxBytes);
    if (typeof input.contentBase64 !== 'string' || !BASE64.test(input.contentBase64)) {
      throw ApplicationFailure.nonRetryable('the file part is not valid base64', DocumentFailure.InvalidContent);
    }
    const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
    if (bytes.byteLength > maxBytes) {
      throw ApplicationFailure.nonRetryable(`the document is ${formatBytes(bytes.byteLength)}, above the ${formatBytes(maxBytes)} limit`, DocumentFailure.TooLarge);
    }
    try {
      const info = await deps.store.put(bytes, {
        mediaType: input.mediaType ?? 'application/octet-stream',
        maxBytes,
        ...attemptSeriesPut(Context.current().info, 'inline-document'),
        ...(input.filename ? { filename: input.filename } : {}),
      });
      return toStored(info);
    } catch (err) {
      if (err instanceof ArtifactStoreError && err.code === 'too-large') throw ApplicationFailure.nonRetryable(err.message, DocumentFailure.TooLarge);
      if (err instanceof ArtifactStoreError && err.code === 'invalid-metadata') throw ApplicationFailure.nonRetryable(err.message, DocumentFailure.InvalidContent);
      throw err;
    }
  }

  async function downloadDocument(input: DownloadDocumentInput): Promise<StoredDocument> {
    const maxBytes = positiveLimit(input.maxBytes);
    const ctx = Context.current();
    let outcome;
    try {
      ctx.heartbeat();
      outcome = await fetchDocument({
        url: input.url,
        policy: deps.urlPolicy,
        store: deps.store,
        maxBytes,
        ...attemptSeriesPut(ctx.info, 'downloaded-document'),
        ...(input.mediaType ? { mediaType: input.mediaType } : {}),
        ...(input.filename ? { filename: input.filename } : {}),
        timeoutMs: deps.downloadTimeoutMs ?? 30_000,
        maxRedirects: deps.maxRedirects ?? 3,
        signal: ctx.cancellationSignal,
        onProgress: () => ctx.heartbeat(),
      });
    } catch (err) {
      // Temporal reports the activity as cancelled only when it throws the cancellation itself.
      if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
      if (err instanceof WebhookRefusedError) throw ApplicationFailure.nonRetryable(err.message.replace(/^webhook/i, 'document'), DocumentFailure.UrlRefused);
      throw err;
    }
    log.info({ host: safeHost(input.url), outcome: outcome.kind, attempt: ctx.info.attempt }, 'document download');
    switch (outcome.kind) {
      case 'stored':
        return toStored(outcome.info);
      case 'refused':
        throw ApplicationFailure.nonRetryable(outcome.reason, outcome.tooLarge ? DocumentFailure.TooLarge : DocumentFailure.DownloadRefused);
      case 'retryable':
        throw ApplicationFailure.create({ message: outcome.reason, type: 'DocumentDownloadFailed', ...(outcome.retryAfterMs ? { nextRetryDelay: outcome.retryAfterMs } : {}) });
    }
  }

  async function describeStoredDocument(input: DescribeStoredDocumentInput): Promise<StoredDocument> {
    if (typeof input.blobId !== 'string' || !isBlobId(input.blobId)) {
      throw ApplicationFailure.nonRetryable('blobId is not an artifact store id', InvalidActivityInput);
    }
    const info = await deps.store.stat(input.blobId);
    if (!info) throw ApplicationFailure.nonRetryable(`no document ${input.blobId} in the artifact store`, DocumentFailure.NotFound);
    return toStored(info);
  }

  return { storeInlineDocument, downloadDocument, describeStoredDocument };
}

/** Only the host goes to the logs: URLs can carry signed tokens in their query. */
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
}
