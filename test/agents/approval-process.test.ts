// The approval state machine without Temporal: which deadline comes next, what a reminder, an
// escalation or an expiry does, and how answers are decided, refused or found unreadable.
import type { Message } from '../../src/a2a-model/types';
import { approvalAuditRecord, nextDeadline, onDeadline, onInput, startApproval, type ApprovalState } from '../../src/document-verification/approval-process';
import { approvalRequestParts } from '../../src/document-verification/approval-request';
import type { ApprovalSettings } from '../../src/document-verification/verifier-settings';

const MIN = 60_000;
const T0 = Date.UTC(2025, 5, 1, 9, 0, 0);
const settings: ApprovalSettings = {
  approverRoles: ['approver'],
  allowSelfApproval: false,
  allowedDecisions: ['approve', 'reject', 'request-changes'],
  reminderAfterMs: 10 * MIN,
  escalateAfterMs: 30 * MIN,
  escalation: 'reassign',
  escalationRoles: ['senior-approver'],
  expireAfterMs: 60 * MIN,
};
const owner = { tenant: 'acme', subject: 'alice' };
const text = (t: string): Message => ({ messageId: 'm1', role: 'user', parts: [{ kind: 'text', text: t }] });
const input = (subject: string, roles: string[], t: string) => ({ messageId: `m-${subject}`, message: text(t), sender: { tenant: 'acme', subject, roles }, receivedAt: '2025-06-01T09:05:00.000Z' });

describe('deadlines', () => {
  it('reminds, then escalates by reassigning, then expires with an automatic rejection', () => {
    let state = startApproval(T0, settings);
    expect(nextDeadline(state, settings)).toEqual({ kind: 'remind', at: T0 + 10 * MIN });
    let step = onDeadline(state, 'remind', T0 + 10 * MIN, settings);
    expect(step.effect).toEqual({ kind: 'reminded' });
    state = step.state;
    expect(nextDeadline(state, settings)).toEqual({ kind: 'escalate', at: T0 + 30 * MIN });
    step = onDeadline(state, 'escalate', T0 + 30 * MIN, settings);
    expect(step.effect).toEqual({ kind: 'reassigned', roles: ['approver', 'senior-approver'] });
    state = step.state;
    expect(state.approverRoles).toEqual(['approver', 'senior-approver']);
    expect(nextDeadline(state, settings)).toEqual({ kind: 'expire', at: T0 + 60 * MIN });
    step = onDeadline(state, 'expire', T0 + 60 * MIN, settings);
    expect(step.effect).toMatchObject({ kind: 'decided', record: { decision: 'reject', automatic: true, decidedBy: { system: true } } });
    expect(step.state.reminders).toEqual(['2025-06-01T09:10:00.000Z']);
    expect(step.state.escalations).toEqual([{ at: '2025-06-01T09:30:00.000Z', action: 'reassign', roles: ['senior-approver'] }]);
    expect(nextDeadline(step.state, settings)).toBeUndefined();
  });

  it('with auto-reject, rejects at the escalation and says why', () => {
    const auto = { ...settings, escalation: 'auto-reject' as const };
    const step = onDeadline(onDeadline(startApproval(T0, auto), 'remind', T0 + 10 * MIN, auto).state, 'escalate', T0 + 30 * MIN, auto);
    expect(step.effect).toMatchObject({ kind: 'decided', record: { decision: 'reject', reason: 'no decision within 30 min; rejected automatically by policy', automatic: true } });
  });

  it('skips a reminder that would come at or after the escalation, and waits forever without an expiry', () => {
    const noReminder = { ...settings, reminderAfterMs: 30 * MIN, expireAfterMs: undefined };
    const state = startApproval(T0, noReminder);
    expect(nextDeadline(state, noReminder)).toEqual({ kind: 'escalate', at: T0 + 30 * MIN });
    expect(nextDeadline(onDeadline(state, 'escalate', T0 + 30 * MIN, noReminder).state, noReminder)).toBeUndefined();
  });
});

describe('answers', () => {
  const context = { owner, settings };

  it('records an approver’s decision with who, when, why and the message', () => {
    const step = onInput(startApproval(T0, settings), input('bob', ['approver'], 'approve: fine'), context);
    expect(step.effect).toEqual({
      kind: 'decided',
      record: { decision: 'approve', reason: 'fine', decidedBy: { tenant: 'acme', subject: 'bob', roles: ['approver'] }, decidedAt: '2025-06-01T09:05:00.000Z', automatic: false, messageId: 'm-bob' },
    });
  });

  it('refuses and records a decision from a principal without the role, and keeps waiting', () => {
    const step = onInput(startApproval(T0, settings), input('mallory', ['clerk'], 'approve'), context);
    expect(step.effect).toMatchObject({ kind: 'refused', refusal: { by: { subject: 'mallory' }, attempted: 'approve', reason: expect.stringMatching(/does not hold an approver role/) } });
    expect(step.state.refusals).toHaveLength(1);
    expect(step.state.decision).toBeUndefined();
    expect(nextDeadline(step.state, settings)?.kind).toBe('remind');
  });

  it('refuses the submitter’s own approval, even with the role', () => {
    const step = onInput(startApproval(T0, settings), input('alice', ['approver'], 'approve'), context);
    expect(step.effect).toMatchObject({ kind: 'refused', refusal: { reason: 'alice submitted this document and may not approve it' } });
  });

  it('lets the escalation group decide after a reassignment', () => {
    const escalated = onDeadline(startApproval(T0, settings), 'escalate', T0 + 30 * MIN, settings).state;
    const before = onInput(startApproval(T0, settings), input('carol', ['senior-approver'], 'reject: wrong IBAN'), context);
    const after = onInput(escalated, input('carol', ['senior-approver'], 'reject: wrong IBAN'), context);
    expect(before.effect.kind).toBe('refused');
    expect(after.effect).toMatchObject({ kind: 'decided', record: { decision: 'reject', reason: 'wrong IBAN' } });
  });

  it('tells an approver when the answer is not a decision, without recording a refusal', () => {
    const step = onInput(startApproval(T0, settings), input('bob', ['approver'], 'what is this?'), context);
    expect(step.effect).toMatchObject({ kind: 'unreadable', problem: expect.stringMatching(/No decision found/) });
    expect(step.state.refusals).toEqual([]);
  });
});

describe('the approval request', () => {
  it('carries the findings, risk, allowed decisions, approvers and the schedule as data, and says it in text', () => {
    const state: ApprovalState = startApproval(T0, settings);
    const parts = approvalRequestParts('requested', state, {
      taskId: 't1',
      document: { name: 'inv.pdf', sha256: 'ab'.repeat(32), size: 10, mediaType: 'application/pdf', pageCount: 3, documentType: 'invoice', classificationConfidence: 0.8 },
      risk: { score: 0.88, threshold: 0.5, requiresApproval: true, reasons: ['risk 0.88 ≥ threshold 0.5'] },
      findings: [{ code: 'total-mismatch', severity: 'error', message: 'totals differ', source: 'consistency' }],
      settings,
    });
    expect(parts[0]).toMatchObject({ kind: 'text', text: expect.stringContaining('Decisions: approve, reject, request-changes') });
    expect(parts[1]).toMatchObject({
      kind: 'data',
      data: {
        kind: 'approval-request',
        turn: 'requested',
        findingCounts: { error: 1, warning: 0, info: 0 },
        approvers: { roles: ['approver'], selfApprovalAllowed: false },
        schedule: {
          requestedAt: '2025-06-01T09:00:00.000Z',
          remindAt: '2025-06-01T09:10:00.000Z',
          escalateAt: '2025-06-01T09:30:00.000Z',
          expiresAt: '2025-06-01T10:00:00.000Z',
          escalation: { action: 'reassign', roles: ['senior-approver'] },
        },
      },
    });
  });
});

describe('the audit record', () => {
  const ids = { taskId: 't1', agentId: 'document-verifier', documentSha256: 'ab'.repeat(32) };

  it('records a refusal with who tried what, when and why it was refused', () => {
    const { effect } = onInput(startApproval(T0, settings), input('mallory', ['clerk'], 'approve'), { owner, settings });
    expect(approvalAuditRecord(effect, ids)).toEqual({
      audit: 'approval-decision',
      ...ids,
      outcome: 'refused',
      decision: 'approve',
      by: { tenant: 'acme', subject: 'mallory', roles: ['clerk'] },
      at: '2025-06-01T09:05:00.000Z',
      messageId: 'm-mallory',
      reason: 'mallory does not hold an approver role (approver)',
    });
  });

  it('records accepted and automatic decisions, and nothing for a reminder', () => {
    const accepted = onInput(startApproval(T0, settings), input('bob', ['approver'], 'reject: bad IBAN'), { owner, settings }).effect;
    expect(approvalAuditRecord(accepted, ids)).toMatchObject({ outcome: 'accepted', decision: 'reject', reason: 'bad IBAN', by: { subject: 'bob' } });
    const expired = onDeadline(startApproval(T0, settings), 'expire', T0 + 60 * MIN, settings).effect;
    expect(approvalAuditRecord(expired, ids)).toMatchObject({ outcome: 'automatic', decision: 'reject', by: { system: true }, messageId: null });
    expect(approvalAuditRecord(onDeadline(startApproval(T0, settings), 'remind', T0, settings).effect, ids)).toBeUndefined();
  });
});
