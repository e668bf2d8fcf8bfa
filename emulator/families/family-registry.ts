import type { EmbeddingFamilyName, TextFamilyName } from '../catalogue/foundation-model.js';
import { anthropic } from './anthropic.js';
import { cohereEmbed } from './cohere-embed.js';
import { deepseekR1 } from './deepseek-r1.js';
import type { EmbeddingFamily } from './embedding-family.js';
import { llama3 } from './llama3.js';
import { mistral } from './mistral.js';
import { mistralChat } from './mistral-chat.js';
import { nova } from './nova.js';
import { openaiChat } from './openai-chat.js';
import type { TextFamily } from './text-family.js';
import { titanEmbed } from './titan-embed.js';

/** Every text family's native format, by family name. */
export const TEXT_FAMILIES: Readonly<Record<TextFamilyName, TextFamily>> = {
  anthropic,
  llama3,
  mistral,
  'mistral-chat': mistralChat,
  nova,
  'openai-chat': openaiChat,
  'deepseek-r1': deepseekR1,
};

/** Every embedding family's native format, by family name. */
export const EMBEDDING_FAMILIES: Readonly<Record<EmbeddingFamilyName, EmbeddingFamily>> = {
  'titan-embed': titanEmbed,
  'cohere-embed': cohereEmbed,
};
