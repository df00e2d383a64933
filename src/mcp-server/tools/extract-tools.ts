// extract_text and fingerprint_document: the two tools that look at a document's bytes rather than
// its text. Extraction of PDFs runs in a worker thread under the tool's time limit.
import { z } from 'zod';
import { fingerprintDocument, sha256Hex } from '../../documents';
import { documentInputSchema } from '../document-input';
import { defineTool, type ToolDefinition } from './define-tool';
import { cutText, loadDocument, loadText, storeText, storedOutputFields } from './document-access';
import { extractTextOutput, fingerprintOutput } from './output-schemas';
import { ADDITIVE, READ_ONLY, type ToolDeps } from './tool-deps';

export function extractTools(deps: ToolDeps): ToolDefinition[] {
  const document = documentInputSchema(deps.limits);

  return [
    defineTool({
      name: 'extract_text',
      title: 'Extract text',
      description:
        'Extracts the text of a document (PDF, plain text or JSON) with its page count and, for PDFs, metadata ' +
        '(title, author, producer, creation date). Pages are separated by a line holding a form feed. Use it to read a ' +
        'document; the analysis tools extract on their own, so there is no need to call this first. Set storeOutput to ' +
        'save the full text in the artifact store and get its documentId (with includeText false to return only the id). ' +
        'Corrupt, truncated or encrypted PDFs fail with a reason.',
      input: z.strictObject({
        document,
        maxChars: z
          .number()
          .int()
          .min(0)
          .max(deps.limits.maxOutputChars)
          .optional()
          .describe(`Cut the returned text to this many characters (default and maximum ${deps.limits.maxOutputChars}).`),
        storeOutput: z.boolean().optional().describe('Also store the full text in the artifact store and return outputDocumentId.'),
        includeText: z.boolean().optional().describe('Return the text inline (default true).'),
      }),
      output: extractTextOutput,
      annotations: { title: 'Extract text', ...ADDITIVE },
      run: async (args, run) => {
        const { doc, extracted } = await loadText(deps, args.document, run.signal);
        const cut = cutText(extracted.text, args.maxChars ?? deps.limits.maxOutputChars);
        const stored = args.storeOutput ? await storeText(deps, run, extracted.text, doc.filename && `${doc.filename}.txt`) : undefined;
        return {
          mediaType: extracted.mediaType,
          sha256: sha256Hex(doc.bytes),
          pageCount: extracted.pageCount,
          chars: extracted.text.length,
          truncated: extracted.truncated,
          metadata: extracted.metadata,
          ...(args.includeText === false ? {} : { text: cut.text }),
          textTruncated: cut.textTruncated,
          ...storedOutputFields(stored),
        };
      },
    }),
    defineTool({
      name: 'fingerprint_document',
      title: 'Fingerprint document',
      description:
        'Identifies a document by its bytes: SHA-256, size in bytes and the media type detected from magic bytes and ' +
        'content (PDF, PNG, JPEG, GIF, TIFF, DOCX, XLSX, zip, JSON, plain text). Flags mediaTypeMismatch when the ' +
        'declared media type contradicts the bytes, a common sign of a disguised or wrongly labelled upload.',
      input: z.strictObject({ document }),
      output: fingerprintOutput,
      annotations: { title: 'Fingerprint document', ...READ_ONLY },
      run: async (args) => {
        const doc = await loadDocument(deps, args.document);
        return {
          ...fingerprintDocument(doc.bytes, doc.mediaType),
          ...(doc.filename ? { filename: doc.filename } : {}),
          source: doc.source,
          ...(doc.documentId ? { documentId: doc.documentId } : {}),
        };
      },
    }),
  ];
}
