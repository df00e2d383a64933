// Worker-thread side of PDF extraction: parses one PDF per message with pdfjs-dist and answers with
// text per page and raw metadata. Plain ESM so it loads without any TypeScript transform (jest and
// `node -r register-ts` alike); the parent owns time and memory limits and may terminate us anytime.
import { parentPort } from 'node:worker_threads';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

// Helvetica's space is 278/1000 em; real fonts differ, but only the order of magnitude matters here.
const SPACE_EM = 0.278;

parentPort.on('message', async (message) => {
  const { id, payload } = message;
  try {
    const result = await extract(payload);
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: { name: String(error?.name ?? 'Error'), message: String(error?.message ?? error) },
    });
  }
});

async function extract({ bytes, maxPages, maxChars }) {
  const task = pdfjs.getDocument({
    data: bytes,
    // Hostile input: no eval of PDF functions, no font loading, no network, fail fast on errors.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    verbosity: 0,
  });
  const doc = await task.promise;
  try {
    const { info } = await doc.getMetadata();
    const pages = [];
    let chars = 0;
    let truncated = doc.numPages > maxPages;
    for (let n = 1; n <= Math.min(doc.numPages, maxPages); n += 1) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = pageText(content.items);
      page.cleanup();
      if (chars + text.length > maxChars) {
        pages.push(text.slice(0, Math.max(0, maxChars - chars)));
        truncated = true;
        break;
      }
      chars += text.length;
      pages.push(text);
    }
    return { pageCount: doc.numPages, pages, truncated, info: pickInfo(info) };
  } finally {
    await doc.destroy();
  }
}

/** Rebuilds lines from positioned text items; wide horizontal gaps become a two-space column gap. */
function pageText(items) {
  const lines = [];
  let line = '';
  let lastY;
  let lastEndX;
  const gapTo = (separator) => {
    if (separator === '  ') line = line.replace(/ ?$/, '  ');
    else if (!line.endsWith(' ')) line += ' ';
  };
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const [a, b, , , x, y] = item.transform;
    const fontSize = Math.hypot(a, b) || 10;
    const space = fontSize * SPACE_EM;
    if (lastY !== undefined && Math.abs(y - lastY) > fontSize * 0.5) {
      lines.push(line);
      line = '';
      lastEndX = undefined;
    }
    if (item.str.trim() === '') {
      if (item.str.length > 0 || item.width > 0) gapTo(item.width / space >= 1.5 ? '  ' : ' ');
    } else {
      if (lastEndX !== undefined && line.length > 0) {
        const gap = x - lastEndX;
        if (gap > space * 1.5) gapTo('  ');
        else if (gap > space * 0.3) gapTo(' ');
      }
      line += item.str;
    }
    lastEndX = x + item.width;
    lastY = y;
    if (item.hasEOL) {
      lines.push(line);
      line = '';
      lastEndX = undefined;
      lastY = undefined;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines.map((l) => l.trimEnd()).join('\n');
}

function pickInfo(info) {
  const out = {};
  const keys = ['Title', 'Author', 'Subject', 'Producer', 'Creator', 'CreationDate', 'ModDate', 'PDFFormatVersion'];
  for (const key of keys) {
    if (typeof info?.[key] === 'string' && info[key].length > 0) out[key] = info[key].slice(0, 1000);
  }
  if (typeof info?.EncryptFilterName === 'string') out.EncryptFilterName = info.EncryptFilterName;
  return out;
}
