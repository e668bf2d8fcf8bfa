import { AMAZON_MODELS } from './catalogue/amazon-models.js';
import { CLAUDE_MODELS } from './catalogue/claude-models.js';
import { COHERE_MODELS } from './catalogue/cohere-models.js';
import { DEEPSEEK_MODELS } from './catalogue/deepseek-models.js';
import { META_MODELS } from './catalogue/meta-models.js';
import { MISTRAL_MODELS } from './catalogue/mistral-models.js';
import { OPENAI_MODELS } from './catalogue/openai-models.js';
import type { CatalogueEntry } from './model-registry.js';

/**
 * The built-in catalogue, by alias: today's Bedrock models, each named by the id that answers on demand, with
 * sourced limits, prices, capabilities and lifecycle (see each provider's file under `catalogue/`). The models the
 * gateway started with stay, marked with their lifecycle, so their aliases answer 410 with a replacement rather
 * than 404. Operators add, override or retire models in the config.
 */
export const DEFAULT_MODELS: Readonly<Record<string, CatalogueEntry>> = {
  ...CLAUDE_MODELS,
  ...AMAZON_MODELS,
  ...META_MODELS,
  ...MISTRAL_MODELS,
  ...OPENAI_MODELS,
  ...DEEPSEEK_MODELS,
  ...COHERE_MODELS,
};

/**
 * The alias used when a request names no model: the current Claude Sonnet through its `global.` profile, which
 * answers from every commercial Region at Bedrock's list price.
 */
export const DEFAULT_MODEL_ALIAS = 'claude-sonnet';
