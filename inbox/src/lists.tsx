// The two live lists: "Waiting for me" (what the signed-in principal may decide) and "My submissions".
import { useEffect } from 'preact/hooks';
import { taskHref } from './route';
import { stateName } from './task-facts';

export interface ListedTask {
  agentId: string;
  taskId: string;
  state: string;
  updatedAt: string;
  notice?: string;
  submittedBy?: string;
  ownSubmission?: boolean;
}
export interface PendingList {
  items: ListedTask[];
  counts: { total: number; byAgent: Record<string, number> };
  truncated: boolean;
}
export interface SubmissionList {
  items: ListedTask[];
  counts: { total: number; byState: Record<string, number> };
  truncated: boolean;
}

export const when = (iso: string) => (iso ? new Date(iso).toLocaleString() : '');

export function Waiting({ list }: { list?: PendingList }) {
  // Time to first render (measured by the browser test): navigation start to the list on screen.
  useEffect(() => {
    if (list && performance.getEntriesByName('inbox-list-visible').length === 0) performance.mark('inbox-list-visible');
  }, [list]);
  if (!list) return <p aria-busy="true">Loading what is waiting for you…</p>;
  const byAgent = Object.entries(list.counts.byAgent);
  return (
    <section aria-labelledby="waiting-title">
      <h1 tabIndex={-1} id="waiting-title">Waiting for me</h1>
      <p id="waiting-count" class="count">
        {list.counts.total === 0 ? 'Nothing is waiting for your decision.' : `${list.counts.total} waiting for your decision`}
        {byAgent.length > 0 && ` (${byAgent.map(([agent, n]) => `${agent}: ${n}`).join(', ')})`}
        {list.truncated && ', showing the newest'}
      </p>
      <ul class="tasks" aria-labelledby="waiting-title">
        {list.items.map((item) => (
          <li key={`${item.agentId}/${item.taskId}`} class="card">
            <a href={taskHref(item.agentId, item.taskId)} class="task-link">
              <span class="agent">{item.agentId}</span> <span class="task-id">{item.taskId}</span>
            </a>
            <p class="notice">{item.notice?.split('\n')[0] ?? 'A decision is waiting.'}</p>
            <p class="meta">
              Submitted by {item.submittedBy}
              {item.ownSubmission && ' (you: approving your own document may be refused)'} · waiting since <time dateTime={item.updatedAt}>{when(item.updatedAt)}</time>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Submissions({ list }: { list?: SubmissionList }) {
  if (!list) return <p aria-busy="true">Loading your submissions…</p>;
  const byState = Object.entries(list.counts.byState);
  return (
    <section aria-labelledby="submissions-title">
      <h1 tabIndex={-1} id="submissions-title">My submissions</h1>
      <p class="count">
        {list.counts.total === 0 ? 'You have submitted no tasks yet.' : `${list.counts.total} ${list.counts.total === 1 ? 'task' : 'tasks'}`}
        {byState.length > 0 && ` (${byState.map(([state, n]) => `${state}: ${n}`).join(', ')})`}
      </p>
      {list.items.length > 0 && (
        <table class="submissions">
          <caption class="visually-hidden">Tasks you submitted, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">State</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr key={`${item.agentId}/${item.taskId}`}>
                <td data-label="Task">
                  <a href={taskHref(item.agentId, item.taskId)}>
                    <span class="agent">{item.agentId}</span> <span class="task-id">{item.taskId}</span>
                  </a>
                </td>
                <td data-label="State">
                  <span class={`state state-${stateName(item.state)}`}>{stateName(item.state)}</span>
                </td>
                <td data-label="Updated">
                  <time dateTime={item.updatedAt}>{when(item.updatedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
