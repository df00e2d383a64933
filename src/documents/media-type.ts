// Media-type detection by magic bytes and content sniffing. Detection never trusts the declared type
// or the file name: a mismatch between them is exactly what verification wants to flag.

export type DetectedMediaType =
  | 'application/pdf'
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/tiff'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | 'application/zip'
  | 'application/json'
  | 'text/plain'
  | 'application/octet-stream';

export interface MediaTypeDetection {
  mediaType: DetectedMediaType;
  /** Which evidence decided, for reports: e.g. "magic bytes %PDF-". */
  evidence: string;
}

const MAGIC: ReadonlyArray<{ bytes: number[]; offset?: number; mediaType: DetectedMediaType; label: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], mediaType: 'image/png', label: 'PNG signature' },
  { bytes: [0xff, 0xd8, 0xff], mediaType: 'image/jpeg', label: 'JPEG SOI marker' },
  { bytes: [0x47, 0x49, 0x46, 0x38], mediaType: 'image/gif', label: 'GIF8 signature' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], mediaType: 'image/tiff', label: 'TIFF little-endian signature' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], mediaType: 'image/tiff', label: 'TIFF big-endian signature' },
];

export function detectMediaType(bytes: Uint8Array): MediaTypeDetection {
  // PDF readers accept the header anywhere in the first 1024 bytes, so sniffing must too.
  const pdfAt = indexOfAscii(bytes.subarray(0, 1024), '%PDF-');
  if (pdfAt >= 0) return { mediaType: 'application/pdf', evidence: `magic bytes %PDF- at offset ${pdfAt}` };
  for (const magic of MAGIC) {
    if (startsWith(bytes, magic.bytes)) return { mediaType: magic.mediaType, evidence: magic.label };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return detectZipFlavour(bytes);
  }
  const text = decodeUtf8Text(bytes);
  if (text === undefined) return { mediaType: 'application/octet-stream', evidence: 'binary content (no known signature)' };
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && isJson(trimmed)) {
    return { mediaType: 'application/json', evidence: 'content parses as JSON' };
  }
  return { mediaType: 'text/plain', evidence: 'valid UTF-8 without control bytes' };
}

/** Decodes UTF-8 text, or undefined when the bytes are not plausibly text (invalid UTF-8, NULs…). */
export function decodeUtf8Text(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
  // Control characters other than tab, newlines, form feed and carriage return mean binary.
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d && code !== 0x0b) || code === 0x7f) return undefined;
  }
  return text;
}

/** The essence of a declared type ("Application/PDF; charset=x" → "application/pdf"). */
export function normalizeMediaType(declared: string): string {
  return declared.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Declared and detected agree when equal, or when the declaration is a known alias or a supertype. */
export function mediaTypesAgree(declared: string, detected: DetectedMediaType): boolean {
  const d = normalizeMediaType(declared);
  if (d === detected) return true;
  if (d === 'application/octet-stream') return true;
  if (detected === 'application/json' && (d === 'text/json' || d.endsWith('+json') || d === 'text/plain')) return true;
  if (detected === 'text/plain' && d.startsWith('text/')) return true;
  if (detected === 'image/jpeg' && d === 'image/jpg') return true;
  if (detected === 'application/zip' && d === 'application/x-zip-compressed') return true;
  return false;
}

function detectZipFlavour(bytes: Uint8Array): MediaTypeDetection {
  // OOXML packages are zips whose local-file names reveal the flavour; the names are plain ASCII.
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1');
  if (head.includes('word/')) {
    return {
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      evidence: 'zip signature with word/ parts (DOCX)',
    };
  }
  if (head.includes('xl/')) {
    return {
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      evidence: 'zip signature with xl/ parts (XLSX)',
    };
  }
  return { mediaType: 'application/zip', evidence: 'zip local-file signature PK\\x03\\x04' };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function indexOfAscii(bytes: Uint8Array, needle: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, 0, 'latin1');
}
