import { useState } from 'preact/hooks';
import { callAdmin } from './admin-client.js';
import { ErrorNotice } from './error-notice.js';
import {
  describeLimits,
  fromLimitsDraft,
  type LimitsDraft,
  LimitsFields,
  toLimitsDraft,
} from './limits-fields.js';
import type { KeySummary } from './types.js';
import { useAdminData } from './use-admin-data.js';

/** The key just created: its secret is shown here once, then dropped from memory on dismissal. */
function CreatedKeyNotice(props: { created: KeySummary & { key: string }; onDismiss: () => void }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.created.key);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copy failed: select the key and copy it by hand.');
    }
  }
  return (
    <section class="created" aria-labelledby="created-title">
      <h2 id="created-title">Key {props.created.keyId} created</h2>
      <p>This is the only time the key is shown. Store it now: the gateway keeps only its hash.</p>
      <label for="created-key">Secret key</label>
      <div class="row">
        <input id="created-key" readOnly value={props.created.key} class="secret" />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" class="hint">
        {copied}
      </p>
      <button type="button" onClick={props.onDismiss}>
        Done, hide the key
      </button>
    </section>
  );
}

function CreateKeyForm(props: { onCreated: (created: KeySummary & { key: string }) => void }) {
  const [name, setName] = useState('');
  const [models, setModels] = useState('*');
  const [expires, setExpires] = useState('');
  const [limits, setLimits] = useState<LimitsDraft>(toLimitsDraft({}));
  const [error, setError] = useState<unknown>(undefined);

  async function create(event: Event) {
    event.preventDefault();
    try {
      const created = await callAdmin<KeySummary & { key: string }>('/keys', {
        method: 'POST',
        body: {
          name,
          models: models
            .split(',')
            .map((model) => model.trim())
            .filter((model) => model !== ''),
          limits: fromLimitsDraft(limits),
          ...(expires ? { expiresAt: new Date(`${expires}T00:00:00Z`).toISOString() } : {}),
        },
      });
      setError(undefined);
      setName('');
      setLimits(toLimitsDraft({}));
      props.onCreated(created);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <form class="panel" onSubmit={create} aria-labelledby="create-title">
      <h2 id="create-title">Create a key</h2>
      <div class="field">
        <label for="new-key-name">Name</label>
        <input
          id="new-key-name"
          required
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="new-key-models">Models (aliases, comma-separated, or *)</label>
        <input
          id="new-key-models"
          required
          value={models}
          onInput={(event) => setModels(event.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="new-key-expires">Expires (UTC date, optional)</label>
        <input
          id="new-key-expires"
          type="date"
          value={expires}
          onInput={(event) => setExpires(event.currentTarget.value)}
        />
      </div>
      <LimitsFields prefix="new-key" draft={limits} onChange={setLimits} />
      <button type="submit">Create key</button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

function EditKeyForm(props: { keySummary: KeySummary; onSaved: () => void; onCancel: () => void }) {
  const { keySummary } = props;
  const [limits, setLimits] = useState<LimitsDraft>(toLimitsDraft(keySummary.limits));
  const [models, setModels] = useState(keySummary.models.join(', '));
  const [error, setError] = useState<unknown>(undefined);

  async function save(event: Event) {
    event.preventDefault();
    try {
      await callAdmin(`/keys/${keySummary.keyId}`, {
        method: 'PATCH',
        body: {
          limits: fromLimitsDraft(limits),
          models: models
            .split(',')
            .map((model) => model.trim())
            .filter((model) => model !== ''),
        },
      });
      props.onSaved();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <form class="panel" onSubmit={save} aria-labelledby="edit-title">
      <h2 id="edit-title">
        Edit {keySummary.name} ({keySummary.keyId})
      </h2>
      <div class="field">
        <label for="edit-key-models">Models (aliases, comma-separated, or *)</label>
        <input
          id="edit-key-models"
          value={models}
          onInput={(event) => setModels(event.currentTarget.value)}
        />
      </div>
      <LimitsFields prefix="edit-key" draft={limits} onChange={setLimits} />
      <div class="row">
        <button type="submit">Save changes</button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

/** The keys table, with create (shown once), edit of models and limits, and revoke (confirmed). */
export function KeysPage() {
  const { data, error, reload } = useAdminData<{ data: KeySummary[] }>('/keys');
  const [created, setCreated] = useState<(KeySummary & { key: string }) | undefined>(undefined);
  const [editing, setEditing] = useState<KeySummary | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [status, setStatus] = useState('');

  async function revoke(keyId: string) {
    try {
      await callAdmin(`/keys/${keyId}/revoke`, { method: 'POST' });
      setConfirming(undefined);
      await reload();
      setStatus(`Revoked ${keyId}. Running gateways refuse it once their key cache expires.`);
    } catch (failure) {
      setActionError(failure);
    }
  }

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Keys</h1>
      <p role="status" class="hint">
        {status}
      </p>
      {created ? <CreatedKeyNotice created={created} onDismiss={() => setCreated(undefined)} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}
      <div class="table-wrap">
        <table class="keys-table">
          <caption>Every key, without secrets</caption>
          <thead>
            <tr>
              <th scope="col">Key id</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Models</th>
              <th scope="col">Limits</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(data?.data ?? []).map((key) => (
              <tr key={key.keyId} data-key-id={key.keyId}>
                <td>
                  <code>{key.keyId}</code>
                </td>
                <td>{key.name}</td>
                <td>
                  <span class={`badge badge-${key.status}`}>{key.status}</span>
                  {key.role ? <span class="badge badge-admin">{key.role}</span> : null}
                </td>
                <td>{key.models.length === 0 ? 'none' : key.models.join(', ')}</td>
                <td class="limits-cell">{describeLimits(key.limits)}</td>
                <td>{key.expiresAt ? key.expiresAt.slice(0, 10) : 'never'}</td>
                <td class="actions">
                  {key.status === 'active' ? (
                    <>
                      <button type="button" class="secondary" onClick={() => setEditing(key)}>
                        Edit<span class="visually-hidden"> {key.name}</span>
                      </button>
                      {confirming === key.keyId ? (
                        <button type="button" class="danger" onClick={() => revoke(key.keyId)}>
                          Confirm revoke<span class="visually-hidden"> {key.name}</span>
                        </button>
                      ) : (
                        <button type="button" class="secondary" onClick={() => setConfirming(key.keyId)}>
                          Revoke<span class="visually-hidden"> {key.name}</span>
                        </button>
                      )}
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="panels">
        {editing ? (
          <EditKeyForm
            key={editing.keyId}
            keySummary={editing}
            onCancel={() => setEditing(undefined)}
            onSaved={async () => {
              // The table first, then the message: what it announces is already on screen.
              setEditing(undefined);
              await reload();
              setStatus(`Saved ${editing.keyId}.`);
            }}
          />
        ) : null}
        <CreateKeyForm
          onCreated={async (key) => {
            setCreated(key);
            await reload();
          }}
        />
      </div>
    </section>
  );
}
