import {
  DEFAULT_TOOL_CALL_SETTINGS,
  modelStepActivityOptions,
  requestTimeoutFor,
  resolveToolSettings,
  toolCallPlan,
  type ToolSettingsTable,
} from '../../../src/agent-runtime/tool-settings';

const table: ToolSettingsTable = {
  defaults: DEFAULT_TOOL_CALL_SETTINGS,
  servers: { docs: { startToCloseTimeoutMs: 60_000, retry: { maximumAttempts: 3 } } },
  tools: { 'docs/extract_text': { startToCloseTimeoutMs: 120_000, retry: { initialIntervalMs: 2_000 } } },
};

describe('per-tool settings', () => {
  it('uses the defaults for a tool nobody configured', () => {
    expect(resolveToolSettings(table, { server: 'web', tool: 'search' })).toEqual(DEFAULT_TOOL_CALL_SETTINGS);
  });

  it('layers server overrides, then tool overrides, field by field', () => {
    expect(resolveToolSettings(table, { server: 'docs', tool: 'detect_pii' })).toEqual({
      startToCloseTimeoutMs: 60_000,
      retry: { ...DEFAULT_TOOL_CALL_SETTINGS.retry, maximumAttempts: 3 },
    });
    expect(resolveToolSettings(table, { server: 'docs', tool: 'extract_text' })).toEqual({
      startToCloseTimeoutMs: 120_000,
      retry: { ...DEFAULT_TOOL_CALL_SETTINGS.retry, maximumAttempts: 3, initialIntervalMs: 2_000 },
    });
  });

  it('ignores inherited keys such as __proto__ or toString', () => {
    expect(resolveToolSettings(table, { server: 'toString', tool: 'x' })).toEqual(DEFAULT_TOOL_CALL_SETTINGS);
  });

  it('produces ActivityOptions and a request timeout that expires before the activity does', () => {
    const plan = toolCallPlan(table, { server: 'docs', tool: 'extract_text' });
    expect(plan.activityOptions).toEqual({
      startToCloseTimeout: 120_000,
      retry: { maximumAttempts: 3, initialInterval: 2_000, maximumInterval: 10_000, backoffCoefficient: 2 },
    });
    expect(plan.timeoutMs).toBeLessThan(120_000);
    expect(requestTimeoutFor({ ...DEFAULT_TOOL_CALL_SETTINGS, startToCloseTimeoutMs: 1_000 })).toBe(900);
  });

  it('gives the model step a heartbeat timeout and accepts overrides', () => {
    const options = modelStepActivityOptions({ retry: { maximumAttempts: 2 } });
    expect(options.heartbeatTimeout).toBe(30_000);
    expect(options.retry?.maximumAttempts).toBe(2);
    expect(options.startToCloseTimeout).toBe(300_000);
  });
});
