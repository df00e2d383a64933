// The `conformance` agent: behaves by the prefix of the incoming messageId, the convention of the
// community A2A conformance suite (TCK), so every protocol path can be driven from a client.
import { sleep } from '@temporalio/workflow';
import type { Artifact } from '../src/a2a-model/types';
import type { TaskWorkflowInput, TaskWorkflowResult } from '../src/task-runtime/contract';
import { messageText } from '../src/task-runtime/message-text';
import type { TaskContext } from './task-runtime/task-context';
import { runTaskWorkflow } from './task-runtime/run-task-workflow';

type Behaviour = (task: TaskContext) => Promise<void> | void;

const FILE_PART_BYTES = 'dGNr'; // base64 of "tck"
const textArtifact = (text: string): Artifact => ({ artifactId: 'tck-artifact', parts: [{ kind: 'text', text }] });
const fileArtifact: Artifact = {
  artifactId: 'tck-artifact',
  parts: [{ kind: 'raw', raw: FILE_PART_BYTES, mediaType: 'text/plain', filename: 'output.txt' }],
};

const workingArtifactCompleted =
  (artifact: Artifact): Behaviour =>
  (task) => {
    task.working();
    task.addArtifact(artifact, { lastChunk: true });
    task.complete();
  };

/** Longest prefixes first, so `tck-stream-artifact-file` is not claimed by a shorter one. */
const BEHAVIOURS: Array<[prefix: string, behaviour: Behaviour]> = [
  ['tck-stream-artifact-chunked', (task) => {
    task.working();
    task.addArtifact({ artifactId: 'tck-chunked', parts: [{ kind: 'text', text: 'chunk-1 ' }] }, { lastChunk: false });
    task.addArtifact({ artifactId: 'tck-chunked', parts: [{ kind: 'text', text: 'chunk-2' }] }, { append: true, lastChunk: true });
    task.complete();
  }],
  ['tck-stream-artifact-text', workingArtifactCompleted(textArtifact('Streamed text content'))],
  ['tck-stream-artifact-file', workingArtifactCompleted(fileArtifact)],
  ['tck-stream-ordering-001', workingArtifactCompleted(textArtifact('Ordered output'))],
  ['test-resubscribe-message-id', async (task) => {
    task.working();
    await sleep(task.settings.resubscribeHoldMs as number | undefined ?? 4_000);
    task.complete();
  }],
  ['tck-artifact-file-url', (task) => {
    task.addArtifact({
      artifactId: 'tck-artifact',
      parts: [{ kind: 'url', url: 'https://example.com/output.txt', mediaType: 'text/plain', filename: 'output.txt' }],
    });
    task.complete();
  }],
  ['tck-message-response', (task) => task.replyWithMessage('Direct message response')],
  ['tck-input-required', async (task) => {
    const input = await task.requestInput({ message: 'Input required' });
    task.complete(`Received: ${input ? messageText(input.message) : ''}`);
  }],
  ['tck-auth-required', async (task) => {
    const input = await task.requestInput({ state: 'auth-required', message: 'Authorization required' });
    task.complete(`Authorized: ${input ? messageText(input.message) : ''}`);
  }],
  ['tck-complete-task', (task) => task.complete('Hello from TCK')],
  ['tck-artifact-text', (task) => {
    task.addArtifact(textArtifact('Generated text content'));
    task.complete();
  }],
  ['tck-artifact-file', (task) => {
    task.addArtifact(fileArtifact);
    task.complete();
  }],
  ['tck-artifact-data', (task) => {
    task.addArtifact({ artifactId: 'tck-artifact', parts: [{ kind: 'data', data: { key: 'value', count: 42 } }] });
    task.complete();
  }],
  ['tck-reject-task', (task) => task.reject('rejected')],
  ['tck-stream-001', workingArtifactCompleted(textArtifact('Stream hello from TCK'))],
  ['tck-stream-002', (task) => task.complete()],
  ['tck-stream-003', workingArtifactCompleted(textArtifact('Stream task lifecycle'))],
];

export async function conformanceAgentWorkflow(input: TaskWorkflowInput): Promise<TaskWorkflowResult> {
  return runTaskWorkflow(input, async (task) => {
    const messageId = input.message.messageId;
    const match = BEHAVIOURS.find(([prefix]) => messageId.startsWith(prefix));
    if (match) await match[1](task);
    else task.complete(`Unhandled messageId prefix: ${messageId}`);
  });
}
