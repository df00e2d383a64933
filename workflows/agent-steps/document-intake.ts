// Brings a request's document to where the tools can read it: a stored part is used as is, a URL is
// downloaded into the artifact store under the SSRF policy, and inline bytes are stored once, unless
// they are small enough to hand to the tools as base64 (they are already in the task's history, and
// skipping the store saves a round trip on every small document).
import { isCanceled } from '../task-runtime/cancellation';
import type { StoredDocument } from '../../src/document-verification/document-activity-contract';
import type { DocumentSource } from '../../src/document-verification/document-source';
import type { StepSettings } from '../../src/document-verification/step-settings';
import { documentActivities, failureMessage } from './activity-steps';

/** A step could not go on; the message says why, in words for the requester. */
export class AgentStepError extends Error {
  override readonly name = 'AgentStepError';
}

export interface DocumentHandle {
  /** The tools' `document` argument. */
  argument: Record<string, unknown>;
  /** Set when the document is in the artifact store. */
  stored?: StoredDocument;
}

export interface IntakeOptions {
  steps: StepSettings;
  maxBytes: number;
  /** Inline documents up to this size go to the tools as base64; 0 always stores them. */
  passInlineUpToBytes?: number;
}

const decodedSize = (base64: string) => Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);

function storedArgument(doc: StoredDocument, source: DocumentSource): Record<string, unknown> {
  // The declared type only when the requester gave one, so fingerprinting can flag a mismatch.
  return { documentId: doc.blobId, ...(source.mediaType ? { mediaType: source.mediaType } : {}), ...(doc.filename ? { filename: doc.filename } : {}) };
}

export async function intakeDocument(source: DocumentSource, options: IntakeOptions): Promise<DocumentHandle> {
  const { storeInlineDocument, downloadDocument } = documentActivities(options.steps);
  const meta = { ...(source.mediaType ? { mediaType: source.mediaType } : {}), ...(source.filename ? { filename: source.filename } : {}) };
  const tooLarge = (size: number) => new AgentStepError(`The document is ${size} bytes, above this agent's limit of ${options.maxBytes} bytes.`);
  let stored: StoredDocument;
  try {
    switch (source.kind) {
      case 'stored':
        if (source.size > options.maxBytes) throw tooLarge(source.size);
        stored = { blobId: source.blobId, size: source.size, sha256: source.sha256, mediaType: source.mediaType ?? 'application/octet-stream', ...meta };
        break;
      case 'inline': {
        const size = decodedSize(source.contentBase64);
        if (size > options.maxBytes) throw tooLarge(size);
        if (size <= (options.passInlineUpToBytes ?? 0)) {
          return { argument: { contentBase64: source.contentBase64, mediaType: source.mediaType ?? 'application/octet-stream', ...(source.filename ? { filename: source.filename } : {}) } };
        }
        stored = await storeInlineDocument({ contentBase64: source.contentBase64, maxBytes: options.maxBytes, ...meta });
        break;
      }
      case 'url':
        stored = await downloadDocument({ url: source.url, maxBytes: options.maxBytes, ...meta });
        break;
    }
  } catch (err) {
    if (isCanceled(err) || err instanceof AgentStepError) throw err;
    throw new AgentStepError(`The document could not be received: ${failureMessage(err)}`);
  }
  return { argument: storedArgument(stored, source), stored };
}
