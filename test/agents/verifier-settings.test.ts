// Agent settings: the published defaults read back to the same values, overrides apply key by key,
// every bad setting is named at once, and the risk defaults stay equal to the tool server's policy.
import { readAnalystSettings, defaultAnalystSettings } from '../../src/document-verification/analyst-settings';
import { formatDuration, parseDuration } from '../../src/document-verification/duration';
import { AgentSettingsError } from '../../src/document-verification/settings-reader';
import { DEFAULT_RISK_POLICY, defaultVerifierSettings, readVerifierSettings } from '../../src/document-verification/verifier-settings';
import { defaultVerificationPolicy } from '../../src/documents';

describe('durations', () => {
  it.each([
    [1500, 1500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
  ])('reads %p as %p ms', (value, ms) => expect(parseDuration(value)).toBe(ms));

  it.each([['soon'], ['-5s'], [-1], ['10 weeks'], [null], [Number.NaN]])('refuses %p', (value) => expect(parseDuration(value)).toBeUndefined());

  it('formats for people with the two largest units', () => {
    expect(formatDuration(86_400_000 + 3_600_000 * 2 + 60_000)).toBe('1 d 2 h');
    expect(formatDuration(1_500)).toBe('2 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(400)).toBe('400 ms');
  });
});

describe('document-verifier settings', () => {
  it('reads the published defaults', () => {
    const settings = readVerifierSettings(defaultVerifierSettings());
    expect(settings.approval).toEqual({
      approverRoles: ['approver'],
      allowSelfApproval: false,
      allowedDecisions: ['approve', 'reject', 'request-changes'],
      reminderAfterMs: 86_400_000,
      escalateAfterMs: 259_200_000,
      escalation: 'reassign',
      escalationRoles: ['senior-approver'],
      expireAfterMs: 604_800_000,
    });
    expect(settings.risk.forceApprovalOn).toContain('classification-uncertain');
    expect(settings.allowedTools).toHaveLength(7);
    expect(readVerifierSettings({})).toEqual(settings);
  });

  it('keeps its risk defaults equal to the tool server’s verification policy', () => {
    const policy = defaultVerificationPolicy();
    expect(DEFAULT_RISK_POLICY).toEqual({
      riskThreshold: policy.approval.riskThreshold,
      severityWeights: policy.risk.severityWeights,
      codeWeights: policy.risk.codeWeights,
      forceApprovalOn: policy.approval.forceApprovalOn,
      alwaysRequireApprovalFor: policy.approval.alwaysRequireApprovalFor,
    });
  });

  it('applies overrides, durations as text, and null to wait forever after escalation', () => {
    const settings = readVerifierSettings({
      riskThreshold: 0.2,
      approverRoles: ['finance-approver'],
      approvalReminderAfter: '1s',
      approvalEscalateAfter: 2000,
      escalationAction: 'auto-reject',
      approvalExpireAfter: null,
      toolCalls: { defaults: { retry: { initialIntervalMs: 100 } }, tools: { 'documents/extract_text': { startToCloseTimeoutMs: 90_000 } } },
      modelStep: { heartbeatTimeoutMs: 2000, retry: { maximumAttempts: 3 } },
    });
    expect(settings.risk.riskThreshold).toBe(0.2);
    expect(settings.approval).toMatchObject({ approverRoles: ['finance-approver'], reminderAfterMs: 1000, escalateAfterMs: 2000, escalation: 'auto-reject', expireAfterMs: undefined });
    expect(settings.steps.tools.defaults.retry).toMatchObject({ initialIntervalMs: 100, maximumAttempts: 5 });
    expect(settings.steps.tools.tools).toEqual({ 'documents/extract_text': { startToCloseTimeoutMs: 90_000 } });
    expect(settings.steps.model).toEqual({ heartbeatTimeoutMs: 2000, retry: { maximumAttempts: 3 } });
  });

  it('names every bad setting in one error', () => {
    const read = () =>
      readVerifierSettings({
        riskThreshold: 2,
        approverRoles: 'approver',
        escalationAction: 'shrug',
        approvalReminderAfter: 'tomorrow',
        allowedDecisions: ['approve', 'maybe'],
        toolCalls: { defaults: { retry: { attempts: 3 } } },
      });
    expect(read).toThrow(AgentSettingsError);
    for (const problem of [
      /settings\.riskThreshold must be a number ≥ 0 and ≤ 1/,
      /settings\.approverRoles must be a list/,
      /settings\.allowedDecisions must be a non-empty list of approve, reject, request-changes/,
      /settings\.approvalReminderAfter must be a duration/,
      /settings\.escalationAction must be one of auto-reject, reassign/,
      /settings\.toolCalls\.defaults\.retry\.attempts is not a retry setting/,
    ]) {
      expect(read).toThrow(problem);
    }
  });

  it('refuses a configuration in which nobody could approve', () => {
    expect(() => readVerifierSettings({ approverRoles: [] })).toThrow(/only the submitter could decide/);
    expect(readVerifierSettings({ approverRoles: [], allowSelfApproval: true }).approval.approverRoles).toEqual([]);
  });

  it('refuses an expiry that comes before the escalation', () => {
    expect(() => readVerifierSettings({ approvalEscalateAfter: '2h', approvalExpireAfter: '1h' })).toThrow(/approvalExpireAfter must be longer/);
  });
});

describe('document-analyst settings', () => {
  it('reads the published defaults: no redact in the allowlist, bounded loop', () => {
    const settings = readAnalystSettings(defaultAnalystSettings());
    expect(settings.allowedTools).not.toContain('redact');
    expect(settings.limits).toEqual({ maxSteps: 8, maxTotalTokens: 60_000 });
    expect(readAnalystSettings({})).toEqual(settings);
  });

  it('refuses a step limit of zero', () => {
    expect(() => readAnalystSettings({ maxSteps: 0 })).toThrow(/maxSteps must be an integer ≥ 1/);
  });
});
