// Deterministic document classification: each type scores the keyword and structure signals it
// shows (each signal counted once), the best score wins, and confidence grows with both the score
// and its margin over the runner-up. Same text, same answer, with the signals that decided.
import type { DocumentType } from './document-types';
import { createDocumentContext, type DocumentContext } from './fields/extract-fields';

export interface ClassificationSignal {
  documentType: DocumentType;
  signal: string;
  weight: number;
}

export interface Classification {
  documentType: DocumentType | 'unknown';
  /** In [0, 1]. For "unknown", how sure we are that none of the known types applies. */
  confidence: number;
  scores: Record<DocumentType, number>;
  /** The signals of the winning type (or of all types when unknown), strongest first. */
  signals: ClassificationSignal[];
}

type Rule = { signal: string; weight: number; test: (text: string, context: DocumentContext) => boolean };
const kw = (signal: string, re: RegExp, weight: number): Rule => ({ signal, weight, test: (text) => re.test(text) });

const RULES: Readonly<Record<DocumentType, readonly Rule[]>> = {
  invoice: [
    kw('word "invoice"', /\binvoice\b/i, 3),
    kw('invoice number label', /\binvoice\s*(number|no\.?|#)/i, 2),
    kw('"bill to" block', /\bbill(ed)?\s+to\b/i, 2),
    kw('due date', /\b(due date|payment due)\b/i, 2),
    kw('subtotal', /\bsub\s?total\b/i, 1.5),
    kw('amount due', /\b(amount|total|balance) due\b/i, 1.5),
    kw('VAT or tax line', /\b(vat|sales tax|gst)\b/i, 1),
    kw('payment terms', /\b(payment terms|net \d{1,3} days?)\b/i, 1),
    { signal: 'line-item table', weight: 3, test: (_t, c) => c.lineItems.length > 0 },
  ],
  'identity-document': [
    kw('word "passport"', /\bpassport\b/i, 3),
    kw('identity card / licence', /\b(identity card|identification card|national id(entity)? card|driver'?s licen[cs]e|residence permit)\b/i, 3),
    kw('date of birth', /\b(date of birth|birth date)\b/i, 2),
    kw('nationality', /\bnationality\b/i, 2),
    kw('surname / given names', /\b(surname|given names?)\b/i, 1.5),
    kw('expiry date', /\b(date of expiry|expiry date|expiration date)\b/i, 1.5),
    kw('place of birth', /\bplace of birth\b/i, 1.5),
    { signal: 'machine-readable zone', weight: 4, test: (_t, c) => c.lines.filter((l) => /^[A-Z0-9<]{30,44}$/.test(l.text.trim()) && l.text.includes('<<')).length >= 2 },
  ],
  contract: [
    kw('word "agreement"', /\bagreement\b/i, 2),
    kw('word "contract"', /\bcontract\b/i, 1.5),
    kw('"whereas" recitals', /\bwhereas\b/i, 2),
    kw('"hereinafter"', /\bhereinafter\b/i, 2),
    kw('governing-law clause', /\b(governing law|governed by (and construed in accordance with )?the laws?)\b/i, 2),
    kw('"in witness whereof"', /\bin witness whereof\b/i, 2),
    kw('parties', /\b(the parties|by and between)\b/i, 1.5),
    kw('termination clause', /\bterminat(e|ion)\b/i, 1),
    // Written so each character has one way to match: no backtracking blow-up on long blank runs.
    kw('numbered clauses', /^[ \t]*(?:(?:clause|section|article)[ \t]+)?\d+(?:\.\d+)*\.?[ \t]+[A-Z][a-z]/im, 1),
    kw('signature block', /\b(signature|signed by)\b/i, 1),
  ],
  'bank-statement': [
    kw('bank / account statement', /\b(bank|account) statement\b/i, 3),
    kw('word "statement"', /\bstatement\b/i, 1.5),
    kw('opening balance', /\b(opening balance|balance brought forward|previous balance)\b/i, 2.5),
    kw('closing balance', /\b(closing balance|balance carried forward|new balance)\b/i, 2.5),
    kw('statement period', /\bstatement period\b/i, 2),
    kw('account holder / number', /\baccount (holder|number|name)\b/i, 1.5),
    kw('IBAN / BIC', /\b(iban|bic|swift)\b/i, 1),
    kw('debits and credits', /\b(debit|credit|withdrawal|deposit)s?\b/i, 1),
    { signal: 'transaction table', weight: 3, test: (_t, c) => c.transactions.length >= 2 },
  ],
};

/** Below this score no type is claimed. */
const MIN_SCORE = 3;
/** A score at or above this counts as full evidence. */
const SATURATION = 10;

export function classifyDocument(text: string, context: DocumentContext = createDocumentContext(text)): Classification {
  const all: ClassificationSignal[] = [];
  const scores = {} as Record<DocumentType, number>;
  for (const [type, rules] of Object.entries(RULES) as Array<[DocumentType, readonly Rule[]]>) {
    const hits = rules.filter((r) => r.test(text, context)).map((r) => ({ documentType: type, signal: r.signal, weight: r.weight }));
    scores[type] = hits.reduce((s, h) => s + h.weight, 0);
    all.push(...hits);
  }
  const ranked = (Object.entries(scores) as Array<[DocumentType, number]>).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const [bestType, best] = ranked[0]!;
  const second = ranked[1]![1];
  const bySignal = (a: ClassificationSignal, b: ClassificationSignal) => b.weight - a.weight;
  if (best < MIN_SCORE) {
    return { documentType: 'unknown', confidence: round2(1 - best / (2 * MIN_SCORE)), scores, signals: all.sort(bySignal) };
  }
  const coverage = Math.min(1, best / SATURATION);
  const margin = (best - second) / best;
  return {
    documentType: bestType,
    confidence: round2(coverage * (0.5 + 0.5 * margin)),
    scores,
    signals: all.filter((s) => s.documentType === bestType).sort(bySignal),
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
