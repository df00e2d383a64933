// detect_pii and redact: personal data found in a document's text (masked, never raw) and a
// redacted copy, optionally stored in the artifact store so it can be handed on by id.
import { z } from 'zod';
import { detectPii, documentTypeSchema, fieldKeySchema, piiTypes, piiTypeSchema, redact, type PiiType } from '../../documents';
import { documentInputSchema } from '../document-input';
import { defineTool, type ToolDefinition } from './define-tool';
import { cutText, loadText, settleDocumentType, storeText, storedOutputFields } from './document-access';
import { detectPiiOutput, redactOutput } from './output-schemas';
import { ADDITIVE, READ_ONLY, type ToolDeps } from './tool-deps';

const types = z.array(piiTypeSchema).min(1).optional().describe(`Only these kinds (default all: ${piiTypes.join(', ')}).`);

function countByType(items: ReadonlyArray<{ type: string }>): Record<PiiType, number> {
  const counts = Object.fromEntries(piiTypes.map((t) => [t, 0])) as Record<PiiType, number>;
  for (const item of items) if (item.type in counts) counts[item.type as PiiType] += 1;
  return counts;
}

export function piiTools(deps: ToolDeps): ToolDefinition[] {
  const document = documentInputSchema(deps.limits);

  return [
    defineTool({
      name: 'detect_pii',
      title: 'Detect personal data',
      description:
        'Finds personal data in a document: email addresses, phone numbers (international and national formats), ' +
        'IBANs (validated by the mod-97 checksum; failing ones are reported with valid false), payment card numbers ' +
        '(Luhn-validated, with brand) and national ids (US SSN, UK NINO, Spanish DNI/NIE, French NIR, Italian codice ' +
        'fiscale). Each match has its type, subtype, a masked value and character offsets; raw values are never returned.',
      input: z.strictObject({ document, types }),
      output: detectPiiOutput,
      annotations: { title: 'Detect personal data', ...READ_ONLY },
      run: async (args, { signal }) => {
        const { extracted } = await loadText(deps, args.document, signal);
        const matches = detectPii(extracted.text, { types: args.types });
        return { total: matches.length, counts: countByType(matches), matches };
      },
    }),
    defineTool({
      name: 'redact',
      title: 'Redact document',
      description:
        'Returns a redacted plain-text copy of a document: personal data replaced by typed placeholders such as [IBAN] ' +
        'or, with style keep-last-4, [IBAN ****6819]; optionally also the values of labelled fields (e.g. dateOfBirth, ' +
        'documentNumber). Lists every redaction with offsets into the original text. Set storeOutput to save the ' +
        'redacted copy in the artifact store and get its documentId.',
      input: z.strictObject({
        document,
        types,
        style: z.enum(['placeholder', 'keep-last-4']).optional().describe('placeholder (default) or keep-last-4.'),
        fields: z.array(fieldKeySchema).min(1).optional().describe('Also redact the values of these labelled fields.'),
        documentType: documentTypeSchema.optional().describe('Type whose labels identify `fields`; classified when omitted.'),
        storeOutput: z.boolean().optional().describe('Store the redacted text in the artifact store and return outputDocumentId.'),
        includeText: z.boolean().optional().describe('Return the redacted text inline (default true).'),
      }),
      output: redactOutput,
      annotations: { title: 'Redact document', ...ADDITIVE },
      run: async (args, run) => {
        const { doc, extracted } = await loadText(deps, args.document, run.signal);
        const fields = args.fields && { documentType: settleDocumentType(deps, args.documentType, extracted.text).documentType, keys: args.fields };
        const result = redact(extracted.text, { types: args.types, style: args.style, ...(fields ? { fields } : {}) });
        const cut = cutText(result.text, deps.limits.maxOutputChars);
        const stored = args.storeOutput ? await storeText(deps, run, result.text, doc.filename && `${doc.filename}.redacted.txt`) : undefined;
        return {
          ...(args.includeText === false ? {} : { text: cut.text }),
          textTruncated: cut.textTruncated,
          ...storedOutputFields(stored),
          total: result.redactions.length,
          redactions: result.redactions,
        };
      },
    }),
  ];
}
