// Sign in with what the API accepts: a bearer JWT (the development tokens `npm start` prints, or an
// access token from any OIDC provider the API trusts) or an API key. Kept in this tab's sessionStorage.
import { useState } from 'preact/hooks';
import { request, type Credential } from './api';

export function SignIn({ onSignIn }: { onSignIn(credential: Credential): void }) {
  const [kind, setKind] = useState<Credential['kind']>('bearer');
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const credential = { kind, value: value.trim() };
    setBusy(true);
    setError('');
    try {
      // Any authenticated call checks the credential; this one also warms the first page.
      await request(credential, '/approvals/pending');
      onSignIn(credential);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sign-in-title" class="card narrow">
      <h1 tabIndex={-1} id="sign-in-title">Sign in</h1>
      <form onSubmit={submit}>
        <fieldset>
          <legend>Credential</legend>
          <label class="choice">
            <input type="radio" name="kind" value="bearer" checked={kind === 'bearer'} onChange={() => setKind('bearer')} /> Bearer token (JWT)
          </label>
          <label class="choice">
            <input type="radio" name="kind" value="api-key" checked={kind === 'api-key'} onChange={() => setKind('api-key')} /> API key
          </label>
        </fieldset>
        <label for="credential">{kind === 'bearer' ? 'Token' : 'API key'}</label>
        <textarea id="credential" required rows={4} autocomplete="off" spellcheck={false} value={value} onInput={(e) => setValue((e.target as HTMLTextAreaElement).value)} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || value.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <h2>Which credential?</h2>
      <ul>
        <li>
          Development: <code>npm start</code> prints a token for <code>dev-approver</code> (and <code>dev-user</code>) and writes them to{' '}
          <code>.data/dev-tokens.json</code>.
        </li>
        <li>
          A real identity provider: any OpenID Connect provider whose access tokens are JWTs. Point the API at its keys (<code>AUTH_JWKS_URL</code>,{' '}
          <code>AUTH_JWT_ISSUER</code>, <code>AUTH_JWT_AUDIENCE</code>, the roles claim in <code>AUTH_ROLES_CLAIM</code>) and paste an access token here,
          or put your provider's login in front of this page and store the token as <code>{'{"kind":"bearer","value":"…"}'}</code> under{' '}
          <code>a2a-inbox-credential</code> in sessionStorage.
        </li>
        <li>Services: an API key made with <code>npm run credentials -- api-key</code>.</li>
      </ul>
      <p class="hint">The credential stays in this tab only (sessionStorage) and is sent only to this server.</p>
    </section>
  );
}
