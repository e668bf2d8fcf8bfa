import { useState } from 'preact/hooks';
import { ApiError, callAdmin, setAdminKey } from './admin-client.js';
import { ErrorNotice } from './error-notice.js';

/** Asks for an admin key and checks it against the admin API before keeping it (in memory only). */
export function SignInPage(props: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function signIn(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setAdminKey(key.trim());
    try {
      await callAdmin('/keys');
      setKey('');
      props.onSignedIn();
    } catch (failure) {
      setAdminKey(undefined);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <h1>bedrock-gateway console</h1>
      <form onSubmit={signIn} aria-describedby="sign-in-help">
        <label for="admin-key">Admin key</label>
        <input
          id="admin-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <p id="sign-in-help" class="hint">
          An admin key, created with <code>bedrock-gateway keys create --admin</code>. It is kept in this
          page's memory only: reloading the page signs you out.
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {error instanceof ApiError || error instanceof Error ? <ErrorNotice error={error} /> : null}
    </main>
  );
}
