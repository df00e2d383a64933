// Fake OpenAI-compatible server for tests and benchmarks; see server.ts for behaviour.
export { startFakeOpenAiServer, type FakeOpenAiOptions, type FakeOpenAiServer } from './server';
export { step, type RecordedRequest, type Responder, type ScriptStep, type ToolCallSpec } from './script';
export { createDeterministicResponder, type DeterministicOptions } from './deterministic-responder';
