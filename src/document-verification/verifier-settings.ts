// Settings of the document-verifier agent: flat keys (the agents config merges settings key by key,
// so each can be overridden alone), read with defaults. The risk defaults restate the tool server's
// default verification policy; a test keeps them equal.
import type { JsonObject } from '../a2a-model/types';
import { toolNames } from '../mcp-server/tool-names';
import { readNotificationChannels, type NotificationChannels } from '../approval-notifications/notification-channels';
import type { RiskPolicy } from './risk';
import { createSettingsReader } from './settings-reader';
import { readStepSettings, type StepSettings } from './step-settings';

export const APPROVAL_DECISIONS = ['approve', 'reject', 'request-changes'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export const ESCALATION_ACTIONS = ['auto-reject', 'reassign'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/** The tool server's tools (a pure list, safe in workflow code). */
export const DOCUMENT_TOOLS = toolNames;

export interface ApprovalSettings {
  /** Principals holding one of these roles may decide; empty: anyone who may reach the task (the owner). */
  approverRoles: string[];
  /** Whether the submitter may approve their own document (never by default: four eyes). */
  allowSelfApproval: boolean;
  allowedDecisions: ApprovalDecision[];
  reminderAfterMs: number;
  escalateAfterMs: number;
  escalation: EscalationAction;
  /** With `reassign`: the roles added as approvers at escalation. */
  escalationRoles: string[];
  /** With `reassign`: from the request, when an undecided approval is rejected; undefined waits forever. */
  expireAfterMs?: number;
}

export interface VerifierSettings {
  /** MCP server name of the document tools. */
  toolServer: string;
  /** The tools this agent may call; the verification needs all seven. */
  allowedTools: string[];
  risk: RiskPolicy;
  approval: ApprovalSettings;
  /** Cap on the model summary's completion tokens. */
  summaryMaxTokens: number;
  /** Largest document downloaded or stored for a verification. */
  maxDocumentBytes: number;
  /**
   * Inline documents up to this size go to the tools as base64 instead of being stored first: they
   * are in the task's history already (the API keeps files up to 64 KiB inline), and it saves a step.
   */
  inlineDocumentMaxBytes: number;
  steps: StepSettings;
  /** Who is told, by role, when an approval is requested, reminded, escalated and decided (none by default). */
  notifications: NotificationChannels;
}

export const DEFAULT_RISK_POLICY: RiskPolicy = {
  riskThreshold: 0.5,
  severityWeights: { info: 0, warning: 0.1, error: 0.3 },
  codeWeights: { 'media-type-mismatch': 0.5, 'iban-checksum-failed': 0.5, 'document-expired': 0.6, 'required-field-missing': 0.15 },
  forceApprovalOn: ['iban-checksum-failed', 'document-expired', 'media-type-mismatch', 'total-mismatch', 'balance-mismatch'],
  alwaysRequireApprovalFor: [],
};

/** An unclassifiable document skips the type-specific checks, so a person must look at it. */
const VERIFIER_FORCE_APPROVAL_ON = [...DEFAULT_RISK_POLICY.forceApprovalOn, 'classification-uncertain'];

const HOUR = 3_600_000;

/** The settings as the agent definition publishes them (JSON, durations as text). */
export function defaultVerifierSettings(): JsonObject {
  return {
    toolServer: 'documents',
    allowedTools: [...DOCUMENT_TOOLS],
    riskThreshold: DEFAULT_RISK_POLICY.riskThreshold,
    severityWeights: { ...DEFAULT_RISK_POLICY.severityWeights },
    codeWeights: { ...DEFAULT_RISK_POLICY.codeWeights },
    forceApprovalOn: [...VERIFIER_FORCE_APPROVAL_ON],
    alwaysRequireApprovalFor: [],
    approverRoles: ['approver'],
    allowSelfApproval: false,
    allowedDecisions: [...APPROVAL_DECISIONS],
    approvalReminderAfter: '24h',
    approvalEscalateAfter: '72h',
    escalationAction: 'reassign',
    escalationRoles: ['senior-approver'],
    approvalExpireAfter: '7d',
    summaryMaxTokens: 800,
    maxDocumentBytes: 20 * 1024 * 1024,
    inlineDocumentMaxBytes: 64 * 1024,
    toolHeartbeatTimeout: '10s',
  };
}

export function readVerifierSettings(settings: JsonObject): VerifierSettings {
  const read = createSettingsReader(settings, 'document-verifier');
  const weight = { min: 0, max: 1 };
  const risk: RiskPolicy = {
    riskThreshold: read.number('riskThreshold', DEFAULT_RISK_POLICY.riskThreshold, weight),
    severityWeights: { ...DEFAULT_RISK_POLICY.severityWeights, ...read.numberRecord('severityWeights', DEFAULT_RISK_POLICY.severityWeights, weight) },
    codeWeights: read.numberRecord('codeWeights', DEFAULT_RISK_POLICY.codeWeights, weight),
    forceApprovalOn: read.strings('forceApprovalOn', VERIFIER_FORCE_APPROVAL_ON),
    alwaysRequireApprovalFor: read.strings('alwaysRequireApprovalFor', DEFAULT_RISK_POLICY.alwaysRequireApprovalFor),
  };
  const escalation = read.oneOf('escalationAction', ESCALATION_ACTIONS, 'reassign');
  const approval: ApprovalSettings = {
    approverRoles: read.strings('approverRoles', ['approver']),
    allowSelfApproval: read.boolean('allowSelfApproval', false),
    allowedDecisions: read.subset('allowedDecisions', APPROVAL_DECISIONS, APPROVAL_DECISIONS),
    reminderAfterMs: read.duration('approvalReminderAfter', 24 * HOUR),
    escalateAfterMs: read.duration('approvalEscalateAfter', 72 * HOUR),
    escalation,
    escalationRoles: read.strings('escalationRoles', ['senior-approver'], { nonEmpty: escalation === 'reassign' }),
    expireAfterMs: read.optionalDuration('approvalExpireAfter', 7 * 24 * HOUR),
  };
  if (approval.escalateAfterMs <= 0) read.report('settings.approvalEscalateAfter must be longer than zero');
  // With no approver roles only the submitter can reach the task, and the submitter may not approve.
  if (approval.approverRoles.length === 0 && !approval.allowSelfApproval) {
    read.report('settings.approverRoles is empty, so only the submitter could decide: set allowSelfApproval to true or name approver roles');
  }
  if (approval.expireAfterMs !== undefined && approval.expireAfterMs <= approval.escalateAfterMs && escalation === 'reassign') {
    read.report('settings.approvalExpireAfter must be longer than settings.approvalEscalateAfter (or null to wait forever)');
  }
  const result: VerifierSettings = {
    toolServer: read.string('toolServer', 'documents'),
    allowedTools: read.strings('allowedTools', DOCUMENT_TOOLS),
    risk,
    approval,
    summaryMaxTokens: read.number('summaryMaxTokens', 800, { min: 1, integer: true }),
    maxDocumentBytes: read.number('maxDocumentBytes', 20 * 1024 * 1024, { min: 1, integer: true }),
    inlineDocumentMaxBytes: read.number('inlineDocumentMaxBytes', 64 * 1024, { min: 0, integer: true }),
    steps: readStepSettings(read),
    notifications: readNotificationChannels(read.object('approvalNotifications'), (problem) => read.report(problem)),
  };
  read.done();
  return result;
}
