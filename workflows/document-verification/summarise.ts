// The summary step: the model writes it, streamed into the `summary` artifact while it runs; with no
// model configured (or a model that keeps failing) a deterministic summary takes its place and says
// so. A summary is a convenience, never a reason to fail a verification that has its findings.
import { log } from '@temporalio/workflow';
import { isCanceled } from '../task-runtime/cancellation';
import { ModelFailure } from '../../src/agent-runtime/failure-types';
import type { StepSettings } from '../../src/document-verification/step-settings';
import { deterministicSummary, summaryMessages, type SummaryFacts } from '../../src/document-verification/summary';
import type { SummaryRecord } from '../../src/document-verification/verification-record';
import { callModelStep, failureMessage, failureType } from '../agent-steps/activity-steps';
import type { TaskContext } from '../task-runtime/task-context';

export const SUMMARY_ARTIFACT_ID = 'summary';

export async function summarise(task: TaskContext, facts: SummaryFacts, options: { steps: StepSettings; maxTokens: number }): Promise<SummaryRecord> {
  task.working('Writing the summary…');
  let record: SummaryRecord;
  try {
    const step = await callModelStep(options.steps, {
      messages: summaryMessages(facts),
      maxTokens: options.maxTokens,
      stream: { taskId: task.taskId, artifactId: SUMMARY_ARTIFACT_ID },
    });
    record = { source: 'model', text: step.message.content ?? '', model: step.model, usage: step.usage };
  } catch (err) {
    if (isCanceled(err)) throw err;
    const notConfigured = failureType(err) === ModelFailure.NotConfigured;
    if (!notConfigured) log.warn('model summary failed; using the deterministic summary', { error: failureMessage(err) });
    record = {
      source: 'rules',
      text: deterministicSummary(facts, notConfigured ? 'No model is configured' : 'The model step failed'),
      note: notConfigured ? 'no model is configured' : `the model step failed: ${failureMessage(err)}`,
    };
  }
  // The streamed chunks are a live view; the step's result is the durable text. Replace the artifact
  // when they differ (streaming failed part-way, or there was no stream at all).
  const streamed = task.task.artifacts?.find((a) => a.artifactId === SUMMARY_ARTIFACT_ID);
  const streamedText = streamed?.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  if (streamedText !== record.text) {
    task.addArtifact(
      { artifactId: SUMMARY_ARTIFACT_ID, name: 'summary', parts: [{ kind: 'text', text: record.text }], metadata: { source: record.source } },
      { lastChunk: true },
    );
  }
  return record;
}
