// Shared steps of the document tools: resolve the document argument, get its text (cached), settle
// the document type (given, or classified when confident enough under the policy), and optionally
// store an output text in the artifact store so large outputs stay out of callers' histories.
import { classifyDocument, type DocumentType, type ExtractedText } from '../../documents';
import { resolveDocument, type DocumentInput, type ResolvedDocument } from '../document-input';
import { documentText } from '../text-source';
import { ToolError } from '../tool-errors';
import type { ToolRun } from '../tool-runner';
import type { ToolDeps } from './tool-deps';
import type { StoredOutput } from './output-schemas';

export async function loadDocument(deps: ToolDeps, input: DocumentInput): Promise<ResolvedDocument> {
  return resolveDocument(input, deps.store, deps.limits);
}

export async function loadText(deps: ToolDeps, input: DocumentInput, signal: AbortSignal): Promise<{ doc: ResolvedDocument; extracted: ExtractedText }> {
  const doc = await loadDocument(deps, input);
  const extracted = await documentText(doc, { pdf: deps.pdf, cache: deps.textCache, signal });
  return { doc, extracted };
}

export function settleDocumentType(
  deps: ToolDeps,
  given: DocumentType | undefined,
  text: string,
): { documentType: DocumentType; documentTypeSource: 'argument' | 'classified' } {
  if (given) return { documentType: given, documentTypeSource: 'argument' };
  const guess = classifyDocument(text);
  const minimum = deps.policy.classification.minConfidence;
  if (guess.documentType === 'unknown') {
    throw new ToolError('undetermined-type', 'could not determine the document type (the text shows too few signs of any known type); pass documentType');
  }
  if (guess.confidence < minimum) {
    throw new ToolError(
      'undetermined-type',
      `could not determine the document type (best guess ${guess.documentType} at confidence ${guess.confidence}, below the policy minimum ${minimum}); pass documentType`,
    );
  }
  return { documentType: guess.documentType, documentTypeSource: 'classified' };
}

/** Cuts inline text to `maxChars`, saying whether it did. */
export function cutText(text: string, maxChars: number): { text: string; textTruncated: boolean } {
  return text.length > maxChars ? { text: text.slice(0, maxChars), textTruncated: true } : { text, textTruncated: false };
}

/** Stores a tool's output text; under the run's `outputBlobId` when set, so a retried call overwrites. */
export async function storeText(deps: ToolDeps, run: ToolRun, text: string, filename: string | undefined): Promise<StoredOutput> {
  const info = await deps.store.put(new Uint8Array(Buffer.from(text, 'utf8')), {
    mediaType: 'text/plain; charset=utf-8',
    ...(filename ? { filename } : {}),
    ...(run.outputBlobId ? { blobId: run.outputBlobId } : {}),
    ...(run.outputTaskId ? { taskId: run.outputTaskId } : {}),
  });
  return { documentId: info.blobId, size: info.size, sha256: info.sha256, mediaType: info.mediaType, ...(info.filename ? { filename: info.filename } : {}) };
}

/** `outputDocumentId` (kept for existing callers) and `outputDocument` of a tool result, when stored. */
export function storedOutputFields(stored: StoredOutput | undefined): { outputDocumentId?: string; outputDocument?: StoredOutput } {
  return stored ? { outputDocumentId: stored.documentId, outputDocument: stored } : {};
}
