// One task: what the document is, what was found, the risk, the report, the redacted download, the
// history of its status messages, the decision record, and the decision form (an ordinary A2A
// message to the task; a signed decision link's token rides along as `metadata.decisionLink`).
import { useEffect, useState } from 'preact/hooks';
import { request, type Credential } from './api';
import { when } from './lists';
import { Markdown } from './markdown';
import { DecisionForm, DECISIONS } from './decision-form';
import { taskFacts, type Task, type TaskFacts } from './task-facts';

const TERMINAL = new Set(['completed', 'failed', 'canceled', 'rejected']);
/** A task that is still moving is read again this often (GetTask reads the task itself, consistently). */
const REFRESH_MS = 3_000;

export interface TaskPageProps {
  credential: Credential;
  agentId: string;
  taskId: string;
  link?: string;
  announce(message: string): void;
}

export function TaskPage(props: TaskPageProps) {
  const { credential, agentId, taskId } = props;
  const [task, setTask] = useState<Task>();
  const [error, setError] = useState('');
  const path = `/agents/${encodeURIComponent(agentId)}/tasks/${encodeURIComponent(taskId)}`;

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const got = await request<Task>(credential, `${path}?historyLength=100`, { signal: abort.signal });
        setTask(got);
        setError('');
        if (TERMINAL.has(taskFacts(got).state)) return;
      } catch (err) {
        if (abort.signal.aborted) return;
        setError(err instanceof Error ? err.message : String(err));
      }
      timer = setTimeout(load, REFRESH_MS);
    };
    void load();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [path, credential]);

  if (!task) return error ? <p class="error" role="alert">{error}</p> : <p aria-busy="true">Loading the task…</p>;
  const facts = taskFacts(task);
  return (
    <article aria-labelledby="task-title">
      <p>
        <a href="#/">← Waiting for me</a>
      </p>
      <h1 tabIndex={-1} id="task-title">
        {facts.document?.name ?? 'Task'} <span class="task-id">{taskId}</span>
      </h1>
      <p>
        Agent <strong>{agentId}</strong> · state <span id="task-state" class={`state state-${facts.state}`}>{facts.state}</span>
      </p>
      {error && <p class="error">{error}</p>}
      <div class="columns">
        <div>
          <Document facts={facts} credential={credential} />
          <Findings facts={facts} />
        </div>
        <div>
          <DecisionRecord facts={facts} />
          {facts.state === 'input-required' && <DecisionForm {...props} facts={facts} path={path} onTask={setTask} />}
          <History facts={facts} />
        </div>
      </div>
      {facts.report && (
        <section aria-labelledby="report-title" class="card">
          <h2 id="report-title">Report</h2>
          <Markdown text={facts.report} />
        </section>
      )}
    </article>
  );
}

function Document({ facts, credential }: { facts: TaskFacts; credential: Credential }) {
  const d = facts.document;
  return (
    <section aria-labelledby="document-title" class="card">
      <h2 id="document-title">Document</h2>
      {d ? (
        <dl class="facts">
          <dt>Name</dt>
          <dd>{d.name}</dd>
          <dt>Type</dt>
          <dd>{d.documentType ?? 'unknown'}</dd>
          <dt>Media type</dt>
          <dd>{d.mediaType}</dd>
          <dt>Size</dt>
          <dd>{d.size !== undefined ? `${d.size.toLocaleString()} bytes` : ''}</dd>
          {d.pageCount !== undefined && (
            <>
              <dt>Pages</dt>
              <dd>{d.pageCount}</dd>
            </>
          )}
          <dt>SHA-256</dt>
          <dd class="hash">{d.sha256}</dd>
        </dl>
      ) : (
        <p>No document facts yet.</p>
      )}
      {facts.redacted && <Download credential={credential} link={facts.redacted} />}
    </section>
  );
}

/** The link is signed but the server also wants the credential, which a plain link cannot send. */
function Download({ credential, link }: { credential: Credential; link: NonNullable<TaskFacts['redacted']> }) {
  const [error, setError] = useState('');
  async function download() {
    setError('');
    try {
      const auth: Record<string, string> = credential.kind === 'bearer' ? { Authorization: `Bearer ${credential.value}` } : { 'X-API-Key': credential.value };
      const response = await fetch(link.url, { headers: auth });
      if (!response.ok) throw new Error(`The download was refused (${response.status}); reload the task for a fresh link`);
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = link.filename ?? 'redacted-document';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <p>
      <button type="button" class="secondary" onClick={download}>
        Download the redacted document
      </button>
      {error && <span class="error"> {error}</span>}
    </p>
  );
}

function Findings({ facts }: { facts: TaskFacts }) {
  return (
    <section aria-labelledby="findings-title" class="card">
      <h2 id="findings-title">Risk and findings</h2>
      {facts.risk && (
        <p>
          Risk <strong id="risk-score">{facts.risk.score.toFixed(2)}</strong>
          {facts.risk.threshold !== undefined && ` (approval needed above ${facts.risk.threshold})`}
          {facts.risk.reasons?.length ? `: ${facts.risk.reasons.join('; ')}` : ''}
        </p>
      )}
      {facts.findings.length === 0 ? (
        <p>No findings.</p>
      ) : (
        <ul class="findings">
          {facts.findings.map((f) => (
            <li key={f.code + f.message}>
              <span class={`severity severity-${f.severity}`}>{f.severity}</span> {f.message} <code>{f.code}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DecisionRecord({ facts }: { facts: TaskFacts }) {
  const d = facts.decision;
  if (!d) return null;
  return (
    <section aria-labelledby="decided-title" class="card">
      <h2 id="decided-title">Decision</h2>
      <p id="decision-record">
        <strong>{DECISIONS[d.decision ?? ''] ?? d.decision}</strong> by {d.by}
        {d.at && (
          <>
            {' '}
            on <time dateTime={d.at}>{when(d.at)}</time>
          </>
        )}
        {d.reason && `: ${d.reason}`}
      </p>
    </section>
  );
}

function History({ facts }: { facts: TaskFacts }) {
  return (
    <section aria-labelledby="history-title" class="card">
      <h2 id="history-title">History</h2>
      <ol class="history">
        {facts.history.map((h) => (
          <li key={h.id}>
            <span class={`turn turn-${h.turn}`}>{h.turn}</span> {h.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
