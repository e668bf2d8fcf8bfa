import { DayChart } from './day-chart.js';
import { ErrorNotice } from './error-notice.js';
import { formatCount, formatUsd, totalTokens } from './format.js';
import type { UsageCounters, UsageReport, UsageWindow } from './types.js';
import { useAdminData } from './use-admin-data.js';

/** A bar of how close a usage is to its limit; absent limit: none drawn. */
function BudgetBar(props: {
  label: string;
  used: number;
  limit: number | undefined;
  format: (value: number) => string;
}) {
  const { label, used, limit, format } = props;
  if (limit === undefined) return <span class="hint">{label}: no limit</span>;
  const share = limit > 0 ? Math.min(1, used / limit) : 1;
  return (
    <div class="budget">
      <span>
        {label}: {format(used)} of {format(limit)} ({Math.round(share * 100)}%)
      </span>
      <meter
        min={0}
        max={limit}
        low={limit * 0.75}
        high={limit * 0.9}
        optimum={0}
        value={Math.min(used, limit)}
      >
        {Math.round(share * 100)}%
      </meter>
    </div>
  );
}

function Totals(props: { usage: UsageCounters }) {
  const { usage } = props;
  const items: Array<[string, string]> = [
    ['Requests', formatCount(usage.requests)],
    ['Input tokens', formatCount(usage.inputTokens)],
    ['Output tokens', formatCount(usage.outputTokens)],
    ['Cache read', formatCount(usage.cacheReadTokens)],
    ['Cache write', formatCount(usage.cacheWriteTokens)],
    ['Reasoning', formatCount(usage.reasoningTokens)],
    ['Cost', formatUsd(usage.costUsd)],
  ];
  return (
    <dl class="totals" data-testid="usage-totals">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-total={label}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const dayOf = (days: UsageWindow[], day: string) => days.find((window) => window.window === day);

/** Charts of tokens and cost per day (per key, per model), totals, and budget bars per key. */
export function UsagePage() {
  const { data, error, reload } = useAdminData<UsageReport>('/usage');
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <p role="status">Loading usage…</p>;
  const days = data.totals.days.map((day) => day.window);
  const models = Object.keys(data.totals.month.models).sort();
  const usedKeys = data.keys.filter((key) => key.month.requests > 0 || key.days.length > 0);

  return (
    <section aria-labelledby="usage-title">
      <div class="row spread">
        <h1 id="usage-title">Usage, {data.month} (UTC)</h1>
        <button type="button" class="secondary" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      <Totals usage={data.totals.month} />
      <div class="charts">
        <DayChart
          id="tokens-per-key"
          title="Tokens per day, per key"
          days={days}
          format={formatCount}
          series={usedKeys.map((key) => ({
            label: key.name,
            values: days.map((day) => {
              const window = dayOf(key.days, day);
              return window ? totalTokens(window) : 0;
            }),
          }))}
        />
        <DayChart
          id="cost-per-model"
          title="Cost per day, per model"
          days={days}
          format={formatUsd}
          series={models.map((model) => ({
            label: model,
            values: days.map((day) => dayOf(data.totals.days, day)?.models[model]?.costUsd ?? 0),
          }))}
        />
        <DayChart
          id="tokens-per-model"
          title="Tokens per day, per model"
          days={days}
          format={formatCount}
          series={models.map((model) => ({
            label: model,
            values: days.map((day) => {
              const usage = dayOf(data.totals.days, day)?.models[model];
              return usage ? totalTokens(usage) : 0;
            }),
          }))}
        />
      </div>
      <h2>Keys: this month, and how close each is to its limits</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Requests</th>
              <th scope="col">Tokens</th>
              <th scope="col">Cost</th>
              <th scope="col">Limits used</th>
            </tr>
          </thead>
          <tbody>
            {data.keys.map((key) => {
              const today = dayOf(key.days, data.today);
              return (
                <tr key={key.keyId} data-usage-key={key.keyId}>
                  <th scope="row">
                    {key.name} <code>{key.keyId}</code>
                  </th>
                  <td>{formatCount(key.month.requests)}</td>
                  <td>{formatCount(totalTokens(key.month))}</td>
                  <td>{formatUsd(key.month.costUsd)}</td>
                  <td>
                    <BudgetBar
                      label="Today's tokens"
                      used={today ? totalTokens(today) : 0}
                      limit={key.limits.dailyTokens}
                      format={formatCount}
                    />
                    <BudgetBar
                      label="Month's budget"
                      used={key.month.costUsd}
                      limit={key.limits.monthlyBudgetUsd}
                      format={formatUsd}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>Models: this month</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Requests</th>
              <th scope="col">Input</th>
              <th scope="col">Output</th>
              <th scope="col">Cache read / write</th>
              <th scope="col">Reasoning</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => {
              const usage = data.totals.month.models[model]!;
              return (
                <tr key={model} data-usage-model={model}>
                  <th scope="row">{model}</th>
                  <td>{formatCount(usage.requests)}</td>
                  <td>{formatCount(usage.inputTokens)}</td>
                  <td>{formatCount(usage.outputTokens)}</td>
                  <td>
                    {formatCount(usage.cacheReadTokens)} / {formatCount(usage.cacheWriteTokens)}
                  </td>
                  <td>{formatCount(usage.reasoningTokens)}</td>
                  <td>{formatUsd(usage.costUsd)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">
        The usage item keeps today and yesterday per day (and the whole month); older days are folded into the
        month.
      </p>
    </section>
  );
}
