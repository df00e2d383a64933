// The one shape every tool takes a document in, and its resolution to bytes. Exactly one of:
//   { documentId }              a blob in the artifact store (how workflows pass documents: no bytes
//                               in history); optional mediaType overrides the stored one
//   { contentBase64, mediaType } inline bytes, size-limited
//   { text }                     plain text, for callers that already have text
import { z } from 'zod';
import { formatBytes, type ArtifactStore } from '../artifact-store';
import type { ToolServerLimits } from './limits';
import { ToolError } from './tool-errors';

const SOURCES = ['documentId', 'contentBase64', 'text'] as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function documentInputSchema(limits: ToolServerLimits) {
  const maxBase64 = Math.ceil(limits.maxInlineBytes / 3) * 4;
  const shape = {
    documentId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be an artifact store id (32 lower-case hexadecimal characters)')
      .optional()
      .describe('Id of a document in the artifact store. Preferred: workflows and agents pass documents by id.'),
    contentBase64: z
      .string()
      .max(maxBase64, `inline content is larger than the ${formatBytes(limits.maxInlineBytes)} inline limit; store the document and pass documentId`)
      .regex(BASE64, 'is not valid base64 (standard alphabet, optional = padding, no whitespace)')
      .optional()
      .describe(`The document bytes, base64-encoded, at most ${formatBytes(limits.maxInlineBytes)} decoded. Requires mediaType.`),
    text: z
      .string()
      .max(limits.maxTextChars, `text is longer than the ${limits.maxTextChars}-character limit`)
      .optional()
      .describe('The document as plain text, when the caller already has its text.'),
    mediaType: z.string().min(3).max(255).optional().describe('Declared media type, e.g. application/pdf, text/plain, application/json.'),
    filename: z.string().max(255).optional().describe('Original file name, for reports only.'),
  };
  // zod's default for a missing object ("expected object, received undefined") says nothing useful.
  const missing = (issue: { input?: unknown }) =>
    issue.input === undefined ? 'missing: give the document as {documentId}, {contentBase64, mediaType} or {text}' : undefined;
  return z
    .strictObject(shape, { error: missing })
    .superRefine((value, ctx) => {
      const given = SOURCES.filter((key) => value[key] !== undefined);
      if (given.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message:
            given.length === 0
              ? 'give exactly one of documentId, contentBase64 or text'
              : `give only one of documentId, contentBase64 or text (got ${given.join(' and ')})`,
        });
      }
      if (value.contentBase64 !== undefined && value.mediaType === undefined) {
        ctx.addIssue({ code: 'custom', path: ['mediaType'], message: 'is required with contentBase64' });
      }
    })
    .describe('The document: exactly one of documentId (preferred), contentBase64 + mediaType, or text.');
}

export type DocumentInput = z.infer<ReturnType<typeof documentInputSchema>>;

export interface ResolvedDocument {
  bytes: Uint8Array;
  /** Declared type: the caller's, else the stored one, else text/plain for text input. */
  mediaType?: string;
  filename?: string;
  source: 'artifact-store' | 'inline' | 'text';
  documentId?: string;
}

export async function resolveDocument(input: DocumentInput, store: ArtifactStore, limits: ToolServerLimits): Promise<ResolvedDocument> {
  const filename = input.filename === undefined ? {} : { filename: input.filename };
  if (input.documentId !== undefined) {
    const { info, bytes } = await store.get(input.documentId);
    return {
      bytes,
      mediaType: input.mediaType ?? info.mediaType,
      ...(input.filename ?? info.filename ? { filename: input.filename ?? info.filename } : {}),
      source: 'artifact-store',
      documentId: info.blobId,
    };
  }
  if (input.contentBase64 !== undefined) {
    const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
    // The schema bounds the base64 length; padding arithmetic can still let a few bytes through.
    if (bytes.byteLength > limits.maxInlineBytes) {
      throw new ToolError('too-large', `document.contentBase64 decodes to more than the ${formatBytes(limits.maxInlineBytes)} inline limit`);
    }
    return { bytes, mediaType: input.mediaType, ...filename, source: 'inline' };
  }
  return { bytes: new Uint8Array(Buffer.from(input.text ?? '', 'utf8')), mediaType: input.mediaType ?? 'text/plain', ...filename, source: 'text' };
}
