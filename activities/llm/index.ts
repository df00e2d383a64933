// The LLM step activity and its streaming plumbing, as the worker and the lead's wiring import them.
export { createModelActivities, createOpenAiClient, type ModelActivitiesDeps } from './create-model-activities';
export { createBatchingStreamWriter, type ArtifactChunk, type BatchingOptions, type StreamSink, type StreamWriter } from './stream-sink';
export { createSignalingStreamSink, type SignalingStreamSinkOptions } from './signaling-stream-sink';
export { isModelConfigured, modelConfigFromEnv, type ModelConfig } from '../../src/agent-runtime/model-config';
