// Reading an approver's answer (data part or text) and deciding whether its sender may decide.
import type { Message } from '../../src/a2a-model/types';
import { authorizeDecision, parseDecision } from '../../src/document-verification/decision';
import { APPROVAL_DECISIONS } from '../../src/document-verification/verifier-settings';

const message = (parts: Message['parts']): Message => ({ messageId: 'm', role: 'user', parts });
const text = (t: string) => message([{ kind: 'text', text: t }]);
const all = APPROVAL_DECISIONS;

describe('parsing a decision', () => {
  it('reads a data part {decision, reason}, with synonyms', () => {
    expect(parseDecision(message([{ kind: 'data', data: { decision: 'approve', reason: 'fine' } }]), all)).toEqual({ ok: true, decision: 'approve', reason: 'fine' });
    expect(parseDecision(message([{ kind: 'data', data: { decision: 'Changes_Requested', reason: 'add a PO number' } }]), all)).toMatchObject({ decision: 'request-changes' });
  });

  it.each([
    ['approve', 'approve', ''],
    ['Approved: checked with the supplier', 'approve', 'checked with the supplier'],
    ['reject - the IBAN is wrong', 'reject', 'the IBAN is wrong'],
    ['request changes: add the VAT number', 'request-changes', 'add the VAT number'],
    ['REQUEST-CHANGES\nplease re-scan page 2', 'request-changes', 'please re-scan page 2'],
  ])('reads the text %p', (input, decision, reason) => {
    expect(parseDecision(text(input), all)).toEqual({ ok: true, decision, reason });
  });

  it.each([['looks good to me'], ['I approve'], ['approvement'], ['']])('does not guess a decision from %p', (input) => {
    expect(parseDecision(text(input), all)).toMatchObject({ ok: false, problem: expect.stringMatching(/No decision found/) });
  });

  it('needs a reason to reject or request changes, not to approve', () => {
    expect(parseDecision(text('reject'), all)).toMatchObject({ ok: false, problem: expect.stringMatching(/reject decision needs a reason/) });
    expect(parseDecision(message([{ kind: 'data', data: { decision: 'request-changes' } }]), all)).toMatchObject({ ok: false });
    expect(parseDecision(text('approve'), all)).toMatchObject({ ok: true });
  });

  it('refuses a decision the deployment does not allow', () => {
    expect(parseDecision(text('request changes: x'), ['approve', 'reject'])).toMatchObject({ ok: false, problem: expect.stringMatching(/not allowed here/) });
  });
});

describe('who may decide', () => {
  const authority = { owner: { tenant: 'acme', subject: 'alice' }, approverRoles: ['approver'], allowSelfApproval: false };

  it('lets a principal with an approver role decide', () => {
    expect(authorizeDecision({ tenant: 'acme', subject: 'bob', roles: ['approver'] }, 'approve', authority)).toEqual({ ok: true });
  });

  it('refuses a principal without the role, whatever the decision', () => {
    for (const decision of [...all, undefined]) {
      expect(authorizeDecision({ tenant: 'acme', subject: 'mallory', roles: ['clerk'] }, decision, authority)).toEqual({
        ok: false,
        reason: 'mallory does not hold an approver role (approver)',
      });
    }
  });

  it('refuses another tenant', () => {
    expect(authorizeDecision({ tenant: 'other', subject: 'bob', roles: ['approver'] }, 'approve', authority)).toMatchObject({ ok: false });
  });

  it('refuses the submitter approving their own document unless allowed; they may still turn it down', () => {
    const self = { tenant: 'acme', subject: 'alice', roles: ['approver'] };
    expect(authorizeDecision(self, 'approve', authority)).toEqual({ ok: false, reason: 'alice submitted this document and may not approve it' });
    expect(authorizeDecision(self, 'reject', authority)).toEqual({ ok: true });
    expect(authorizeDecision(self, 'approve', { ...authority, allowSelfApproval: true })).toEqual({ ok: true });
  });

  it('with no approver roles configured, leaves the decision to whoever may reach the task', () => {
    expect(authorizeDecision({ tenant: 'acme', subject: 'alice', roles: [] }, 'approve', { ...authority, approverRoles: [], allowSelfApproval: true })).toEqual({ ok: true });
  });
});
