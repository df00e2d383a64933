// Text out of a document: PDF (through the worker-thread extractor), plain text and JSON. The
// declared media type decides when given (a "PDF" that is not one must fail as a corrupt PDF, not be
// read as something else); otherwise the sniffed type does. Anything else is a clear error.
import { DocumentError } from './document-error';
import { decodeUtf8Text, detectMediaType, normalizeMediaType } from './media-type';
import type { PdfExtractor, PdfMetadata } from './pdf/pdf-extractor';
import { PAGE_SEPARATOR } from './text/lines';

export type ExtractableMediaType = 'application/pdf' | 'text/plain' | 'application/json';

export interface ExtractedText {
  mediaType: ExtractableMediaType;
  /** All pages, separated by a line holding a form feed (see PAGE_SEPARATOR). */
  text: string;
  pages: string[];
  pageCount: number;
  /** True when page or character limits cut the text short. */
  truncated: boolean;
  metadata: PdfMetadata;
  /** The parsed value, for JSON documents. */
  json?: unknown;
}

export interface ExtractTextInput {
  bytes: Uint8Array;
  mediaType?: string;
}

export interface ExtractTextDeps {
  pdf: PdfExtractor;
  signal?: AbortSignal;
}

export async function extractText(input: ExtractTextInput, deps: ExtractTextDeps): Promise<ExtractedText> {
  const type = effectiveType(input);
  if (type === 'application/pdf') {
    const pdf = await deps.pdf.extract(input.bytes, { signal: deps.signal });
    return {
      mediaType: type,
      text: pdf.pages.join(PAGE_SEPARATOR),
      pages: pdf.pages,
      pageCount: pdf.pageCount,
      truncated: pdf.truncated,
      metadata: pdf.metadata,
    };
  }
  const text = decodeUtf8Text(input.bytes);
  if (text === undefined) {
    throw new DocumentError('not-text', `the content is declared as ${type} but is not valid UTF-8 text (binary data?)`);
  }
  const plain = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(plain);
    } catch (error) {
      throw new DocumentError('invalid-json', `the content is not valid JSON: ${(error as Error).message}`);
    }
    const pretty = prettyJson(value);
    return { mediaType: type, text: pretty, pages: [pretty], pageCount: 1, truncated: false, metadata: {}, json: value };
  }
  const pages = plain.split(/\n?\f\n?/);
  return { mediaType: 'text/plain', text: pages.join(PAGE_SEPARATOR), pages, pageCount: pages.length, truncated: false, metadata: {} };
}

/** JSON.parse nests without limit but stringify recurses: hostile depth must not escape as a RangeError. */
function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch (error) {
    if (error instanceof RangeError) throw new DocumentError('too-large', 'the JSON nests too deeply to be shown as text');
    throw error;
  }
}

function effectiveType(input: ExtractTextInput): ExtractableMediaType {
  const declared = input.mediaType === undefined ? '' : normalizeMediaType(input.mediaType);
  const detection = detectMediaType(input.bytes);
  const type = declared === '' || declared === 'application/octet-stream' ? detection.mediaType : declared;
  if (type === 'application/pdf') return 'application/pdf';
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'application/json';
  if (type.startsWith('text/')) return 'text/plain';
  const why = declared === '' ? ` (detected: ${detection.evidence})` : '';
  throw new DocumentError(
    'unsupported-media-type',
    `cannot extract text from ${type}${why}; supported types are application/pdf, text/plain and application/json`,
  );
}
