// Line and "Label: value" structure of extracted text, with offsets into the original text so every
// finding can point at its evidence. Pages are separated by a line holding only a form feed.

export interface TextLine {
  text: string;
  /** 1-based line number within the whole text. */
  number: number;
  /** 1-based page number (form-feed lines separate pages). */
  page: number;
  start: number;
  end: number;
}

export interface LabeledValue {
  label: string;
  /** Lower-case words of the label: "Invoice No." → "invoice no", "dueDate" → "due date". */
  key: string;
  value: string;
  line: TextLine;
  /** Offsets of the value within the whole text. */
  start: number;
  end: number;
}

export const PAGE_SEPARATOR = '\n\f\n';

export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let page = 1;
  let start = 0;
  let number = 1;
  for (const raw of text.split('\n')) {
    const end = start + raw.length;
    if (raw === '\f') page += 1;
    else lines.push({ text: raw.replace(/\r$/, ''), number, page, start, end });
    start = end + 1;
    number += 1;
  }
  return lines;
}

/** Lower-case words; camelCase and punctuation become spaces, '#' and '%' survive. */
export function normalizeLabel(label: string): string {
  return label
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9#%]+/g, ' ')
    .trim();
}

// A label starts with a letter, is short, and ends at a colon; JSON keys keep their quotes.
const LABEL = /^\s*"?([A-Za-z][A-Za-z0-9 .'’/()&#%-]{0,48}?)"?\s*:(?!\/\/)\s*/;

/**
 * Every "Label: value" pair. A line may hold several pairs separated by wide gaps; a label with an
 * empty value takes the next non-label line (address blocks: "Bill to:" then the name).
 */
export function labeledValues(lines: readonly TextLine[]): LabeledValue[] {
  const pairs: LabeledValue[] = [];
  lines.forEach((line, index) => {
    let open: LabeledValue | undefined;
    for (const segment of segments(line)) {
      const match = LABEL.exec(segment.text);
      if (match) {
        const valueStart = segment.start + match[0].length;
        open = {
          label: match[1]!.trim(),
          key: normalizeLabel(match[1]!),
          value: '',
          line,
          start: valueStart,
          end: valueStart,
        };
        pairs.push(open);
        appendValue(open, segment.text.slice(match[0].length), valueStart);
      } else if (open) {
        appendValue(open, segment.text, segment.start);
      }
    }
    if (open && open.value === '') {
      const next = lines.slice(index + 1, index + 3).find((l) => l.text.trim() !== '');
      if (next && !LABEL.test(next.text)) appendValue(open, next.text, next.start);
    }
  });
  return pairs;
}

function appendValue(pair: LabeledValue, text: string, start: number): void {
  const cleaned = cleanValue(text);
  if (cleaned === '') return;
  const at = start + text.indexOf(cleaned.slice(0, 1));
  if (pair.value === '') pair.start = at;
  pair.value = pair.value === '' ? cleaned : `${pair.value} ${cleaned}`;
  pair.end = Math.max(pair.end, at + cleaned.length);
}

/** Drops JSON punctuation around a value: `"INV-1",` → `INV-1`. */
function cleanValue(text: string): string {
  return text.trim().replace(/,$/, '').replace(/^"(.*)"$/, '$1').trim();
}

/** Parts of a line separated by two or more spaces or a tab (the column gaps extraction keeps). */
export function segments(line: TextLine): Array<{ text: string; start: number }> {
  const parts: Array<{ text: string; start: number }> = [];
  // Words joined by single spaces; unambiguous, so matching stays linear in the line length.
  const re = /\S+(?: \S+)*/g;
  for (const m of line.text.matchAll(re)) parts.push({ text: m[0], start: line.start + (m.index ?? 0) });
  return parts;
}

/** Columns of a table-like line: text split at gaps of two or more spaces. */
export function columns(line: TextLine): string[] {
  return segments(line).map((s) => s.text);
}
