// Production sink: every chunk becomes a signal to the task's workflow, which sequences it into the
// task's durable event log. Needs only a signal function, so the Temporal client stays with the lead.
import type { ArtifactChunk, StreamSink } from './stream-sink';

export interface SignalingStreamSinkOptions {
  /** Sends `payload` to the workflow; typically `client.workflow.getHandle(id).signal(chunkSignal, payload)`. */
  signal: (workflowId: string, payload: ArtifactChunk) => Promise<void>;
  /** Workflow id of a task; defaults to the task id itself. */
  workflowIdForTask?: (taskId: string) => string;
}

export function createSignalingStreamSink(options: SignalingStreamSinkOptions): StreamSink {
  const workflowIdFor = options.workflowIdForTask ?? ((taskId: string) => taskId);
  return {
    publish: (chunk) => options.signal(workflowIdFor(chunk.taskId), chunk),
  };
}
