import type { CodecFamily } from '../model-registry.js';
import { anthropicCodec } from './anthropic.js';
import { cohereCommandRCodec } from './cohere-command-r.js';
import type { FamilyCodec } from './family-codec.js';
import { llama3Codec } from './llama3.js';
import { mistralCodec } from './mistral.js';
import { novaCodec } from './nova.js';
import { withGuardrailInterventions } from './read-guardrail-action.js';
import { titanTextCodec } from './titan-text.js';

export type { FamilyCodec, NativeBody } from './family-codec.js';

const CODECS: Readonly<Record<CodecFamily, FamilyCodec>> = {
  anthropic: withGuardrailInterventions(anthropicCodec),
  'titan-text': withGuardrailInterventions(titanTextCodec),
  llama3: withGuardrailInterventions(llama3Codec),
  mistral: withGuardrailInterventions(mistralCodec),
  nova: withGuardrailInterventions(novaCodec),
  'cohere-command-r': withGuardrailInterventions(cohereCommandRCodec),
};

/**
 * The codec for a family's native InvokeModel body; a guardrail intervention reads as `guardrail_intervened`
 * whatever the family (see `withGuardrailInterventions`).
 */
export function codecFor(family: CodecFamily): FamilyCodec {
  return CODECS[family];
}
