import { ErrorNotice } from './error-notice.js';
import { formatCount } from './format.js';
import type { ModelDescription } from './types.js';
import { useAdminData } from './use-admin-data.js';

const yesNo = (value: boolean) => (value ? 'yes' : '—');

/** The catalogue: lifecycle badges and capability columns. */
export function ModelsPage() {
  const { data, error } = useAdminData<{ data: ModelDescription[] }>('/models');
  if (error) return <ErrorNotice error={error} />;
  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
      <div class="table-wrap">
        <table class="models-table">
          <caption>The gateway's catalogue: lifecycle and capabilities</caption>
          <thead>
            <tr>
              <th scope="col">Alias</th>
              <th scope="col">Lifecycle</th>
              <th scope="col">Bedrock id</th>
              <th scope="col">Kind</th>
              <th scope="col">Context</th>
              <th scope="col">Max output</th>
              <th scope="col">$ / MTok in · out</th>
              <th scope="col">Streaming</th>
              <th scope="col">Vision</th>
              <th scope="col">Documents</th>
              <th scope="col">Tools</th>
              <th scope="col">Reasoning</th>
              <th scope="col">Structured</th>
              <th scope="col">Cache points</th>
              <th scope="col">Count tokens</th>
            </tr>
          </thead>
          <tbody>
            {(data?.data ?? []).map((model) => (
              <tr key={model.id} data-model={model.id}>
                <th scope="row">{model.id}</th>
                <td>
                  <span class={`badge badge-${model.lifecycle.state}`}>{model.lifecycle.state}</span>
                  {model.lifecycle.end_of_life ? (
                    <span class="hint"> until {model.lifecycle.end_of_life.slice(0, 10)}</span>
                  ) : null}
                </td>
                <td>
                  <code>{model.model_id}</code>
                </td>
                <td>{model.kind}</td>
                <td>{formatCount(model.context_window)}</td>
                <td>{formatCount(model.max_output_tokens)}</td>
                <td>
                  {model.price.input_per_mtok} · {model.price.output_per_mtok}
                </td>
                <td>{yesNo(model.capabilities.streaming)}</td>
                <td>{yesNo(model.capabilities.vision)}</td>
                <td>{yesNo(model.capabilities.documents)}</td>
                <td>{yesNo(model.capabilities.tools)}</td>
                <td>
                  {model.capabilities.reasoning.mode === 'none' ? '—' : model.capabilities.reasoning.mode}
                </td>
                <td>{yesNo(model.capabilities.structured_output)}</td>
                <td>{yesNo(model.capabilities.cache_points !== null)}</td>
                <td>{yesNo(model.capabilities.count_tokens)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
