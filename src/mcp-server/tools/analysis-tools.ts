// check_required_fields, check_consistency and classify_document: rule-based analysis of a
// document's text under the verification policy (required fields, amount tolerance, confidence).
import { z } from 'zod';
import { checkConsistency, checkRequiredFields, classifyDocument, documentTypeSchema, fieldKeySchema } from '../../documents';
import { documentInputSchema } from '../document-input';
import { defineTool, type ToolDefinition } from './define-tool';
import { loadText, settleDocumentType } from './document-access';
import { classificationOutput, consistencyOutput, requiredFieldsOutput } from './output-schemas';
import { READ_ONLY, type ToolDeps } from './tool-deps';

const documentType = documentTypeSchema
  .optional()
  .describe('The document type; when omitted it is classified, and the call fails if classification is not confident.');

export function analysisTools(deps: ToolDeps): ToolDefinition[] {
  const document = documentInputSchema(deps.limits);

  return [
    defineTool({
      name: 'check_required_fields',
      title: 'Check required fields',
      description:
        'Checks that a document carries the fields its type requires under the verification policy: invoice (number, ' +
        'issue and due dates, issuer, recipient, total, currency, line items), identity document (full name, date of ' +
        'birth, document number, expiry date, nationality), contract (parties, effective date, signatures, governing ' +
        'law), bank statement (account holder, IBAN or account number, period, opening and closing balance). Returns ' +
        'present fields with their evidence (line, page, text), missing fields, and fields whose value is unusable.',
      input: z.strictObject({
        document,
        documentType,
        requiredFields: z.array(fieldKeySchema).min(1).optional().describe("Override the policy's required fields for this call."),
      }),
      output: requiredFieldsOutput,
      annotations: { title: 'Check required fields', ...READ_ONLY },
      run: async (args, { signal }) => {
        const { extracted } = await loadText(deps, args.document, signal);
        const type = settleDocumentType(deps, args.documentType, extracted.text);
        const report = checkRequiredFields(extracted.text, type.documentType, {
          required: args.requiredFields ?? deps.policy.requiredFields[type.documentType],
        });
        return { ...report, documentTypeSource: type.documentTypeSource };
      },
    }),
    defineTool({
      name: 'check_consistency',
      title: 'Check consistency',
      description:
        'Checks that a document is internally consistent: dates parse, lie in a plausible range and are in order ' +
        '(issue before due, period start before end, not expired), amounts add up (line items, subtotal + tax = total, ' +
        'stated tax rate, opening balance + transactions = closing balance), one currency, issuer and recipient or ' +
        'parties and signatures present, IBAN checksums valid. Returns findings with a code, severity (info, warning, ' +
        'error) and message; consistent is false when any finding is an error.',
      input: z.strictObject({
        document,
        documentType,
        asOf: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
          // Date.parse accepts 2025-02-30 (rolling into March), so compare the round trip instead.
          .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'is not a calendar date')
          .optional()
          .describe('Judge dates (expiry, future dates) as of this day; default today.'),
      }),
      output: consistencyOutput,
      annotations: { title: 'Check consistency', ...READ_ONLY },
      run: async (args, { signal }) => {
        const { extracted } = await loadText(deps, args.document, signal);
        const type = settleDocumentType(deps, args.documentType, extracted.text);
        const now = args.asOf ? new Date(`${args.asOf}T12:00:00Z`) : deps.now();
        const report = checkConsistency(extracted.text, { documentType: type.documentType, now, amountTolerance: deps.policy.amounts.tolerance });
        const count = (severity: string) => report.findings.filter((f) => f.severity === severity).length;
        return {
          ...report,
          documentTypeSource: type.documentTypeSource,
          asOf: now.toISOString().slice(0, 10),
          counts: { error: count('error'), warning: count('warning'), info: count('info') },
        };
      },
    }),
    defineTool({
      name: 'classify_document',
      title: 'Classify document',
      description:
        'Classifies a document as invoice, identity-document, contract, bank-statement or unknown with deterministic ' +
        'keyword and structure rules. Returns the type, a confidence in [0, 1], whether it meets the policy minimum, ' +
        'the score of every type and the signals that decided.',
      input: z.strictObject({ document }),
      output: classificationOutput,
      annotations: { title: 'Classify document', ...READ_ONLY },
      run: async (args, { signal }) => {
        const { extracted } = await loadText(deps, args.document, signal);
        const result = classifyDocument(extracted.text);
        const minimum = deps.policy.classification.minConfidence;
        return {
          ...result,
          policyMinimumConfidence: minimum,
          meetsPolicyMinimum: result.documentType !== 'unknown' && result.confidence >= minimum,
        };
      },
    }),
  ];
}
