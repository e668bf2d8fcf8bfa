import type { KeyLimits } from './types.js';

const FIELDS: Array<{ field: keyof KeyLimits; label: string; step: string }> = [
  { field: 'rpm', label: 'Requests per minute', step: '1' },
  { field: 'tpm', label: 'Tokens per minute', step: '1' },
  { field: 'maxTokensPerRequest', label: 'Max tokens per request', step: '1' },
  { field: 'dailyTokens', label: 'Tokens per day', step: '1' },
  { field: 'monthlyBudgetUsd', label: 'Monthly budget (USD)', step: '0.01' },
];

/** The limits as text fields: empty means unlimited. */
export type LimitsDraft = Record<keyof KeyLimits, string>;

export function toLimitsDraft(limits: KeyLimits): LimitsDraft {
  return Object.fromEntries(
    FIELDS.map(({ field }) => [field, limits[field]?.toString() ?? '']),
  ) as LimitsDraft;
}

export function fromLimitsDraft(draft: LimitsDraft): KeyLimits {
  const limits: KeyLimits = {};
  for (const { field } of FIELDS) {
    const text = draft[field].trim();
    if (text !== '') limits[field] = Number(text);
  }
  return limits;
}

/** One labelled number input per limit; ids are prefixed so two forms can share a page. */
export function LimitsFields(props: {
  prefix: string;
  draft: LimitsDraft;
  onChange: (draft: LimitsDraft) => void;
}) {
  const { prefix, draft, onChange } = props;
  return (
    <fieldset class="limits">
      <legend>Limits (empty: unlimited)</legend>
      {FIELDS.map(({ field, label, step }) => (
        <div class="field" key={field}>
          <label for={`${prefix}-${field}`}>{label}</label>
          <input
            id={`${prefix}-${field}`}
            type="number"
            min="0"
            step={step}
            inputMode="decimal"
            value={draft[field]}
            onInput={(event) => onChange({ ...draft, [field]: event.currentTarget.value })}
          />
        </div>
      ))}
    </fieldset>
  );
}

/** A short description of limits for the table. */
export function describeLimits(limits: KeyLimits): string {
  const parts = [
    limits.rpm === undefined ? '' : `rpm ${limits.rpm}`,
    limits.tpm === undefined ? '' : `tpm ${limits.tpm}`,
    limits.maxTokensPerRequest === undefined ? '' : `max/request ${limits.maxTokensPerRequest}`,
    limits.dailyTokens === undefined ? '' : `day ${limits.dailyTokens}`,
    limits.monthlyBudgetUsd === undefined ? '' : `$${limits.monthlyBudgetUsd}/month`,
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'unlimited' : parts.join(', ');
}
