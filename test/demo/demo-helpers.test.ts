// The demo's pure pieces: finding the development tokens in the file `npm start` writes, reading the
// verifier's approval request, and summarising its findings.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDevTokens } from '../../src/demo/demo-target';
import { findingsSummary, readApprovalRequest, stateName } from '../../src/demo/narrate';

describe('development tokens', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'demo-tokens-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const file = async (content: unknown) => {
    const f = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    await writeFile(f, typeof content === 'string' ? content : JSON.stringify(content));
    return f;
  };

  it('are read from the file npm start writes: user and approver by subject', async () => {
    const f = await file({
      issuer: 'a2a-temporal',
      tokens: {
        'dev-user': { token: 'u-token', subject: 'dev-user', roles: [] },
        'dev-approver': { token: 'a-token', subject: 'dev-approver', roles: ['approver'] },
      },
    });
    expect(await readDevTokens(f)).toEqual({ user: 'u-token', approver: 'a-token' });
  });

  it('find the approver by role when names differ, and accept plain name → token maps', async () => {
    expect(await readDevTokens(await file([{ token: 'x', roles: ['approver'] }, { token: 'y', roles: [] }]))).toEqual({ user: 'y', approver: 'x' });
    expect(await readDevTokens(await file({ user: 'u', approver: 'a' }))).toEqual({ user: 'u', approver: 'a' });
  });

  it('are none when the file is missing or not JSON', async () => {
    expect(await readDevTokens(path.join(dir, 'missing.json'))).toEqual({});
    expect(await readDevTokens(await file('not json'))).toEqual({});
  });
});

describe('narration', () => {
  it('reads the approval request from a status message', () => {
    const status = {
      state: 'TASK_STATE_INPUT_REQUIRED' as const,
      message: {
        messageId: 'm',
        role: 'ROLE_AGENT' as const,
        parts: [
          { text: 'A person must decide.\nRisk 0.9' },
          { data: { kind: 'approval-request', turn: 'requested', notice: 'A person must decide.', allowedDecisions: ['approve', 'reject'] } },
        ],
      },
    };
    expect(readApprovalRequest(status)).toEqual({
      notice: 'A person must decide.',
      allowedDecisions: ['approve', 'reject'],
      turn: 'requested',
      lines: ['A person must decide.', 'Risk 0.9'],
    });
    expect(readApprovalRequest({ state: 'TASK_STATE_INPUT_REQUIRED' })).toBeUndefined();
    expect(stateName(status.state)).toBe('input-required');
  });

  it('summarises findings, most severe first, with what is left counted', () => {
    const findings = [
      { severity: 'info', code: 'i', message: 'note' },
      { severity: 'error', code: 'e', message: 'broken' },
      { severity: 'warning', code: 'w', message: 'odd' },
    ];
    expect(findingsSummary({ outcome: 'approved', risk: { score: 0.9, threshold: 0.5 }, findings }, 2)).toEqual([
      'outcome approved, risk 0.9 (threshold 0.5); 1 error(s), 1 warning(s), 1 info',
      '- [error] e: broken',
      '- [warning] w: odd',
      '- … 1 more in the verification-result artifact',
    ]);
  });
});
