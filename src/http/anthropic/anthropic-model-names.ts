/**
 * Anthropic model ids that are not themselves catalogue aliases, by the alias that serves them. Anthropic's
 * dateless ids (`claude-sonnet-4-5`, `claude-haiku-4-5`, `claude-opus-4-1`, and from Claude 4.6 on every id, such
 * as `claude-opus-5-5` or `claude-sonnet-5-5`) are already aliases of the catalogue, so only the dated snapshot
 * ids need an entry (https://platform.claude.com/docs/en/about-claude/models/model-ids-and-versions; Claude
 * Code 2.1.332's model table in /work/notes/claude-models.md §4.1). Models the catalogue does not serve (Opus 4.5,
 * Opus 4.7, Sonnet 4, Fable) have no entry: naming one is a 404 until an operator adds the model, or maps the
 * name to another alias in `anthropic.modelNames` (which wins over this table).
 */
export const ANTHROPIC_MODEL_NAMES: Readonly<Record<string, string>> = {
  'claude-sonnet-4-5-20250929': 'claude-sonnet-4-5',
  'claude-haiku-4-5-20251001': 'claude-haiku-4-5',
  'claude-opus-4-1-20250805': 'claude-opus-4-1',
  // Retired on Bedrock: their aliases answer 410 with the replacement, rather than 404.
  'claude-3-5-sonnet-20240620': 'claude-3-5-sonnet',
  'claude-3-haiku-20240307': 'claude-3-haiku',
};

/**
 * The catalogue alias (or other configured name) for a model name a Messages client sent: the operator's
 * `anthropic.modelNames` first, then `ANTHROPIC_MODEL_NAMES`, else the name as it came (an alias, a Bedrock id or
 * an inference-profile id, which the registry resolves; an unknown one is a 404 there).
 */
export function resolveAnthropicModelName(
  name: string,
  configured: Readonly<Record<string, string>>,
): string {
  if (Object.hasOwn(configured, name)) return configured[name]!;
  if (Object.hasOwn(ANTHROPIC_MODEL_NAMES, name)) return ANTHROPIC_MODEL_NAMES[name]!;
  return name;
}
