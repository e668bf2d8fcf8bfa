/** The admin API's shapes, as the console reads them (see docs/console.md). */
export interface KeyLimits {
  rpm?: number;
  tpm?: number;
  maxTokensPerRequest?: number;
  dailyTokens?: number;
  monthlyBudgetUsd?: number;
}

export interface KeySummary {
  keyId: string;
  name: string;
  status: 'active' | 'revoked';
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  models: string[];
  limits: KeyLimits;
  role?: 'admin';
}

export interface UsageCounters {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costMicroUsd: number;
  costUsd: number;
}

export interface UsageWindow extends UsageCounters {
  window: string;
  models: Record<string, UsageCounters>;
}

export interface UsageReport {
  month: string;
  today: string;
  keys: Array<{
    keyId: string;
    name: string;
    status: string;
    role?: string;
    limits: KeyLimits;
    month: UsageWindow;
    days: UsageWindow[];
  }>;
  totals: { month: UsageWindow; days: UsageWindow[] };
}

export interface ModelDescription {
  id: string;
  model_id: string;
  family: string;
  kind: 'text' | 'embedding';
  max_output_tokens: number;
  context_window: number;
  lifecycle: { state: 'active' | 'legacy' | 'eol'; end_of_life?: string; replacement?: string };
  capabilities: {
    streaming: boolean;
    vision: boolean;
    documents: boolean;
    tools: boolean;
    reasoning: { mode: string };
    structured_output: boolean;
    cache_points: unknown;
    count_tokens: boolean;
  };
  price: { input_per_mtok: number; output_per_mtok: number };
}
