// Brings a request's document into the artifact store so every later step passes it by id: a stored
// part is used as is, inline bytes are stored once, and a URL is downloaded under the SSRF policy.
import { isCancellation } from '@temporalio/workflow';
import type { StoredDocument } from '../../src/document-verification/document-activity-contract';
import type { DocumentSource } from '../../src/document-verification/document-source';
import type { StepSettings } from '../../src/document-verification/step-settings';
import { documentActivities, failureMessage } from './activity-steps';

/** A step could not go on; the message says why, in words for the requester. */
export class AgentStepError extends Error {
  override readonly name = 'AgentStepError';
}

export async function intakeDocument(source: DocumentSource, options: { steps: StepSettings; maxBytes: number }): Promise<StoredDocument> {
  const { storeInlineDocument, downloadDocument } = documentActivities(options.steps);
  const meta = { ...(source.mediaType ? { mediaType: source.mediaType } : {}), ...(source.filename ? { filename: source.filename } : {}) };
  try {
    switch (source.kind) {
      case 'stored':
        if (source.size > options.maxBytes) throw new AgentStepError(`The document is ${source.size} bytes, above this agent's limit of ${options.maxBytes} bytes.`);
        return { blobId: source.blobId, size: source.size, sha256: source.sha256, mediaType: source.mediaType ?? 'application/octet-stream', ...meta };
      case 'inline':
        return await storeInlineDocument({ contentBase64: source.contentBase64, maxBytes: options.maxBytes, ...meta });
      case 'url':
        return await downloadDocument({ url: source.url, maxBytes: options.maxBytes, ...meta });
    }
  } catch (err) {
    if (isCancellation(err) || err instanceof AgentStepError) throw err;
    throw new AgentStepError(`The document could not be received: ${failureMessage(err)}`);
  }
}

/** The tools' `document` argument for a stored document; the declared type only when the requester gave one. */
export function documentArgument(doc: StoredDocument, source: DocumentSource): Record<string, unknown> {
  return { documentId: doc.blobId, ...(source.mediaType ? { mediaType: source.mediaType } : {}), ...(doc.filename ? { filename: doc.filename } : {}) };
}
