// Output schemas of the tools (zod → the JSON Schema clients see, and the SDK validates every
// structuredContent against them), and by tool name the types consumers read results by. Kept beside
// each other because they share their pieces.
import { z } from 'zod';
import { documentTypeSchema, fieldKeySchema, piiTypeSchema } from '../../documents';
import type { ToolName } from '../tool-names';

const storedOutputSchema = z
  .object({ documentId: z.string(), size: z.number().int(), sha256: z.string(), mediaType: z.string(), filename: z.string().optional() })
  .optional()
  .describe('The stored copy (id, size, SHA-256, media type), when storeOutput was set: enough to hand it on without asking the store.');
/** A stored output as the tools report it: what a caller needs to hand it on without asking the store. */
export type StoredOutput = NonNullable<z.infer<typeof storedOutputSchema>>;

export const evidenceSchema = z.object({ text: z.string(), line: z.number().int(), page: z.number().int() });
const presentFieldSchema = z.object({ field: fieldKeySchema, label: z.string(), value: z.string(), evidence: evidenceSchema });
const typeSourceSchema = z.enum(['argument', 'classified']).describe('Whether documentType was given or classified.');

export const extractTextOutput = z.object({
  mediaType: z.enum(['application/pdf', 'text/plain', 'application/json']),
  sha256: z.string(),
  pageCount: z.number().int(),
  chars: z.number().int().describe('Length of the full extracted text.'),
  truncated: z.boolean().describe('Page or size limits cut the extraction short.'),
  metadata: z.object({
    title: z.string().optional(),
    author: z.string().optional(),
    subject: z.string().optional(),
    producer: z.string().optional(),
    creator: z.string().optional(),
    creationDate: z.string().optional(),
    modificationDate: z.string().optional(),
    pdfVersion: z.string().optional(),
  }),
  text: z.string().optional().describe('The text; pages separated by a line holding a form feed.'),
  textTruncated: z.boolean().describe('The inline text was cut to maxChars (the stored copy is complete).'),
  outputDocumentId: z.string().optional().describe('Artifact store id of the full text, when storeOutput was set.'),
  outputDocument: storedOutputSchema,
});

export const fingerprintOutput = z.object({
  sha256: z.string(),
  size: z.number().int(),
  detectedMediaType: z.string(),
  detectionEvidence: z.string(),
  declaredMediaType: z.string().optional(),
  mediaTypeMismatch: z.boolean(),
  filename: z.string().optional(),
  source: z.enum(['artifact-store', 'inline', 'text']),
  documentId: z.string().optional(),
});

export const requiredFieldsOutput = z.object({
  documentType: documentTypeSchema,
  documentTypeSource: typeSourceSchema,
  complete: z.boolean(),
  present: z.array(presentFieldSchema),
  missing: z.array(z.object({ field: fieldKeySchema, label: z.string() })),
  invalid: z.array(presentFieldSchema.extend({ reason: z.string() })),
  additional: z.array(presentFieldSchema),
});

export const consistencyOutput = z.object({
  documentType: documentTypeSchema,
  documentTypeSource: typeSourceSchema,
  asOf: z.string().describe('The day dates were judged against (YYYY-MM-DD).'),
  consistent: z.boolean().describe('No finding of severity error.'),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  findings: z.array(
    z.object({
      code: z.string(),
      severity: z.enum(['info', 'warning', 'error']),
      message: z.string(),
      fields: z.array(fieldKeySchema),
      evidence: evidenceSchema.optional(),
    }),
  ),
  checked: z.array(z.string()).describe('Checks that had enough data to run.'),
});

export const classificationOutput = z.object({
  documentType: z.enum([...documentTypeSchema.options, 'unknown']),
  confidence: z.number().min(0).max(1),
  policyMinimumConfidence: z.number(),
  meetsPolicyMinimum: z.boolean(),
  scores: z.record(documentTypeSchema, z.number()),
  signals: z.array(z.object({ documentType: documentTypeSchema, signal: z.string(), weight: z.number() })),
});

const piiCountsSchema = z.record(piiTypeSchema, z.number().int());

export const detectPiiOutput = z.object({
  total: z.number().int(),
  counts: piiCountsSchema,
  matches: z.array(
    z.object({
      type: piiTypeSchema,
      subtype: z.string(),
      valid: z.boolean(),
      masked: z.string(),
      start: z.number().int(),
      end: z.number().int(),
    }),
  ),
});

export const redactOutput = z.object({
  text: z.string().optional().describe('The redacted text (omitted when includeText is false).'),
  textTruncated: z.boolean(),
  outputDocumentId: z.string().optional().describe('Artifact store id of the full redacted text, when storeOutput was set.'),
  outputDocument: storedOutputSchema,
  total: z.number().int(),
  redactions: z.array(
    z.object({
      type: z.enum([...piiTypeSchema.options, 'field']),
      subtype: z.string(),
      start: z.number().int(),
      end: z.number().int(),
      replacement: z.string(),
    }),
  ),
});

/** Each tool's output schema by name: what a consumer of its results validates them against. */
export const toolOutputSchemas = {
  extract_text: extractTextOutput,
  fingerprint_document: fingerprintOutput,
  check_required_fields: requiredFieldsOutput,
  detect_pii: detectPiiOutput,
  check_consistency: consistencyOutput,
  classify_document: classificationOutput,
  redact: redactOutput,
} satisfies Record<ToolName, z.ZodObject>;

/** A tool's structuredContent as its consumers read it. */
export type ToolOutputs = { [K in ToolName]: z.infer<(typeof toolOutputSchemas)[K]> };
export type Evidence = z.infer<typeof evidenceSchema>;
