// The approvals inbox page: sign in, then "Waiting for me" and "My submissions" (both live over SSE)
// and a page per task. Hash routes, so the API serves one HTML file; status changes are announced in
// one aria-live region.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { follow, loadCredential, saveCredential, type ApiError, type Credential } from './api';
import { Submissions, Waiting, type PendingList, type SubmissionList } from './lists';
import { parseRoute, type Route } from './route';
import { SignIn } from './sign-in';
import { TaskPage } from './task-page';

function useFeed<T>(credential: Credential | undefined, path: string, announce: (m: string) => void): { data?: T; live: boolean } {
  const [data, setData] = useState<T>();
  const [live, setLive] = useState(false);
  useEffect(() => {
    // Signed out (or the feed is not shown): nothing of the last principal's list stays on screen.
    if (!credential) {
      setData(undefined);
      setLive(false);
      return;
    }
    const abort = new AbortController();
    void follow<T>(
      credential,
      path,
      {
        onData(value) {
          setData(value);
          setLive(true);
        },
        onError(err: ApiError) {
          setLive(false);
          announce(`Live updates interrupted: ${err.message}`);
        },
      },
      abort.signal,
    );
    return () => abort.abort();
  }, [credential, path]);
  return { data, live };
}

function App() {
  const [credential, setCredential] = useState(loadCredential());
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [status, setStatus] = useState('');
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // Announcements stay on screen a while, then leave room (screen readers have read them by then).
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(''), 8_000);
    return () => clearTimeout(timer);
  }, [status]);
  const pending = useFeed<PendingList>(credential, '/approvals/pending/stream', setStatus);
  // Each open feed costs the server a visibility read every poll: submissions only while shown.
  const submissions = useFeed<SubmissionList>(route.page === 'submissions' ? credential : undefined, '/approvals/submissions/stream', setStatus);

  // A new page moves focus to its heading, so keyboard and screen-reader users start there.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route, credential]);

  const signOut = () => {
    saveCredential(undefined);
    setCredential(undefined);
  };
  const waitingCount = pending.data?.counts.total;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header>
        <p class="brand">Approvals inbox</p>
        {credential && (
          <nav aria-label="Inbox">
            <a href="#/" aria-current={route.page === 'waiting' ? 'page' : undefined}>
              Waiting for me{waitingCount !== undefined && <span class="badge" aria-label={`${waitingCount} waiting`}>{waitingCount}</span>}
            </a>
            <a href="#/submissions" aria-current={route.page === 'submissions' ? 'page' : undefined}>
              My submissions
            </a>
            <span class={`live ${pending.live ? 'on' : 'off'}`}>{pending.live ? 'Live' : 'Connecting…'}</span>
            <button type="button" class="secondary" onClick={signOut}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {!credential ? (
          <SignIn
            onSignIn={(c) => {
              saveCredential(c);
              setCredential(c);
              setStatus('Signed in.');
            }}
          />
        ) : route.page === 'task' ? (
          <TaskPage key={`${route.agentId}/${route.taskId}`} credential={credential} agentId={route.agentId} taskId={route.taskId} link={route.link} announce={setStatus} />
        ) : route.page === 'submissions' ? (
          <Submissions list={submissions.data} />
        ) : (
          <Waiting list={pending.data} />
        )}
      </main>
      <p id="announcer" class="announcer" role="status" aria-live="polite">
        {status}
      </p>
    </>
  );
}

render(<App />, document.getElementById('app')!);
