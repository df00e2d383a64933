// Everything one verification established, as the JSON result artifact holds it: the document, each
// check's result, every finding, the risk, the approval with its full trail, and the summary. Pure
// types plus the outcome rule (which terminal state each outcome ends in).
import type { TaskState } from '../a2a-model/types';
import { sentence } from '../task-runtime/message-text';
import type { ApprovalState, DecisionRecord } from './approval-process';
import type { DocumentFacts } from './approval-request';
import type { VerificationFinding } from './findings';
import type { RiskAssessment } from './risk';
import type { ClassificationResult, ConsistencyResult, PiiResult, RequiredFieldsResult } from './tool-results';

export type VerificationOutcome = 'verified' | 'approved' | 'rejected' | 'changes-requested';

export interface SummaryRecord {
  source: 'model' | 'rules';
  text: string;
  model?: string;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
  /** Why the model was not used or failed, when source is rules. */
  note?: string;
}

export interface ApprovalRecord {
  required: boolean;
  reasons: string[];
  requestedAt?: string;
  approverRoles?: string[];
  decision?: DecisionRecord;
  refusals: ApprovalState['refusals'];
  reminders: string[];
  escalations: ApprovalState['escalations'];
}

export interface VerificationRecord {
  kind: 'verification-result';
  version: 1;
  taskId: string;
  outcome: VerificationOutcome;
  document: DocumentFacts & {
    source: 'stored' | 'inline' | 'url';
    url?: string;
    /** The original in the artifact store; absent for a small inline document (it is in the task history). */
    documentId?: string;
    textDocumentId?: string;
    redactedDocumentId?: string;
    metadata: Record<string, string | undefined>;
  };
  instructions: string;
  classification: ClassificationResult;
  requiredFields: RequiredFieldsResult | null;
  pii: PiiResult;
  consistency: ConsistencyResult | null;
  findings: VerificationFinding[];
  risk: RiskAssessment;
  approval: ApprovalRecord;
  summary: SummaryRecord;
}

export function outcomeOf(decision: DecisionRecord | undefined): VerificationOutcome {
  if (!decision) return 'verified';
  if (decision.decision === 'approve') return 'approved';
  return decision.decision === 'reject' ? 'rejected' : 'changes-requested';
}

/**
 * Accepted documents complete the task; a document turned down (rejected, or sent back for changes)
 * ends it `rejected`, so a client tells accepted from not by the state alone and reads the detail in
 * the metadata's `verification.outcome`. A corrected document is a new task (referenceTaskIds).
 */
export function terminalStateOf(outcome: VerificationOutcome): Extract<TaskState, 'completed' | 'rejected'> {
  return outcome === 'verified' || outcome === 'approved' ? 'completed' : 'rejected';
}

export function closingMessage(record: VerificationRecord): string {
  const d = record.approval.decision;
  const who = d ? ('system' in d.decidedBy ? 'the approval policy' : d.decidedBy.subject) : '';
  const why = d?.reason ? `: ${d.reason}` : '';
  switch (record.outcome) {
    case 'verified':
      return `Verified ${record.document.name}: risk ${record.risk.score} below the approval threshold; no approval needed.`;
    case 'approved':
      return sentence(`Approved by ${who}${why}`);
    case 'rejected':
      return sentence(`Rejected by ${who}${why}`);
    case 'changes-requested':
      return `${sentence(`Changes requested by ${who}${why}`)} Send the corrected document as a new task (referenceTaskIds: ["${record.taskId}"]).`;
  }
}
