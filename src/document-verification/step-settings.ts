// Activity settings shared by the document agents: per-tool timeout and retry (the agent-runtime
// table, overridable per tool), the heartbeat timeout that lets cancellation and a dead worker be
// noticed quickly, and the model step's options. Pure; read from agent settings.
import type { JsonObject, JsonValue } from '../a2a-model/types';
import {
  DEFAULT_TOOL_CALL_SETTINGS,
  type RetrySettings,
  type ToolCallOverrides,
  type ToolSettingsTable,
} from '../agent-runtime/tool-settings';
import type { SettingsReader } from './settings-reader';

export interface ModelStepSettings {
  startToCloseTimeoutMs?: number;
  heartbeatTimeoutMs?: number;
  retry?: Partial<RetrySettings>;
}

export interface StepSettings {
  tools: ToolSettingsTable;
  /**
   * MCP calls heartbeat every second; the SDK forwards heartbeats (and so learns of cancellation) at
   * most every 80% of this, so it bounds how long a cancel takes to reach a running tool call.
   */
  toolHeartbeatTimeoutMs: number;
  model: ModelStepSettings;
}

type Problems = Pick<SettingsReader, 'report'>;

const RETRY_KEYS = ['maximumAttempts', 'initialIntervalMs', 'maximumIntervalMs', 'backoffCoefficient'] as const;

function readRetry(value: JsonValue | undefined, where: string, problems: Problems): Partial<RetrySettings> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.report(`${where} must be an object`);
    return undefined;
  }
  const retry: Partial<RetrySettings> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(RETRY_KEYS as readonly string[]).includes(key) || typeof v !== 'number' || !(v > 0)) {
      problems.report(`${where}.${key} is not a retry setting (${RETRY_KEYS.join(', ')}: positive numbers)`);
      continue;
    }
    retry[key as (typeof RETRY_KEYS)[number]] = v;
  }
  return retry;
}

function readOverrides(value: JsonValue | undefined, where: string, problems: Problems): ToolCallOverrides | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.report(`${where} must be an object`);
    return undefined;
  }
  const timeout = value.startToCloseTimeoutMs;
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) problems.report(`${where}.startToCloseTimeoutMs must be a positive number`);
  const retry = readRetry(value.retry, `${where}.retry`, problems);
  return { ...(typeof timeout === 'number' && timeout > 0 ? { startToCloseTimeoutMs: timeout } : {}), ...(retry ? { retry } : {}) };
}

function readOverrideMap(value: JsonValue | undefined, where: string, problems: Problems): Record<string, ToolCallOverrides> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.report(`${where} must be an object`);
    return undefined;
  }
  const map: Record<string, ToolCallOverrides> = {};
  for (const [key, v] of Object.entries(value)) {
    const overrides = readOverrides(v, `${where}.${key}`, problems);
    if (overrides) map[key] = overrides;
  }
  return map;
}

/**
 * `toolCalls`: `{ defaults?, servers?: {name: …}, tools?: {"server/tool": …} }`, each entry
 * `{ startToCloseTimeoutMs?, retry?: { maximumAttempts?, initialIntervalMs?, … } }`.
 */
export function readStepSettings(reader: SettingsReader): StepSettings {
  const problems: Problems = reader;
  const toolCalls: JsonObject = reader.object('toolCalls') ?? {};
  const defaults = readOverrides(toolCalls.defaults, 'settings.toolCalls.defaults', problems);
  const servers = readOverrideMap(toolCalls.servers, 'settings.toolCalls.servers', problems);
  const tools = readOverrideMap(toolCalls.tools, 'settings.toolCalls.tools', problems);
  const modelStep: JsonObject = reader.object('modelStep') ?? {};
  const model: ModelStepSettings = {};
  for (const key of ['startToCloseTimeoutMs', 'heartbeatTimeoutMs'] as const) {
    const v = modelStep[key];
    if (v === undefined) continue;
    if (typeof v === 'number' && v > 0) model[key] = v;
    else problems.report(`settings.modelStep.${key} must be a positive number`);
  }
  const retry = readRetry(modelStep.retry, 'settings.modelStep.retry', problems);
  if (retry) model.retry = retry;
  return {
    tools: {
      defaults: {
        startToCloseTimeoutMs: defaults?.startToCloseTimeoutMs ?? DEFAULT_TOOL_CALL_SETTINGS.startToCloseTimeoutMs,
        retry: { ...DEFAULT_TOOL_CALL_SETTINGS.retry, ...defaults?.retry },
      },
      ...(servers ? { servers } : {}),
      ...(tools ? { tools } : {}),
    },
    toolHeartbeatTimeoutMs: reader.duration('toolHeartbeatTimeout', 10_000),
    model,
  };
}
