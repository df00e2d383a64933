// Start-up check of an agent's settings against what its workflow type reads, so a typo stops
// start-up naming the field instead of failing (or silently defaulting in) every task. Values are
// checked by the same readers the workflows use (src/document-verification/*-settings.ts, zod-free
// because workflows bundle them); the keys they know are learnt by running them, so no list is
// restated here, and the strict zod object turns any other key into an error naming it.
import { z } from 'zod';
import type { JsonObject } from '../a2a-model/types';
import { readAnalystSettings } from '../document-verification/analyst-settings';
import { AgentSettingsError } from '../document-verification/settings-reader';
import { readVerifierSettings } from '../document-verification/verifier-settings';

type SettingsReaderFn = (settings: JsonObject) => unknown;

/** `pushRetry` is read by the task runtime of every agent (workflows/task-runtime/push-dispatcher.ts). */
const pushRetrySchema = z
  .object({
    initialIntervalMs: z.number().int().positive(),
    maximumIntervalMs: z.number().int().positive(),
    maximumAttempts: z.number().int().positive(),
  })
  .partial()
  .strict();
/** Read by the task runtime too: continue as new above this many history events (tests; the server suggests it anyway). */
const commonShape = { pushRetry: pushRetrySchema.optional(), continueAsNewAfterEvents: z.number().int().positive().optional() };

/** The keys `read` asks for, found by reading an empty settings object through a recording proxy. */
function keysReadBy(read: SettingsReaderFn): string[] {
  const keys = new Set<string>();
  const recorder = new Proxy({} as JsonObject, {
    get: (target, key) => (typeof key === 'string' && keys.add(key), Reflect.get(target, key)),
    has: (target, key) => (typeof key === 'string' && keys.add(key), Reflect.has(target, key)),
    getOwnPropertyDescriptor: (target, key) => (typeof key === 'string' && keys.add(key), Reflect.getOwnPropertyDescriptor(target, key)),
  });
  read(recorder);
  return [...keys];
}

function schemaFor(read: SettingsReaderFn): z.ZodType {
  const shape: Record<string, z.ZodType> = { ...commonShape };
  for (const key of keysReadBy(read)) shape[key] ??= z.json().optional();
  return z
    .object(shape)
    .strict()
    .superRefine((settings, ctx) => {
      try {
        read(settings as JsonObject);
      } catch (err) {
        if (!(err instanceof AgentSettingsError)) throw err;
        // The reader names every bad field ("settings.maxSteps must be …"); keep its words.
        ctx.addIssue({ code: 'custom', message: err.message.replace(/^The \S+ agent is misconfigured: /, '') });
      }
    });
}

/** By workflow type. Types not listed here (test fixtures, custom workflows) accept only the common keys' shapes. */
const SETTINGS_SCHEMAS: Record<string, () => z.ZodType> = {
  documentVerifierWorkflow: () => schemaFor(readVerifierSettings),
  agentLoopWorkflow: () => schemaFor(readAnalystSettings),
  conformanceAgentWorkflow: () => z.object({ ...commonShape, resubscribeHoldMs: z.number().int().min(0).optional() }).strict(),
  echoAgentWorkflow: () => z.object(commonShape).strict(),
};

export function settingsSchemaFor(workflowType: string): z.ZodType {
  return SETTINGS_SCHEMAS[workflowType]?.() ?? z.object(commonShape).passthrough();
}

/** Every problem with an agent's settings in one line, each naming its field; undefined when none. */
export function settingsProblems(workflowType: string, settings: unknown): string | undefined {
  const parsed = settingsSchemaFor(workflowType).safeParse(settings);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .flatMap((issue) => {
      const at = ['settings', ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${at}.${key}: not a setting of this agent (a typo?)`);
      return [issue.code === 'custom' ? issue.message : `${at}: ${issue.message}`];
    })
    .join('; ');
}
