// Shape of a sample document and its rendering to PDF and text. Samples are deterministic (fixed
// dates, fixed metadata) so their SHA-256 is stable across runs, which tests and benchmarks rely on.
import type { DocumentType } from '../document-types';
import { linesPerPage, paginate, writePdf, type PdfDocumentInfo } from '../pdf/pdf-writer';
import { PAGE_SEPARATOR } from '../text/lines';

export interface SampleDocument {
  name: string;
  filename: string;
  documentType: DocumentType;
  /** What verification should conclude, for tests and the demo's narration. */
  expectConsistent: boolean;
  info: PdfDocumentInfo;
  /** Lines as printed; "\f" forces a page break. */
  lines: readonly string[];
}

const FONT_SIZE = 10;

export function samplePdf(sample: SampleDocument): Uint8Array {
  return writePdf({ pages: paginate(sample.lines, linesPerPage(FONT_SIZE)), info: sample.info, fontSize: FONT_SIZE });
}

/** The sample as plain text, pages separated the way extractText separates PDF pages. */
export function sampleText(sample: SampleDocument): string {
  return paginate(sample.lines, linesPerPage(FONT_SIZE))
    .map((p) => p.lines.join('\n'))
    .join(PAGE_SEPARATOR);
}

/** "1,234.50": English grouping, independent of the host's locale data. */
export function money(value: number): string {
  const [int, frac] = Math.abs(value).toFixed(2).split('.');
  return `${value < 0 ? '-' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** Columns padded to fixed widths with at least three spaces between them. */
export function row(cells: ReadonlyArray<string>, widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === cells.length - 1 ? cell : `${cell}   `.padEnd((widths[i] ?? 0) + 3)))
    .join('')
    .trimEnd();
}
