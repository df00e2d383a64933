// The `echo` agent: answers with the text it got, as an artifact and as the completing message.
import type { TaskWorkflowInput, TaskWorkflowResult } from '../src/task-runtime/contract';
import { messageText } from '../src/task-runtime/message-text';
import { runTaskWorkflow } from './task-runtime/run-task-workflow';

export async function echoAgentWorkflow(input: TaskWorkflowInput): Promise<TaskWorkflowResult> {
  return runTaskWorkflow(input, async (task) => {
    const text = messageText(task.lastUserMessage);
    task.working();
    task.addArtifact({ artifactId: 'echo', name: 'echo', parts: [{ kind: 'text', text }] }, { lastChunk: true });
    task.complete(text);
  });
}
