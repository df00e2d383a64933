// The `document-verifier` agent: receive the document (by reference, inline or URL), run the tool
// steps, score the risk, summarise, and when the policy asks for it wait durably for a person's
// decision. Ends with a JSON result, a report and the redacted document as artifacts. The rules live
// in src/document-verification (pure, unit-tested); this file orchestrates.
import { patched } from '@temporalio/workflow';
import { isCanceled } from './task-runtime/cancellation';
import type { Artifact, JsonObject } from '../src/a2a-model/types';
import { asJson, type ApprovalContext, type DocumentFacts } from '../src/document-verification/approval-request';
import { documentName, readDocumentRequest } from '../src/document-verification/document-source';
import { collectFindings } from '../src/document-verification/findings';
import { renderReport } from '../src/document-verification/report';
import { assessDocumentRisk } from '../src/document-verification/risk';
import { AgentSettingsError } from '../src/document-verification/settings-reader';
import { readVerifierSettings, type VerifierSettings } from '../src/document-verification/verifier-settings';
import { closingMessage, outcomeOf, terminalStateOf, type VerificationRecord } from '../src/document-verification/verification-record';
import type { TaskWorkflowInput, TaskWorkflowResult } from '../src/task-runtime/contract';
import { documentActivities } from './agent-steps/activity-steps';
import { AgentStepError, intakeDocument } from './agent-steps/document-intake';
import { awaitApproval, type ApprovalProgress } from './document-verification/await-approval';
import { runChecks, type CheckResults } from './document-verification/run-checks';
import { summarise } from './document-verification/summarise';
import { pushRetrySettings, runTaskWorkflow } from './task-runtime/run-task-workflow';
import { ApproverNotifier } from './document-verification/approver-notifier';
import type { TaskContext } from './task-runtime/task-context';

const NO_DOCUMENT =
  'Send the document to verify as a file part (inline bytes or a URL), with any instructions as text.';

export async function documentVerifierWorkflow(input: TaskWorkflowInput): Promise<TaskWorkflowResult> {
  return runTaskWorkflow(input, async (task) => {
    try {
      await verify(task);
    } catch (err) {
      if (isCanceled(err)) throw err;
      if (err instanceof AgentStepError || err instanceof AgentSettingsError) task.fail(err.message);
      else throw err;
    }
  });
}

async function verify(task: TaskContext): Promise<void> {
  const settings = readVerifierSettings(task.settings);
  // A task that continued as new while it waited for approval goes on waiting, then finishes.
  const pending = resumedVerification(task.resumedState);
  if (pending) return decideAndFinish(task, pending, settings);
  const request = readDocumentRequest(task.input.message);
  if (!request.source) return task.reject(NO_DOCUMENT);
  const source = request.source;
  task.working(source.kind === 'url' ? 'Downloading the document…' : 'Receiving the document…');
  const doc = await intakeDocument(source, { steps: settings.steps, maxBytes: settings.maxDocumentBytes, passInlineUpToBytes: settings.inlineDocumentMaxBytes });
  const access = { server: settings.toolServer, allowedTools: settings.allowedTools, steps: settings.steps };
  const checks = await runChecks(task, access, doc.argument);

  const findings = collectFindings(checks);
  const documentType = checks.classification.meetsPolicyMinimum ? checks.classification.documentType : 'unknown';
  const risk = assessDocumentRisk({ findings, documentType }, settings.risk);
  const document: DocumentFacts = {
    name: source.filename ?? doc.stored?.filename ?? documentName(source),
    sha256: checks.fingerprint.sha256,
    size: checks.fingerprint.size,
    mediaType: checks.extract.mediaType,
    pageCount: checks.extract.pageCount,
    documentType,
    classificationConfidence: checks.classification.confidence,
  };
  // The redacted copy is described while the model writes: neither needs the other.
  const [summary] = await Promise.all([
    summarise(
      task,
      { document, findings, risk, piiCounts: checks.pii.counts, missingFields: checks.requiredFields?.missing.map((m) => m.label) ?? [], instructions: request.instructions },
      { steps: settings.steps, maxTokens: settings.summaryMaxTokens },
    ),
    addRedactedDocument(task, checks, settings),
  ]);
  if (summary.usage) task.mergeMetadata({ usage: asJson(summary.usage) });

  const context: ApprovalContext = { taskId: task.taskId, document, risk, findings, settings: settings.approval };
  if (risk.requiresApproval) task.mergeMetadata({ verification: { phase: 'awaiting-approval', risk: risk.score } });
  const verified: VerifiedDocument = {
    kind: 'verification-result',
    version: 1,
    taskId: task.taskId,
    document: {
      ...document,
      source: source.kind,
      ...(source.kind === 'url' ? { url: source.url } : {}),
      ...(doc.stored ? { documentId: doc.stored.blobId } : {}),
      ...(checks.extract.outputDocumentId ? { textDocumentId: checks.extract.outputDocumentId } : {}),
      ...(checks.redact.outputDocumentId ? { redactedDocumentId: checks.redact.outputDocumentId } : {}),
      metadata: checks.extract.metadata,
    },
    instructions: request.instructions,
    classification: checks.classification,
    requiredFields: checks.requiredFields ?? null,
    pii: checks.pii,
    consistency: checks.consistency ?? null,
    findings,
    risk,
    summary,
  };
  await decideAndFinish(task, { phase: 'awaiting-approval', context, verified }, settings);
}

/** The verification without its approval: what waits for the decision (and is carried if it continues as new). */
type VerifiedDocument = Omit<VerificationRecord, 'outcome' | 'approval'>;

interface PendingVerification {
  phase: 'awaiting-approval';
  context: ApprovalContext;
  verified: VerifiedDocument;
  approval?: ApprovalProgress;
}

function resumedVerification(state: JsonObject | undefined): PendingVerification | undefined {
  return state?.phase === 'awaiting-approval' ? (state as unknown as PendingVerification) : undefined;
}

async function decideAndFinish(task: TaskContext, pending: PendingVerification, settings: VerifierSettings): Promise<void> {
  const { context, verified } = pending;
  const { risk } = verified;
  const resumeWith = (progress: ApprovalProgress) => ({ ...pending, approval: progress }) as unknown as JsonObject;
  const notifier = new ApproverNotifier({ agentId: task.input.agentId, context, channels: settings.notifications }, pushRetrySettings(task.input));
  const approval = risk.requiresApproval
    ? await awaitApproval(task, context, { resumeWith, notifier, ...(pending.approval ? { resumed: pending.approval } : {}) })
    : undefined;
  const { kind, version, taskId, summary, ...facts } = verified; // the record's key order as before
  finish(task, {
    kind,
    version,
    taskId,
    outcome: outcomeOf(approval?.decision),
    ...facts,
    approval: {
      required: risk.requiresApproval,
      reasons: risk.reasons,
      ...(approval
        ? { requestedAt: new Date(approval.requestedAt).toISOString(), approverRoles: approval.approverRoles, ...(approval.decision ? { decision: approval.decision } : {}) }
        : {}),
      refusals: approval?.refusals ?? [],
      reminders: approval?.reminders ?? [],
      escalations: approval?.escalations ?? [],
    },
    summary,
  });
  // The decision notification leaves before the run ends (it never holds the decision back).
  await notifier.drained();
}

/** Set from the start on runs that take the redacted copy's facts from the redact result when it has them. */
const REDACTED_COPY_FROM_TOOL_PATCH = 'redacted-copy-from-tool-result';

async function addRedactedDocument(task: TaskContext, checks: CheckResults, settings: VerifierSettings): Promise<void> {
  const blobId = checks.redact.outputDocumentId;
  if (!blobId) return;
  // The tool server reports what it stored, so asking the store again costs an activity and a
  // workflow task for nothing. Runs begun before this scheduled the describe activity: patched()
  // keeps their replay on it, and an older tool server's result (no outputDocument) still needs it.
  const reported = checks.redact.outputDocument?.documentId === blobId ? checks.redact.outputDocument : undefined;
  const stored =
    reported && patched(REDACTED_COPY_FROM_TOOL_PATCH)
      ? { blobId, size: reported.size, sha256: reported.sha256, mediaType: reported.mediaType, ...(reported.filename ? { filename: reported.filename } : {}) }
      : await documentActivities(settings.steps).describeStoredDocument({ blobId });
  task.addArtifact(
    {
      artifactId: 'redacted-document',
      name: 'redacted-document',
      description: `The document's text with ${checks.redact.total} personal data item(s) replaced by placeholders.`,
      parts: [{ kind: 'stored', blobId: stored.blobId, size: stored.size, sha256: stored.sha256, mediaType: stored.mediaType, ...(stored.filename ? { filename: stored.filename } : {}) }],
    },
    { lastChunk: true },
  );
}

function finish(task: TaskContext, record: VerificationRecord): void {
  const result: Artifact = {
    artifactId: 'verification-result',
    name: 'verification-result',
    description: 'Every finding, the risk, and the approval with its decision record (JSON).',
    parts: [{ kind: 'data', data: asJson(record), mediaType: 'application/json' }],
  };
  const report: Artifact = {
    artifactId: 'verification-report',
    name: 'verification-report',
    description: 'The verification report for people (markdown).',
    parts: [{ kind: 'text', text: renderReport(record), mediaType: 'text/markdown' }],
  };
  task.addArtifact(result, { lastChunk: true });
  task.addArtifact(report, { lastChunk: true });
  const decision = record.approval.decision;
  const verification = asJson({
    outcome: record.outcome,
    risk: record.risk.score,
    approvalRequired: record.approval.required,
    ...(decision ? { decision: decision.decision, decidedBy: 'system' in decision.decidedBy ? 'system' : decision.decidedBy.subject, decidedAt: decision.decidedAt } : {}),
  });
  task.mergeMetadata({ verification });
  task.setStatus(terminalStateOf(record.outcome), closingMessage(record), { verification });
}

