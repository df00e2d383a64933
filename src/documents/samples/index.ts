// Sample documents for tests, the demo and the benchmark, from one place. Each comes as a PDF (the
// realistic input) and as the equivalent plain text.
import { sampleInconsistentInvoice, sampleInvoice } from './invoice-samples';
import { sampleBankStatement, sampleContract, sampleIdentityDocument } from './other-samples';
import type { SampleDocument } from './sample-document';

export { samplePdf, sampleText, type SampleDocument } from './sample-document';
export { sampleInconsistentInvoice, sampleInvoice } from './invoice-samples';
export { sampleBankStatement, sampleContract, sampleIdentityDocument } from './other-samples';

export function allSampleDocuments(): SampleDocument[] {
  return [sampleInvoice(), sampleIdentityDocument(), sampleContract(), sampleBankStatement(), sampleInconsistentInvoice()];
}
