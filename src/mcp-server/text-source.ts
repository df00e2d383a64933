// Text of a resolved document, through a small LRU cache keyed by content hash and declared type:
// several tools run over the same document in one verification, and a PDF should be parsed once.
// The cache is a dependency (created by the entry point), never module state.
import { extractText, sha256Hex, type ExtractedText, type PdfExtractor } from '../documents';
import type { ResolvedDocument } from './document-input';

export interface TextCache {
  get(key: string): ExtractedText | undefined;
  set(key: string, value: ExtractedText): void;
}

export function createTextCache(options: { maxEntries?: number; maxChars?: number } = {}): TextCache {
  const maxEntries = options.maxEntries ?? 32;
  const maxChars = options.maxChars ?? 20_000_000;
  const entries = new Map<string, ExtractedText>();
  let chars = 0;
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit) {
        // Re-insert: Map iteration order is insertion order, so the first key is least recently used.
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key, value) {
      if (value.text.length > maxChars || entries.has(key)) return;
      entries.set(key, value);
      chars += value.text.length;
      for (const [oldest, old] of entries) {
        if (entries.size <= maxEntries && chars <= maxChars) break;
        entries.delete(oldest);
        chars -= old.text.length;
      }
    },
  };
}

export interface TextSourceDeps {
  pdf: PdfExtractor;
  cache?: TextCache;
  signal?: AbortSignal;
}

export async function documentText(doc: ResolvedDocument, deps: TextSourceDeps): Promise<ExtractedText> {
  const key = `${sha256Hex(doc.bytes)}:${doc.mediaType ?? ''}`;
  const cached = deps.cache?.get(key);
  if (cached) return cached;
  const extracted = await extractText({ bytes: doc.bytes, mediaType: doc.mediaType }, { pdf: deps.pdf, signal: deps.signal });
  deps.cache?.set(key, extracted);
  return extracted;
}
