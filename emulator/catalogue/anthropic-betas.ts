/**
 * The `anthropic_beta` flags Bedrock accepts on every current Claude model; anything else is refused with
 * `invalid beta flag` (notes claude-models.md §3.2, bedrock-validation.md §15). The list is LiteLLM's Bedrock
 * allowlist ("verified against official AWS documentation", litellm PR #19877), the flags LiteLLM's current
 * `bedrock` map forwards (litellm/anthropic_beta_headers_config.json), the two compaction betas
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-compaction.html) and Claude Code's
 * auto-mode beta, which it sends to Bedrock (Claude Code 2.1.332). Flags Bedrock was seen refusing:
 * `advanced-tool-use-2025-11-20`, `prompt-caching-scope-2026-01-05`, `redact-thinking-2026-02-12`,
 * `files-api-2025-04-14` (code id 53183686869), `thinking-binding-controls-2026-08-01` on Sonnet 4.5
 * (litellm PR #41203; a model may accept more through `AnthropicRules.extraBetas`).
 * Bedrock's real acceptance is narrower and per model (in April 2026 Opus 4.7 took only interleaved thinking,
 * anthropics/claude-code#49370); per-model lists are UNCONFIRMED, so one list serves every model.
 */
export const BEDROCK_ANTHROPIC_BETAS: ReadonlySet<string> = new Set([
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'computer-use-2025-11-24',
  'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
  'fine-grained-tool-streaming-2025-05-14',
  'compact-2026-01-12',
  'compact-2026-09-04',
  'dangerous-tool-use-2026-09-03',
  'thinking-display-updates-2026-08-18',
  'mid-conversation-output-config-2026-07-01',
  'mid-conversation-tool-changes-2026-07-01',
  'afk-mode-2026-01-31',
]);
