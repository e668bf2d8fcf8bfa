import type { AttemptRecord } from '../../bedrock/model-chain.js';
import type { StopReason } from '../../core/generate-result.js';
import type { ModelApi } from '../../core/model-registry.js';

/**
 * The fields of the one log line a request writes (snake_case, as CloudWatch Logs Insights queries read
 * them). The pipeline and the routes fill it in; the request context writes it, and the metrics are read
 * from it. Never holds a key; `prompt` and `completion` only when `logging.prompts` is on.
 */
export interface RequestLog {
  key_id?: string;
  /**
   * The end user the client named (Anthropic's `metadata.user_id`): an opaque id for the operator's records,
   * never a secret; cut to 256 characters.
   */
  end_user?: string;
  /** The model name the client sent (an alias, a Bedrock id, or absent for the default). */
  model_requested?: string;
  /** The alias that answered, after any fallback (else the one chosen). */
  model?: string;
  /** Its Bedrock id (full, ARNs included: logs are the operator's). */
  model_id?: string;
  api?: ModelApi;
  stream?: boolean;
  /** Bedrock calls made for the answer, retries and fallbacks included. */
  attempts?: number;
  attempt_log?: AttemptRecord[];
  fallback_used?: boolean;
  /** Milliseconds until the answer (or a stream's first event) was ready. */
  ttfb_ms?: number;
  stop_reason?: StopReason;
  input_tokens?: number;
  output_tokens?: number;
  cache_read_tokens?: number;
  cache_write_tokens?: number;
  reasoning_tokens?: number;
  cost_usd?: number;
  service_tier?: string;
  /** The guardrail applied to the call (its id, not a secret), and what it did. */
  guardrail_id?: string;
  guardrail_action?: 'intervened' | 'none';
  /** How the prompt's tokens were reserved: an upper bound, or Bedrock CountTokens near a limit. */
  prompt_tokens_reserved?: number;
  prompt_count_source?: 'bound' | 'count_tokens';
  /** What a token-counting route answered with: Bedrock CountTokens, or the gateway's estimate. */
  token_count_source?: 'bedrock' | 'estimate';
  error_code?: string;
  upstream_error?: string;
  prompt?: string;
  completion?: string;
}
