// Date parsing for document text. Output is a calendar date (YYYY-MM-DD, no time zone) because
// documents state days, not instants. Slash dates are read day-first unless that is impossible
// (e.g. 03/14/2025); when both readings are valid the result is marked ambiguous.

export interface ParsedDate {
  /** YYYY-MM-DD */
  iso: string;
  /** True for a day/month order that could be read either way, e.g. 04/05/2025. */
  ambiguous: boolean;
  /** The substring that was read as the date. */
  raw: string;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

const PATTERNS: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => ParsedDate | undefined }> = [
  { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/, read: (m) => make(m[0], +m[1]!, +m[2]!, +m[3]!, false) },
  { re: /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/, read: (m) => make(m[0], +m[3]!, +m[2]!, +m[1]!, false) },
  {
    re: /\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/,
    read: (m) => {
      const a = +m[1]!;
      const b = +m[2]!;
      if (a > 12) return make(m[0], +m[3]!, b, a, false);
      if (b > 12) return make(m[0], +m[3]!, a, b, false);
      return make(m[0], +m[3]!, b, a, a !== b);
    },
  },
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})\\b`, 'i'),
    read: (m) => make(m[0], +m[3]!, MONTHS[m[2]!.toLowerCase()] ?? 0, +m[1]!, false),
  },
  {
    re: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i'),
    read: (m) => make(m[0], +m[3]!, MONTHS[m[1]!.toLowerCase()] ?? 0, +m[2]!, false),
  },
];

/** The earliest date found in `text`, or undefined when none parses to a real calendar day. */
export function parseDate(text: string): ParsedDate | undefined {
  let best: { index: number; date: ParsedDate } | undefined;
  for (const { re, read } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const date = read(m);
    if (date && (!best || m.index < best.index)) best = { index: m.index, date };
  }
  return best?.date;
}

/** Every date in `text`, in order of appearance (used for "from X to Y" periods). */
export function parseDates(text: string): ParsedDate[] {
  const found: Array<{ index: number; date: ParsedDate }> = [];
  for (const { re, read } of PATTERNS) {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(global)) {
      const date = read(m as RegExpExecArray);
      const index = m.index ?? 0;
      if (date && !found.some((f) => index < f.index + f.date.raw.length && f.index < index + m[0].length)) {
        found.push({ index, date });
      }
    }
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.date);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date of an instant in UTC. */
export function isoDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function make(raw: string, year: number, month: number, day: number, ambiguous: boolean): ParsedDate | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1000) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February into March; a roll-over means the day does not exist.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { iso: date.toISOString().slice(0, 10), ambiguous, raw };
}
