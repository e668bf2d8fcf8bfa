/**
 * What the gateway does with each `anthropic-beta` flag a client sends. The gateway calls Bedrock through its
 * canonical request, never with the client's flags: a beta is honoured when the canonical request carries the
 * feature it enables (`mapped`), accepted when it changes nothing the gateway sends or only unlocks body fields
 * that the body schema checks on their own (`accepted`: a field or tool the gateway cannot honour is still a 400
 * naming it), and refused otherwise. A flag that is in neither list is refused by name; an operator can accept
 * more in `anthropic.acceptedBetas` (docs/configuration.md).
 *
 * Sources: the flags of `@anthropic-ai/sdk` 1.15 (`AnthropicBeta`), what Claude Code 2.1.332 sends through a
 * gateway (recorded by scripts/try-claude-code.sh: claude-code, interleaved-thinking, context-management,
 * per-turn-control, mid-conversation-tool-changes, thinking-token-count, advanced-tool-use, effort), and the
 * notes in /work/notes/claude-models.md §3.2 and §4.2 (Bedrock's accepted flags, LiteLLM's gateway maps).
 * "Adaptive thinking also automatically enables interleaved thinking" is AWS's
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-adaptive-thinking.html).
 */

export type BetaHandling = 'mapped' | 'accepted';

export interface BetaEntry {
  handling: BetaHandling;
  /** What the gateway does for it, as docs/api.md tells it. */
  effect: string;
}

export const ANTHROPIC_BETAS: Readonly<Record<string, BetaEntry>> = {
  'prompt-caching-2024-07-31': {
    handling: 'mapped',
    effect: '`cache_control` breakpoints become Bedrock cache points.',
  },
  'extended-cache-ttl-2025-04-11': {
    handling: 'mapped',
    effect:
      '`cache_control.ttl: "1h"` becomes a cache point with Bedrock\'s 1-hour TTL, where the model has it.',
  },
  'token-counting-2024-11-01': {
    handling: 'mapped',
    effect: '`POST /v1/messages/count_tokens` counts with Bedrock CountTokens, or estimates.',
  },
  'pdfs-2024-09-25': { handling: 'mapped', effect: 'PDF `document` blocks become Bedrock documents.' },
  'structured-outputs-2025-11-13': {
    handling: 'mapped',
    effect: '`output_format` (and `output_config.format`) become the canonical output format.',
  },
  'structured-outputs-2025-12-15': {
    handling: 'mapped',
    effect: '`output_config.format` becomes the canonical output format.',
  },
  'effort-2025-11-24': {
    handling: 'mapped',
    effect: '`output_config.effort` becomes the canonical reasoning effort.',
  },
  'output-128k-2025-02-19': {
    handling: 'mapped',
    effect: "`max_tokens` is capped by the catalogue's maximum output of the model, not by the beta.",
  },
  'advanced-tool-use-2025-11-20': {
    handling: 'mapped',
    effect:
      'Tools with `defer_loading: true` are left out of what Bedrock sees, as deferred tools are; Bedrock has no server-side tool search.',
  },
  'tool-search-tool-2025-10-19': {
    handling: 'mapped',
    effect:
      'Tools with `defer_loading: true` are left out of what Bedrock sees; the tool search tools themselves are server tools, refused by type.',
  },
  'claude-code-20250219': { handling: 'accepted', effect: 'Names the client; changes nothing on Bedrock.' },
  'interleaved-thinking-2025-05-14': {
    handling: 'accepted',
    effect:
      'Not sent to Bedrock (the canonical request has no flags): adaptive-thinking models (Claude 4.6 and later) think between tool calls without it; budget-thinking models think at the start of each turn.',
  },
  'context-management-2025-06-27': {
    handling: 'accepted',
    effect:
      '`context_management` thinking clearing (`clear_thinking_*`) is advisory; tool-result clearing and compaction edits are refused by type.',
  },
  'context-1m-2025-08-07': {
    handling: 'accepted',
    effect: "The catalogue's context window of the model applies, with or without the beta.",
  },
  'token-efficient-tools-2025-02-19': {
    handling: 'accepted',
    effect: 'An efficiency of the tool-use format; Bedrock uses its own.',
  },
  'fine-grained-tool-streaming-2025-05-14': {
    handling: 'accepted',
    effect:
      'Tool input streams in the chunks Bedrock sends (`input_json_delta`); `eager_input_streaming` is advisory.',
  },
  'mid-conversation-tool-changes-2026-07-01': {
    handling: 'accepted',
    effect: 'The gateway is stateless: each request sends the tools it carries.',
  },
  'per-turn-control-2026-07-01': {
    handling: 'accepted',
    effect: 'Each request is converted on its own; fields it unlocks are checked by the body schema.',
  },
  'thinking-token-count-2026-05-13': {
    handling: 'accepted',
    effect:
      'Thinking tokens are reported in `usage.output_tokens_details.thinking_tokens`; `thinking_delta` carries no progress estimate.',
  },
  'thinking-display-updates-2026-08-18': {
    handling: 'accepted',
    effect: '`thinking.display` is advisory: the thinking Bedrock returns is passed on.',
  },
  'files-api-2025-04-14': {
    handling: 'accepted',
    effect: 'Unlocks `file` sources, which are refused (Bedrock has no Files API).',
  },
  'computer-use-2024-10-22': { handling: 'accepted', effect: 'Unlocks computer-use tools, refused by type.' },
  'computer-use-2025-01-24': { handling: 'accepted', effect: 'Unlocks computer-use tools, refused by type.' },
  'computer-use-2025-11-24': { handling: 'accepted', effect: 'Unlocks computer-use tools, refused by type.' },
  'code-execution-2025-05-22': { handling: 'accepted', effect: 'Unlocks code execution, refused by type.' },
  'web-search-2025-03-05': { handling: 'accepted', effect: 'Unlocks web search, refused by type.' },
  'mcp-client-2025-04-04': { handling: 'accepted', effect: 'Unlocks `mcp_servers`, refused.' },
  'mcp-client-2025-11-20': { handling: 'accepted', effect: 'Unlocks `mcp_servers`, refused.' },
};

/**
 * The flags of an `anthropic-beta` header (comma-separated, as the SDKs send several), or of several such headers,
 * trimmed and without empty entries.
 */
export function parseBetaHeader(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((flag) => flag.trim())
    .filter((flag) => flag !== '');
}
