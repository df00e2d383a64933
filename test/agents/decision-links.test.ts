// Signed decision links without Temporal: the token (signature, expiry, tampering), the webhook
// signature, and what the approval state machine does with a link: a decision by an approver
// consumes it, a second use or a link for another approval is refused, a stranger's never decides.
import type { Message } from '../../src/a2a-model/types';
import { approvalAuditRecord, onInput, startApproval } from '../../src/document-verification/approval-process';
import type { ApprovalSettings } from '../../src/document-verification/verifier-settings';
import { approvalIdOf, type DecisionLinkClaims } from '../../src/decision-links/decision-link-claims';
import { createDecisionLinks } from '../../src/decision-links/decision-link-token';
import { loadConfig } from '../../src/config';
import { decisionLinkSettings } from '../../src/platform/platform-config';
import { readNotificationChannels } from '../../src/approval-notifications/notification-channels';
import { signNotification, verifyNotificationSignature } from '../../src/approval-notifications/webhook-signature';

const SECRET = 'a-decision-link-secret-of-32-chars!!';
const T0 = Date.UTC(2025, 5, 1, 9, 0, 0);
const claims: DecisionLinkClaims = { linkId: 'l-1', agentId: 'document-verifier', taskId: 't-1', approvalId: approvalIdOf(T0), expiresAt: T0 + 3_600_000, roles: ['approver'] };

describe('decision link tokens', () => {
  const links = createDecisionLinks({ secret: SECRET, now: () => T0 });

  it('verify what they signed, URL-safe', () => {
    const token = links.sign(claims);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(links.verify(token)).toEqual({ ok: true, claims });
  });

  it('refuse a changed claim, another secret, or garbage as invalid; a past expiry as expired', () => {
    const token = links.sign(claims);
    const [v, body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), t: 't-2' })).toString('base64url');
    expect(links.verify(`${v}.${forged}.${sig}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(createDecisionLinks({ secret: `${SECRET}-other`, now: () => T0 }).verify(token)).toEqual({ ok: false, reason: 'invalid' });
    expect(links.verify('v1.e30.x')).toEqual({ ok: false, reason: 'invalid' });
    expect(links.verify(undefined)).toEqual({ ok: false, reason: 'invalid' });
    const later = createDecisionLinks({ secret: SECRET, now: () => claims.expiresAt });
    expect(later.verify(token)).toMatchObject({ ok: false, reason: 'expired' });
  });
});

describe('notification channel settings', () => {
  it('are read per role, and each bad channel is named', () => {
    const problems: string[] = [];
    const channels = readNotificationChannels(
      {
        approver: [{ type: 'webhook', url: 'https://hooks.example/a', secret: 'approvers' }, { type: 'email', to: ['a@example.test'] }],
        senior: [{ type: 'webhook', url: 'ftp://x', secret: 'approvers' }, { type: 'webhook', url: 'https://x', secret: 'the secret itself!' }, { type: 'sms' }],
      },
      (p) => problems.push(p),
    );
    expect(channels).toEqual({ approver: [{ type: 'webhook', url: 'https://hooks.example/a', secret: 'approvers' }, { type: 'email', to: ['a@example.test'] }] });
    expect(problems).toEqual([
      'settings.approvalNotifications.senior[0].url must be an http(s) URL',
      expect.stringContaining('settings.approvalNotifications.senior[1].secret must name the signing secret'),
      'settings.approvalNotifications.senior[2].type must be webhook or email',
    ]);
  });
});

describe('webhook signatures', () => {
  it('verify over the timestamp and the exact body, within the tolerance', () => {
    const header = signNotification('hook-secret-0123456789', '{"a":1}', 1_000);
    expect(header).toMatch(/^t=1000,v1=[0-9a-f]{64}$/);
    expect(verifyNotificationSignature({ secret: 'hook-secret-0123456789', body: '{"a":1}', header, nowSeconds: 1_100 })).toBe(true);
    expect(verifyNotificationSignature({ secret: 'hook-secret-0123456789', body: '{"a":2}', header, nowSeconds: 1_100 })).toBe(false);
    expect(verifyNotificationSignature({ secret: 'hook-secret-0123456789', body: '{"a":1}', header, nowSeconds: 2_000 })).toBe(false);
  });
});

describe('a decision sent with a link', () => {
  const settings: ApprovalSettings = {
    approverRoles: ['approver'],
    allowSelfApproval: false,
    allowedDecisions: ['approve', 'reject', 'request-changes'],
    reminderAfterMs: 600_000,
    escalateAfterMs: 1_800_000,
    escalation: 'reassign',
    escalationRoles: ['senior-approver'],
    expireAfterMs: 3_600_000,
  };
  const context = { owner: { tenant: 'acme', subject: 'alice' }, settings };
  const approve: Message = { messageId: 'm', role: 'user', parts: [{ kind: 'data', data: { decision: 'approve', reason: 'ok' } }] };
  const answer = (subject: string, roles: string[], link: DecisionLinkClaims, messageId = `m-${subject}`) => ({
    messageId,
    message: approve,
    sender: { tenant: 'acme', subject, roles },
    receivedAt: new Date(T0 + 60_000).toISOString(),
    link,
  });

  it('by an approver decides, records the link and consumes it; the same link is refused after', () => {
    const decided = onInput(startApproval(T0, settings), answer('bob', ['approver'], claims), context);
    expect(decided.effect).toMatchObject({ kind: 'decided', record: { decision: 'approve', decisionLink: 'l-1' } });
    expect(decided.state.usedLinks).toEqual(['l-1']);
    expect(approvalAuditRecord(decided.effect, { taskId: 't-1', agentId: 'a', documentSha256: 'x' })).toMatchObject({ outcome: 'accepted', via: 'decision-link', decisionLink: 'l-1' });
    // A second decision on the same approval state (what a multi-turn approval or a replayed send would meet).
    const again = onInput({ ...decided.state, decision: undefined }, answer('dave', ['approver'], claims), context);
    expect(again.effect).toMatchObject({ kind: 'link-refused', refusal: { reason: 'the decision link was already used for a decision', decisionLink: 'l-1' } });
    expect(again.state.decision).toBeUndefined();
  });

  it('by a non-approver is refused as any stranger, and the link stays usable', () => {
    const refused = onInput(startApproval(T0, settings), answer('mallory', ['clerk'], claims), context);
    expect(refused.effect).toMatchObject({ kind: 'refused', refusal: { reason: 'mallory does not hold an approver role (approver)' } });
    expect(refused.state.usedLinks).toBeUndefined();
    expect(onInput(refused.state, answer('bob', ['approver'], claims), context).effect.kind).toBe('decided');
  });

  it('for another approval, or expired by the time it arrives, is refused and decides nothing', () => {
    const state = startApproval(T0, settings);
    expect(onInput(state, answer('bob', ['approver'], { ...claims, approvalId: approvalIdOf(T0 - 1) }), context).effect).toMatchObject({
      kind: 'link-refused',
      refusal: { reason: 'the decision link was issued for another approval of this task' },
    });
    expect(onInput(state, answer('bob', ['approver'], { ...claims, expiresAt: T0 + 1 }), context).effect).toMatchObject({
      kind: 'link-refused',
      refusal: { reason: 'the decision link has expired' },
    });
  });
});

describe('decision link and notification configuration', () => {
  it('takes DECISION_LINK_SECRET, else a generated key in <DATA_DIR>/secrets in development, and is required in production', () => {
    expect(decisionLinkSettings(loadConfig({ DECISION_LINK_SECRET: SECRET, NODE_ENV: 'production' }))).toEqual({ secret: SECRET });
    expect(decisionLinkSettings(loadConfig({ DATA_DIR: '/var/a2a' }))).toEqual({ secretFile: '/var/a2a/secrets/decision-links.key' });
    expect(() => decisionLinkSettings(loadConfig({ NODE_ENV: 'production' }))).toThrow(/DECISION_LINK_SECRET/);
    expect(() => loadConfig({ DECISION_LINK_SECRET: 'short' })).toThrow(/DECISION_LINK_SECRET: must be at least 32 characters/);
  });

  it('reads webhook secrets by name and refuses short ones', () => {
    expect(loadConfig({ APPROVAL_NOTIFY_SECRETS: 'approvers=0123456789abcdef, seniors=fedcba9876543210=x' }).env.APPROVAL_NOTIFY_SECRETS).toEqual({
      approvers: '0123456789abcdef',
      seniors: 'fedcba9876543210=x',
    });
    expect(() => loadConfig({ APPROVAL_NOTIFY_SECRETS: 'approvers=short' })).toThrow(/APPROVAL_NOTIFY_SECRETS/);
  });
});
