// The agent loop (served as `document-analyst`): the model chooses tool calls, each call runs as its
// own activity, results go back to the model, until it answers or a bound (steps, tokens) stops it;
// the stop reason and the token usage are recorded on the task. With no model configured the agent
// runs its deterministic steps and says so.
import { isCanceled } from './task-runtime/cancellation';
import type { JsonObject } from '../src/a2a-model/types';
import type { ChatMessage } from '../src/agent-runtime/contracts';
import { ModelFailure } from '../src/agent-runtime/failure-types';
import { emptyLoopAccount, recordToolCalls, recordUsage, remainingTokens, shouldStop, type LoopAccount } from '../src/agent-runtime/loop-budget';
import { createToolCatalog } from '../src/agent-runtime/tool-catalog';
import { analystSystemPrompt, stopNote, type AnalystStopReason } from '../src/document-verification/analyst-prompt';
import { readAnalystSettings, type AnalystSettings } from '../src/document-verification/analyst-settings';
import type { StoredDocument } from '../src/document-verification/document-activity-contract';
import { documentName, readDocumentRequest } from '../src/document-verification/document-source';
import { AgentSettingsError } from '../src/document-verification/settings-reader';
import type { TaskWorkflowInput, TaskWorkflowResult } from '../src/task-runtime/contract';
import { callModelStep, failureMessage, failureType, listTools, type ToolAccess } from './agent-steps/activity-steps';
import { AgentStepError, intakeDocument } from './agent-steps/document-intake';
import { runDeterministicSteps } from './agent-loop/deterministic-steps';
import { runToolCall } from './agent-loop/tool-call-step';
import { runTaskWorkflow } from './task-runtime/run-task-workflow';
import type { TaskContext } from './task-runtime/task-context';

const ANSWER_ARTIFACT_ID = 'answer';

export async function agentLoopWorkflow(input: TaskWorkflowInput): Promise<TaskWorkflowResult> {
  return runTaskWorkflow(input, async (task) => {
    try {
      await analyse(task);
    } catch (err) {
      if (isCanceled(err)) throw err;
      if (err instanceof AgentStepError || err instanceof AgentSettingsError) task.fail(err.message);
      else throw err;
    }
  });
}

const usageMetadata = (account: LoopAccount): JsonObject => ({
  steps: account.steps,
  toolCalls: account.toolCalls,
  promptTokens: account.promptTokens,
  completionTokens: account.completionTokens,
  totalTokens: account.totalTokens,
});

async function analyse(task: TaskContext): Promise<void> {
  const settings = readAnalystSettings(task.settings);
  const access: ToolAccess = { server: settings.toolServer, allowedTools: settings.allowedTools, steps: settings.steps };
  // A task that continued as new goes on with the loop where the previous run left it.
  const resumed = resumedLoop(task.resumedState);
  const started = resumed ?? (await startLoop(task, settings));
  if (!started) return;
  const { doc, question } = started;

  const outcome = await runLoop(task, settings, access, started);
  if (outcome === 'no-model') {
    const answer = await runDeterministicSteps(task, access, doc, question);
    const metadata = { agentLoop: { stopReason: 'no-model', model: false } };
    task.addArtifact({ artifactId: ANSWER_ARTIFACT_ID, name: 'answer', parts: [{ kind: 'text', text: answer }] }, { lastChunk: true });
    task.mergeMetadata(metadata);
    task.setStatus('completed', answer, metadata);
    return;
  }
  const note = stopNote(outcome.stopReason, settings.limits);
  const answer = [outcome.answer || (note ? '' : 'The model gave no answer.'), note ?? ''].filter(Boolean).join('\n\n');
  const streamed = task.task.artifacts?.find((a) => a.artifactId === ANSWER_ARTIFACT_ID);
  if (streamed?.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') !== answer) {
    task.addArtifact({ artifactId: ANSWER_ARTIFACT_ID, name: 'answer', parts: [{ kind: 'text', text: answer }] }, { lastChunk: true });
  }
  const metadata = { agentLoop: { stopReason: outcome.stopReason, model: outcome.model }, usage: usageMetadata(outcome.account) };
  task.mergeMetadata(metadata);
  task.setStatus('completed', answer, metadata);
}

type AnalysedDocument = { argument: Record<string, unknown>; stored: StoredDocument; name: string };

/** The loop as it stands between two steps: all a continued run needs to take it up. */
interface LoopProgress {
  phase: 'analyst-loop';
  doc: AnalysedDocument;
  question: string;
  tools?: Awaited<ReturnType<typeof listTools>>;
  messages?: ChatMessage[];
  account?: LoopAccount;
  answer?: string;
  model?: string;
}

function resumedLoop(state: JsonObject | undefined): LoopProgress | undefined {
  return state?.phase === 'analyst-loop' ? (state as unknown as LoopProgress) : undefined;
}

async function startLoop(task: TaskContext, settings: AnalystSettings): Promise<LoopProgress | undefined> {
  const request = readDocumentRequest(task.input.message);
  if (!request.source) {
    task.reject('Send the document as a file part (inline bytes or a URL), with your question as text.');
    return undefined;
  }
  const question = request.instructions || settings.defaultQuestion;
  task.working('Receiving the document…');
  // Stored even when small: the model passes the document to the tools by id.
  const handle = await intakeDocument(request.source, { steps: settings.steps, maxBytes: settings.maxDocumentBytes });
  const stored = handle.stored as StoredDocument;
  return { phase: 'analyst-loop', doc: { stored, argument: handle.argument, name: stored.filename ?? documentName(request.source) }, question };
}

interface LoopOutcome {
  stopReason: AnalystStopReason;
  answer: string;
  account: LoopAccount;
  model: string;
}

async function runLoop(
  task: TaskContext,
  settings: AnalystSettings,
  access: ToolAccess,
  progress: LoopProgress,
): Promise<LoopOutcome | 'no-model'> {
  const { doc, question } = progress;
  if (!progress.tools) task.working('Looking at the tools…');
  const tools = progress.tools ?? (await listTools(access));
  const catalog = createToolCatalog([tools]);
  const messages: ChatMessage[] = progress.messages ?? [
    { role: 'system', content: analystSystemPrompt(doc.stored.blobId, doc.name) },
    { role: 'user', content: question },
  ];
  let account = progress.account ?? emptyLoopAccount();
  let answer = progress.answer ?? '';
  let model = progress.model ?? '';
  for (;;) {
    // Between steps no activity runs: the task may continue as new here (see TaskContext.checkpoint).
    await task.checkpoint(() => ({ phase: 'analyst-loop', doc, question, tools, messages, account, answer, model }) as unknown as JsonObject);
    const bound = shouldStop(account, settings.limits);
    if (bound.stop) return { stopReason: bound.reason, answer, account, model };
    const budget = remainingTokens(account, settings.limits);
    let step;
    try {
      step = await callModelStep(settings.steps, {
        messages,
        tools: catalog.functionTools,
        toolChoice: 'auto',
        maxTokens: Math.max(1, Math.min(settings.maxTokensPerStep, budget ?? settings.maxTokensPerStep)),
        stream: { taskId: task.taskId, artifactId: ANSWER_ARTIFACT_ID },
      });
    } catch (err) {
      if (isCanceled(err)) throw err;
      if (account.steps === 0 && failureType(err) === ModelFailure.NotConfigured) return 'no-model';
      throw new AgentStepError(`The model step failed: ${failureMessage(err)}`);
    }
    account = recordUsage(account, step.usage);
    model = step.model;
    // Recorded every step, so a long loop shows its spend while it runs (GetTask) and if it is canceled.
    task.mergeMetadata({ usage: usageMetadata(account) });
    answer = step.message.content ?? '';
    const calls = step.message.toolCalls ?? [];
    messages.push({ role: 'assistant', content: step.message.content, ...(calls.length > 0 ? { toolCalls: calls } : {}) });
    if (calls.length === 0) return { stopReason: step.finishReason === 'length' ? 'max-tokens' : 'answered', answer, account, model };
    task.working(`Calling ${calls.map((c) => c.name).join(', ')}…`);
    const toolMessages = await Promise.all(
      calls.map((call) => runToolCall(call, { catalog, access, maxResultChars: settings.maxToolResultChars, document: doc.argument })),
    );
    account = recordToolCalls(account, calls.length);
    messages.push(...toolMessages);
  }
}
