// Reads the fields of one document type out of plain text: labelled values first, then structural
// finders. Every match carries its evidence (line, page, text) and typed values (dates as ISO days,
// amounts as numbers) so consistency checks never re-parse free text.
import type { DocumentType, FieldKey } from '../document-types';
import { labeledValues, splitLines } from '../text/lines';
import { STRUCTURAL_FINDERS } from './field-finders';
import { LABEL_RULES } from './field-rules';
import { evidenceOf, readValue, type DocumentContext, type FieldMatch } from './field-values';
import { parseLineItems, parseTransactions } from './tables';

export type { DocumentContext, FieldEvidence, FieldMatch } from './field-values';

export type ExtractedFields = Partial<Record<FieldKey, FieldMatch>>;

export function createDocumentContext(text: string): DocumentContext {
  const lines = splitLines(text);
  return { text, lines, pairs: labeledValues(lines), lineItems: parseLineItems(lines), transactions: parseTransactions(lines) };
}

export function extractFields(context: DocumentContext, type: DocumentType): ExtractedFields {
  const fields: ExtractedFields = {};
  for (const rule of LABEL_RULES[type]) {
    const pair = context.pairs.find((p) => rule.labels.test(p.key));
    if (pair && !fields[rule.field]) fields[rule.field] = readValue(rule.field, rule.kind, pair.value, evidenceOf(pair.line));
  }
  for (const finder of STRUCTURAL_FINDERS[type]) {
    const existing = fields[finder.field];
    if (existing?.status === 'present') continue;
    const found = finder.find(context, fields);
    if (found) fields[finder.field] = found;
  }
  return fields;
}

