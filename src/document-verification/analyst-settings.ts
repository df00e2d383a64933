// Settings of the document-analyst agent (the agent loop): which tools the model may use, the loop's
// bounds, and how much of each tool result goes back to the model. Flat keys, read with defaults.
import type { JsonObject } from '../a2a-model/types';
import type { LoopLimits } from '../agent-runtime/loop-budget';
import { createSettingsReader } from './settings-reader';
import { readStepSettings, type StepSettings } from './step-settings';
import { DOCUMENT_TOOLS } from './verifier-settings';

/** The analyst reads; it has no use for `redact`, so its allowlist leaves it out. */
export const ANALYST_TOOLS = DOCUMENT_TOOLS.filter((tool) => tool !== 'redact');

export interface AnalystSettings {
  toolServer: string;
  allowedTools: string[];
  limits: LoopLimits;
  /** Cap on each model step's completion tokens (the remaining budget caps it further). */
  maxTokensPerStep: number;
  /** Characters of one tool result sent back to the model; the rest is cut with a note. */
  maxToolResultChars: number;
  maxDocumentBytes: number;
  defaultQuestion: string;
  steps: StepSettings;
}

export function defaultAnalystSettings(): JsonObject {
  return {
    toolServer: 'documents',
    allowedTools: [...ANALYST_TOOLS],
    maxSteps: 8,
    maxTotalTokens: 60_000,
    maxTokensPerStep: 1_500,
    maxToolResultChars: 8_000,
    maxDocumentBytes: 20 * 1024 * 1024,
    defaultQuestion: 'What is this document, and is anything wrong with it?',
    toolHeartbeatTimeout: '10s',
  };
}

export function readAnalystSettings(settings: JsonObject): AnalystSettings {
  const read = createSettingsReader(settings, 'document-analyst');
  const maxTotalTokens = read.number('maxTotalTokens', 60_000, { min: 1, integer: true });
  const result: AnalystSettings = {
    toolServer: read.string('toolServer', 'documents'),
    allowedTools: read.strings('allowedTools', ANALYST_TOOLS),
    limits: { maxSteps: read.number('maxSteps', 8, { min: 1, max: 100, integer: true }), maxTotalTokens },
    maxTokensPerStep: read.number('maxTokensPerStep', 1_500, { min: 1, integer: true }),
    maxToolResultChars: read.number('maxToolResultChars', 8_000, { min: 100, integer: true }),
    maxDocumentBytes: read.number('maxDocumentBytes', 20 * 1024 * 1024, { min: 1, integer: true }),
    defaultQuestion: read.string('defaultQuestion', 'What is this document, and is anything wrong with it?'),
    steps: readStepSettings(read),
  };
  read.done();
  return result;
}
