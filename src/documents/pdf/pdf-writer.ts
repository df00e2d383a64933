// A minimal PDF 1.4 writer: Helvetica text lines on N pages, an Info dictionary and an exact xref
// table. Enough for sample documents and tests; it never embeds fonts, images or compression.
// Text is encoded as WinAnsi (Latin-1 subset); characters outside it become '?'.

export interface PdfPage {
  /** Lines top to bottom; long lines are not wrapped (callers lay out their own text). */
  lines: readonly string[];
}

export interface PdfDocumentInfo {
  title?: string;
  author?: string;
  subject?: string;
  producer?: string;
  creationDate?: Date;
}

export interface PdfWriteOptions {
  pages: readonly PdfPage[];
  info?: PdfDocumentInfo;
  fontSize?: number;
  /** Points; defaults to A4 portrait. */
  pageSize?: { width: number; height: number };
}

const A4 = { width: 595, height: 842 };
const MARGIN = 50;

/** Lines that fit on one page for the given font size and page height. */
export function linesPerPage(fontSize = 10, pageHeight = A4.height): number {
  return Math.floor((pageHeight - 2 * MARGIN) / leading(fontSize));
}

/** Splits a flat list of lines into pages; a line equal to `pageBreak` forces a new page. */
export function paginate(lines: readonly string[], perPage: number, pageBreak = '\f'): PdfPage[] {
  const pages: PdfPage[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line === pageBreak || current.length === perPage) {
      pages.push({ lines: current });
      current = [];
      if (line === pageBreak) continue;
    }
    current.push(line);
  }
  pages.push({ lines: current });
  return pages;
}

export function writePdf(options: PdfWriteOptions): Uint8Array {
  const fontSize = options.fontSize ?? 10;
  const size = options.pageSize ?? A4;
  const pages = options.pages.length > 0 ? options.pages : [{ lines: [] }];
  // Fixed object numbers: 1 catalog, 2 page tree, 3 font, 4 info; then page + content per page.
  const pageObjectNumber = (index: number) => 5 + index * 2;
  const bodies = new Map<number, Buffer>();
  const kids = pages.map((_, i) => `${pageObjectNumber(i)} 0 R`).join(' ');
  bodies.set(1, ascii('<< /Type /Catalog /Pages 2 0 R >>'));
  bodies.set(2, ascii(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`));
  bodies.set(3, ascii('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'));
  bodies.set(4, Buffer.concat([ascii('<< '), infoEntries(options.info), ascii('>>')]));
  pages.forEach((page, i) => {
    const content = pageContent(page.lines, fontSize, size.height);
    bodies.set(
      pageObjectNumber(i),
      ascii(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size.width} ${size.height}] ` +
          `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObjectNumber(i) + 1} 0 R >>`,
      ),
    );
    bodies.set(
      pageObjectNumber(i) + 1,
      Buffer.concat([ascii(`<< /Length ${content.length} >>\nstream\n`), content, ascii('\nendstream')]),
    );
  });
  return assemble(bodies);
}

function assemble(bodies: Map<number, Buffer>): Uint8Array {
  // The binary comment line marks the file as binary for transfer tools, as the spec recommends.
  const chunks: Buffer[] = [ascii('%PDF-1.4\n'), Buffer.from([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a])];
  let offset = chunks.reduce((n, c) => n + c.length, 0);
  const count = bodies.size + 1;
  const offsets: number[] = new Array<number>(count).fill(0);
  for (let n = 1; n < count; n += 1) {
    const body = bodies.get(n);
    if (!body) throw new Error(`pdf-writer: object ${n} missing`);
    const object = Buffer.concat([ascii(`${n} 0 obj\n`), body, ascii('\nendobj\n')]);
    offsets[n] = offset;
    chunks.push(object);
    offset += object.length;
  }
  // Each xref entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, two-byte EOL.
  const entries = offsets.map((o, n) =>
    n === 0 ? '0000000000 65535 f \n' : `${String(o).padStart(10, '0')} 00000 n \n`,
  );
  chunks.push(
    ascii(
      `xref\n0 ${count}\n${entries.join('')}trailer\n<< /Size ${count} /Root 1 0 R /Info 4 0 R >>\n` +
        `startxref\n${offset}\n%%EOF\n`,
    ),
  );
  return new Uint8Array(Buffer.concat(chunks));
}

function pageContent(lines: readonly string[], fontSize: number, pageHeight: number): Buffer {
  const parts: Buffer[] = [ascii(`BT\n/F1 ${fontSize} Tf\n${leading(fontSize)} TL\n${MARGIN} ${pageHeight - MARGIN} Td\n`)];
  for (const line of lines) parts.push(ascii('('), pdfString(line), ascii(') Tj T*\n'));
  parts.push(ascii('ET'));
  return Buffer.concat(parts);
}

function infoEntries(info: PdfDocumentInfo | undefined): Buffer {
  const entries: Buffer[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) entries.push(ascii(`/${key} (`), pdfString(value), ascii(') '));
  };
  add('Title', info?.title);
  add('Author', info?.author);
  add('Subject', info?.subject);
  add('Producer', info?.producer ?? 'a2a-temporal pdf-writer');
  add('CreationDate', info?.creationDate ? pdfDate(info.creationDate) : undefined);
  return Buffer.concat(entries);
}

/** D:YYYYMMDDHHmmSSZ in UTC, the PDF date format. */
function pdfDate(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `D:${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`
  );
}

/** Escapes a literal string body; bytes are WinAnsi so Latin-1 letters survive extraction. */
function pdfString(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    const byte = code < 0x20 || code > 0xff || (code >= 0x7f && code < 0xa0) ? 0x3f : code;
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) bytes.push(0x5c);
    bytes.push(byte);
  }
  return Buffer.from(bytes);
}

function leading(fontSize: number): number {
  return Math.round(fontSize * 1.4);
}

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
