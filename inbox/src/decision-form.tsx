// The decision form of a waiting task: an ordinary A2A SendMessage to the task with a data part
// `{decision, reason}` (the reason required for reject and request-changes, as the agent requires);
// a signed decision link's token rides along as message metadata `decisionLink`. Refusals are shown.
import { useState } from 'preact/hooks';
import { request } from './api';
import { taskFacts, type Task, type TaskFacts } from './task-facts';
import type { TaskPageProps } from './task-page';

export const DECISIONS: Record<string, string> = { approve: 'Approve', reject: 'Reject', 'request-changes': 'Request changes' };

export function DecisionForm(props: TaskPageProps & { facts: TaskFacts; path: string; onTask(task: Task): void }) {
  const { facts, credential, taskId, link, announce } = props;
  const [decision, setDecision] = useState('approve');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const reasonRequired = decision !== 'approve';

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const message = {
        messageId: crypto.randomUUID(),
        taskId,
        role: 'ROLE_USER',
        parts: [{ data: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) } }],
        ...(link ? { metadata: { decisionLink: link } } : {}),
      };
      const agentPath = props.path.replace(/\/tasks\/[^/]+$/, '');
      const answer = await request<{ task?: Task }>(credential, `${agentPath}/message:send`, { method: 'POST', body: { message } });
      if (answer.task) {
        props.onTask(answer.task);
        const after = taskFacts(answer.task);
        // An input the agent refuses (self-approval, no role) leaves the task waiting with a status saying why.
        const said = answer.task.status.message?.parts.map((p) => p.text ?? '').join(' ').trim();
        announce(after.state === 'input-required' ? `Not taken: ${said ?? 'the task is still waiting'}` : `Decision sent. The task is ${after.state}.`);
      }
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      setError(text);
      announce(`The decision was refused: ${text}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="decide-title" class="card">
      <h2 id="decide-title">Decide</h2>
      {link && <p class="hint">Opened from a decision link: it is sent with your decision, which still needs you signed in.</p>}
      <form onSubmit={submit}>
        <fieldset>
          <legend>Decision</legend>
          {facts.allowedDecisions.map((d) => (
            <label class="choice" key={d}>
              <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {DECISIONS[d] ?? d}
            </label>
          ))}
        </fieldset>
        <label for="reason">Reason{reasonRequired ? ' (required)' : ' (optional)'}</label>
        <textarea id="reason" rows={3} required={reasonRequired} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : `Send: ${DECISIONS[decision] ?? decision}`}
        </button>
      </form>
    </section>
  );
}
