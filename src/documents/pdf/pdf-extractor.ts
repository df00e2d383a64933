// PDF text extraction through pdfjs-dist in worker threads. Untrusted bytes are parsed only inside a
// worker with a time and memory limit, so a hostile PDF yields a typed DocumentError, never a crash
// or a hang of the caller. Structural checks that need no parser (header, %%EOF) run here first.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { z } from 'zod';
import { DocumentError } from '../document-error';
import { createWorkerPool, WorkerJobError } from './worker-pool';

export interface PdfMetadata {
  title?: string;
  author?: string;
  subject?: string;
  producer?: string;
  creator?: string;
  /** ISO 8601 when the PDF date parses, otherwise absent. */
  creationDate?: string;
  modificationDate?: string;
  pdfVersion?: string;
}

export interface PdfExtraction {
  pageCount: number;
  /** Text of each extracted page, lines separated by "\n"; fewer than pageCount when truncated. */
  pages: string[];
  truncated: boolean;
  metadata: PdfMetadata;
}

export interface PdfExtractor {
  extract(bytes: Uint8Array, options?: { signal?: AbortSignal }): Promise<PdfExtraction>;
  close(): Promise<void>;
}

export interface PdfExtractorOptions {
  /** Concurrent parses; each is one worker thread. */
  maxWorkers?: number;
  /** Hard per-parse limit, a backstop under the callers' own (usually shorter) tool time limits. */
  timeoutMs?: number;
  maxPages?: number;
  maxChars?: number;
  resourceLimits?: ResourceLimits;
  /** Tests substitute a hostile worker (endless loop, memory hog) to prove the limits hold. */
  workerScript?: string;
}

export const DEFAULT_PDF_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 256,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
};

const workerResult = z.object({
  pageCount: z.number().int().nonnegative(),
  pages: z.array(z.string()),
  truncated: z.boolean(),
  info: z.record(z.string(), z.string()),
});

export function createPdfExtractor(options: PdfExtractorOptions = {}): PdfExtractor {
  const pool = createWorkerPool({
    script: options.workerScript ?? join(__dirname, 'extract-worker.mjs'),
    size: options.maxWorkers ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
    resourceLimits: options.resourceLimits ?? DEFAULT_PDF_RESOURCE_LIMITS,
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    async extract(bytes, { signal } = {}) {
      checkStructure(bytes);
      const copy = bytes.slice();
      let reply;
      try {
        reply = await pool.run({
          payload: { bytes: copy, maxPages: options.maxPages ?? 2_000, maxChars: options.maxChars ?? 5_000_000 },
          transfer: [copy.buffer],
          timeoutMs,
          signal,
        });
      } catch (error) {
        throw fromWorkerFailure(error);
      }
      if (!reply.ok) throw fromPdfjsError(reply.error);
      const parsed = workerResult.safeParse(reply.result);
      if (!parsed.success) throw new DocumentError('extractor-failed', 'the PDF worker returned a malformed result');
      const { info, ...rest } = parsed.data;
      return { ...rest, metadata: toMetadata(info) };
    },
    close: () => pool.close(),
  };
}

function checkStructure(bytes: Uint8Array): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1') < 0) {
    throw new DocumentError('corrupt', 'not a PDF: no %PDF- header in the first 1024 bytes');
  }
  // Writers end the file with %%EOF (maybe followed by whitespace); its absence means a cut-off file,
  // which pdfjs would otherwise silently "repair" into partial text.
  if (buffer.subarray(Math.max(0, buffer.length - 1024)).lastIndexOf('%%EOF', undefined, 'latin1') < 0) {
    throw new DocumentError('truncated', 'the PDF is truncated: no %%EOF marker at the end of the file');
  }
}

function fromPdfjsError(error: { name: string; message: string }): DocumentError {
  switch (error.name) {
    case 'PasswordException':
      return new DocumentError('encrypted', 'the PDF is encrypted and cannot be opened without a password');
    case 'InvalidPDFException':
      return new DocumentError('corrupt', `the PDF is corrupt: ${error.message}`);
    default:
      return new DocumentError('corrupt', `the PDF could not be parsed (${error.name}): ${error.message}`);
  }
}

function fromWorkerFailure(error: unknown): DocumentError {
  if (!(error instanceof WorkerJobError)) return new DocumentError('extractor-failed', 'PDF extraction failed unexpectedly');
  const message = `PDF extraction: ${error.message}`;
  switch (error.kind) {
    case 'timeout':
      return new DocumentError('timeout', message);
    case 'aborted':
      return new DocumentError('aborted', message);
    case 'resource-limit':
      return new DocumentError('resource-limit', message);
    default:
      return new DocumentError('extractor-failed', message);
  }
}

function toMetadata(info: Record<string, string>): PdfMetadata {
  const metadata: PdfMetadata = {};
  const set = (key: keyof PdfMetadata, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') metadata[key] = value.trim();
  };
  set('title', info.Title);
  set('author', info.Author);
  set('subject', info.Subject);
  set('producer', info.Producer);
  set('creator', info.Creator);
  set('creationDate', parsePdfDate(info.CreationDate));
  set('modificationDate', parsePdfDate(info.ModDate));
  set('pdfVersion', info.PDFFormatVersion);
  return metadata;
}

/** "D:YYYYMMDDHHmmSS+HH'mm'" (every part after the year optional) → ISO 8601 in UTC. */
export function parsePdfDate(value: string | undefined): string | undefined {
  const match = value?.match(/^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?/);
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetMinutes = sign === '+' || sign === '-' ? (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1) : 0;
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
