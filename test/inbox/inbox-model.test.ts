// The inbox page's pure parts: the hash routes (a signed decision link lands on
// `#/tasks/{agentId}/{taskId}?link=<token>` and the page keeps the token) and what the task page
// reads out of an A2A v1.0 task (the approval request while waiting, the decision record after).
import { parseRoute, taskHref } from '../../inbox/src/route';
import { taskFacts, type Task } from '../../inbox/src/task-facts';

describe('hash routes', () => {
  it('a decision link’s route opens the task and keeps the token', () => {
    expect(parseRoute('#/tasks/document-verifier/t-1?link=abc.def')).toEqual({ page: 'task', agentId: 'document-verifier', taskId: 't-1', link: 'abc.def' });
  });

  it('a task link round-trips ids that need escaping; anything else is the waiting list', () => {
    expect(parseRoute(taskHref('my agent', 'a/b'))).toEqual({ page: 'task', agentId: 'my agent', taskId: 'a/b' });
    expect(parseRoute('#/submissions')).toEqual({ page: 'submissions' });
    expect(parseRoute('')).toEqual({ page: 'waiting' });
    expect(parseRoute('#/tasks/only-agent')).toEqual({ page: 'waiting' });
  });
});

describe('task facts', () => {
  const request = {
    kind: 'approval-request',
    turn: 'reminder',
    document: { name: 'invoice.pdf', size: 10 },
    risk: { score: 0.9, threshold: 0.5, reasons: ['r'] },
    findings: [{ code: 'total-mismatch', severity: 'error', message: 'totals differ' }],
    allowedDecisions: ['approve', 'reject'],
  };

  it('while waiting: facts, risk and findings from the latest approval request; the history of status messages', () => {
    const task: Task = {
      id: 't',
      contextId: 'c',
      status: { state: 'TASK_STATE_INPUT_REQUIRED', message: { messageId: 'm2', role: 'ROLE_AGENT', parts: [{ text: 'Reminder: decide' }, { data: request }] } },
      history: [{ messageId: 'm1', role: 'ROLE_AGENT', parts: [{ text: 'Receiving the document…' }] }],
      artifacts: [{ artifactId: 'redacted-document', name: 'redacted-document', parts: [{ url: '/x?sig=1', filename: 'r.pdf' }] }],
    };
    const facts = taskFacts(task);
    expect(facts).toMatchObject({ state: 'input-required', document: { name: 'invoice.pdf' }, risk: { score: 0.9 }, allowedDecisions: ['approve', 'reject'] });
    expect(facts.findings.map((f) => f.code)).toEqual(['total-mismatch']);
    expect(facts.history.map((h) => [h.turn, h.text])).toEqual([['status', 'Receiving the document…'], ['reminder', 'Reminder: decide']]);
    expect(facts.redacted).toEqual({ url: '/x?sig=1', filename: 'r.pdf', mediaType: undefined });
    expect(facts.decision).toBeUndefined();
  });

  it('once decided: who decided, when and why, from the verification result', () => {
    const decision = { decision: 'reject', reason: 'no', decidedBy: { subject: 'dev-approver', tenant: 'dev', roles: ['approver'] }, decidedAt: '2026-01-01T00:00:00Z' };
    const task: Task = {
      id: 't',
      contextId: 'c',
      status: { state: 'TASK_STATE_REJECTED' },
      artifacts: [
        { artifactId: 'verification-result', parts: [{ data: { kind: 'verification-result', findings: [], risk: { score: 0.7 }, approval: { decision } } }] },
        { artifactId: 'verification-report', parts: [{ text: '# Report' }] },
      ],
    };
    expect(taskFacts(task)).toMatchObject({ state: 'rejected', report: '# Report', decision: { decision: 'reject', reason: 'no', by: 'dev-approver', at: '2026-01-01T00:00:00Z' } });
  });
});
