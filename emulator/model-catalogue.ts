import { BedrockExceptionError } from './errors.js';

/** Families whose native text bodies the emulator speaks. */
export type TextFamilyName = 'anthropic' | 'titan-text' | 'llama3' | 'mistral' | 'nova' | 'cohere-command-r';
/** Families that only embed (InvokeModel only). */
export type EmbeddingFamilyName = 'titan-embed' | 'cohere-embed';
export type FamilyName = TextFamilyName | EmbeddingFamilyName;

/** A model the emulator recognised from its id. */
export type ResolvedModel =
  | { modelId: string; baseModelId: string; kind: 'text'; family: TextFamilyName }
  | { modelId: string; baseModelId: string; kind: 'embedding'; family: EmbeddingFamilyName };

/** Id prefixes, in the order they are tried. */
const FAMILY_PREFIXES: ReadonlyArray<readonly [string, FamilyName]> = [
  ['anthropic.', 'anthropic'],
  ['amazon.titan-text', 'titan-text'],
  ['amazon.titan-embed-text', 'titan-embed'],
  ['amazon.nova', 'nova'],
  ['meta.llama3', 'llama3'],
  ['mistral.', 'mistral'],
  ['cohere.command-r', 'cohere-command-r'],
  ['cohere.embed', 'cohere-embed'],
];

const EMBEDDING_FAMILIES: ReadonlySet<FamilyName> = new Set(['titan-embed', 'cohere-embed']);

/** Cross-region inference profile prefixes (the four DESIGN.md names, plus newer regional ones). */
const GEO_PREFIX = /^(?:us|eu|apac|global|us-gov|jp|au|ca)\./;

/** Foundation-model and inference-profile ARNs; the id is everything after the resource type. */
const MODEL_ARN = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/;

/**
 * Resolves a model id, inference-profile id or ARN (already percent-decoded) to its family.
 * Throws ResourceNotFoundException for ids the emulator has no family for.
 */
export function resolveModel(rawModelId: string): ResolvedModel {
  const modelId = MODEL_ARN.exec(rawModelId)?.[1] ?? rawModelId;
  const baseModelId = modelId.replace(GEO_PREFIX, '');
  const family = FAMILY_PREFIXES.find(([prefix]) => baseModelId.startsWith(prefix))?.[1];
  if (family === undefined) {
    throw new BedrockExceptionError(
      'ResourceNotFoundException',
      `Could not resolve the foundation model from the provided model identifier: ${rawModelId}`,
    );
  }
  return EMBEDDING_FAMILIES.has(family)
    ? { modelId, baseModelId, kind: 'embedding', family: family as EmbeddingFamilyName }
    : { modelId, baseModelId, kind: 'text', family: family as TextFamilyName };
}
