// Per-tool activity settings (timeout and retry policy) with defaults and overrides per server and per
// tool, turned into ActivityOptions for proxyActivities. Pure; imports only SDK types.
import type { ActivityOptions } from '@temporalio/common';

export interface RetrySettings {
  maximumAttempts: number;
  initialIntervalMs: number;
  maximumIntervalMs: number;
  backoffCoefficient: number;
}

export interface ToolCallSettings {
  startToCloseTimeoutMs: number;
  retry: RetrySettings;
}

export type ToolCallOverrides = { startToCloseTimeoutMs?: number; retry?: Partial<RetrySettings> };

export interface ToolSettingsTable {
  defaults: ToolCallSettings;
  /** Keyed by server name. */
  servers?: Record<string, ToolCallOverrides>;
  /** Keyed by `server/tool`; wins over the server's entry. */
  tools?: Record<string, ToolCallOverrides>;
}

export const DEFAULT_TOOL_CALL_SETTINGS: ToolCallSettings = {
  startToCloseTimeoutMs: 30_000,
  retry: { maximumAttempts: 5, initialIntervalMs: 500, maximumIntervalMs: 10_000, backoffCoefficient: 2 },
};

export const DEFAULT_TOOL_SETTINGS_TABLE: ToolSettingsTable = { defaults: DEFAULT_TOOL_CALL_SETTINGS };

/** Time left to the activity after the MCP request times out, so the request fails first (retryably). */
const REQUEST_TIMEOUT_MARGIN_MS = 1_000;

function merge(base: ToolCallSettings, overrides: ToolCallOverrides | undefined): ToolCallSettings {
  if (!overrides) return base;
  return {
    startToCloseTimeoutMs: overrides.startToCloseTimeoutMs ?? base.startToCloseTimeoutMs,
    retry: { ...base.retry, ...definedOnly(overrides.retry ?? {}) },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function resolveToolSettings(table: ToolSettingsTable, ref: { server: string; tool: string }): ToolCallSettings {
  const byServer = merge(table.defaults, own(table.servers, ref.server));
  return merge(byServer, own(table.tools, `${ref.server}/${ref.tool}`));
}

/** The MCP request timeout to pass as `callMcpTool({ timeoutMs })` for these settings. */
export function requestTimeoutFor(settings: ToolCallSettings): number {
  const t = settings.startToCloseTimeoutMs;
  return t > 2 * REQUEST_TIMEOUT_MARGIN_MS ? t - REQUEST_TIMEOUT_MARGIN_MS : Math.max(1, Math.floor(t * 0.9));
}

export function toActivityOptions(settings: ToolCallSettings): ActivityOptions {
  const { retry } = settings;
  return {
    startToCloseTimeout: settings.startToCloseTimeoutMs,
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialIntervalMs,
      maximumInterval: retry.maximumIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
    },
  };
}

/** What the workflow needs to call one tool: options for proxyActivities and the request timeout. */
export function toolCallPlan(
  table: ToolSettingsTable,
  ref: { server: string; tool: string },
): { activityOptions: ActivityOptions; timeoutMs: number } {
  const settings = resolveToolSettings(table, ref);
  return { activityOptions: toActivityOptions(settings), timeoutMs: requestTimeoutFor(settings) };
}

/**
 * callModel heartbeats while it waits, so a heartbeat timeout detects a dead worker long before the
 * start-to-close timeout of a slow generation, and cancellation reaches the activity.
 */
export function modelStepActivityOptions(
  overrides: { startToCloseTimeoutMs?: number; heartbeatTimeoutMs?: number; retry?: Partial<RetrySettings> } = {},
): ActivityOptions {
  const base = merge(
    { startToCloseTimeoutMs: 300_000, retry: { maximumAttempts: 6, initialIntervalMs: 1_000, maximumIntervalMs: 30_000, backoffCoefficient: 2 } },
    overrides,
  );
  return { ...toActivityOptions(base), heartbeatTimeout: overrides.heartbeatTimeoutMs ?? 30_000 };
}
