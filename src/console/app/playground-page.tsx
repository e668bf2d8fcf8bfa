import { useState } from 'preact/hooks';
import { ErrorNotice } from './error-notice.js';
import { formatCount, formatUsd } from './format.js';
import { type ChatUsage, streamChatCompletion } from './stream-chat-completion.js';
import type { ModelDescription } from './types.js';
import { useAdminData } from './use-admin-data.js';

interface Turn {
  role: 'user' | 'assistant';
  /** Rendered as a text node, never as HTML: model output may contain markup. */
  text: string;
  usage?: ChatUsage;
  costUsd?: number;
  error?: unknown;
  streaming?: boolean;
}

/**
 * A streamed chat with an API key pasted here (not the admin key: the playground calls the model routes
 * as an app would, under that key's allow-list, limits and metering).
 */
export function PlaygroundPage() {
  const { data } = useAdminData<{ data: ModelDescription[] }>('/models');
  const models = (data?.data ?? []).filter(
    (model) => model.kind === 'text' && model.lifecycle.state !== 'eol',
  );
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [system, setSystem] = useState('');
  const [temperature, setTemperature] = useState('');
  const [maxTokens, setMaxTokens] = useState('256');
  const [message, setMessage] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [busy, setBusy] = useState(false);
  const chosen = models.find((entry) => entry.id === model) ?? models[0];

  async function send(event: Event) {
    event.preventDefault();
    if (!chosen || message.trim() === '') return;
    const history = [...turns.filter((turn) => !turn.error), { role: 'user' as const, text: message }];
    const answer: Turn = { role: 'assistant', text: '', streaming: true };
    setTurns([...history, answer]);
    setMessage('');
    setBusy(true);
    const update = (changes: Partial<Turn>) => {
      Object.assign(answer, changes);
      setTurns([...history, { ...answer }]);
    };
    try {
      const usage = await streamChatCompletion({
        apiKey: apiKey.trim(),
        body: {
          model: chosen.id,
          messages: [
            ...(system.trim() ? [{ role: 'system', content: system }] : []),
            ...history.map((turn) => ({ role: turn.role, content: turn.text })),
          ],
          ...(temperature.trim() ? { temperature: Number(temperature) } : {}),
          ...(maxTokens.trim() ? { max_tokens: Number(maxTokens) } : {}),
        },
        onText: (text) => update({ text: answer.text + text }),
      });
      update({
        streaming: false,
        ...(usage
          ? {
              usage,
              // An estimate at the catalogue's on-demand prices; the usage page has the metered cost.
              costUsd:
                (usage.prompt_tokens * chosen.price.input_per_mtok +
                  usage.completion_tokens * chosen.price.output_per_mtok) /
                1e6,
            }
          : {}),
      });
    } catch (error) {
      update({ streaming: false, error });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="playground-title" class="playground">
      <h1 id="playground-title">Playground</h1>
      <form class="panel" onSubmit={send}>
        <div class="grid">
          <div class="field">
            <label for="playground-model">Model</label>
            <select
              id="playground-model"
              value={chosen?.id ?? ''}
              onChange={(event) => setModel(event.currentTarget.value)}
            >
              {models.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.id}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="playground-api-key">API key (not the admin key)</label>
            <input
              id="playground-api-key"
              type="password"
              autocomplete="off"
              required
              value={apiKey}
              onInput={(event) => setApiKey(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="playground-temperature">Temperature</label>
            <input
              id="playground-temperature"
              type="number"
              min="0"
              max="2"
              step="0.1"
              value={temperature}
              onInput={(event) => setTemperature(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="playground-max-tokens">Max tokens</label>
            <input
              id="playground-max-tokens"
              type="number"
              min="1"
              step="1"
              value={maxTokens}
              onInput={(event) => setMaxTokens(event.currentTarget.value)}
            />
          </div>
        </div>
        <div class="field">
          <label for="playground-system">System prompt</label>
          <textarea
            id="playground-system"
            rows={2}
            value={system}
            onInput={(event) => setSystem(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="playground-message">Message</label>
          <textarea
            id="playground-message"
            rows={3}
            value={message}
            onInput={(event) => setMessage(event.currentTarget.value)}
          />
        </div>
        <div class="row">
          <button type="submit" disabled={busy}>
            Send
          </button>
          <button type="button" class="secondary" onClick={() => setTurns([])} disabled={busy}>
            Clear
          </button>
        </div>
      </form>
      <ol class="transcript" aria-live="polite" aria-label="Conversation">
        {turns.map((turn, index) => (
          <li key={index} class={`turn turn-${turn.role}`} data-turn={turn.role}>
            <span class="turn-role">{turn.role === 'user' ? 'You' : (chosen?.id ?? 'model')}</span>
            <p class="turn-text" data-streaming={turn.streaming ? 'true' : 'false'}>
              {turn.text}
            </p>
            {turn.usage ? (
              <p class="turn-usage" data-usage>
                {formatCount(turn.usage.prompt_tokens)} tokens in, {formatCount(turn.usage.completion_tokens)}{' '}
                out
                {turn.costUsd === undefined ? '' : `, about ${formatUsd(turn.costUsd)}`}
              </p>
            ) : null}
            {turn.error ? <ErrorNotice error={turn.error} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
