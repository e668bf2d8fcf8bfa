import type { CodecFamily } from '../model-registry.js';
import { anthropicCodec } from './anthropic.js';
import { cohereCommandRCodec } from './cohere-command-r.js';
import type { FamilyCodec } from './family-codec.js';
import { llama3Codec } from './llama3.js';
import { mistralCodec } from './mistral.js';
import { novaCodec } from './nova.js';
import { titanTextCodec } from './titan-text.js';

export type { FamilyCodec, NativeBody } from './family-codec.js';

const CODECS: Readonly<Record<CodecFamily, FamilyCodec>> = {
  anthropic: anthropicCodec,
  'titan-text': titanTextCodec,
  llama3: llama3Codec,
  mistral: mistralCodec,
  nova: novaCodec,
  'cohere-command-r': cohereCommandRCodec,
};

/** The codec for a family's native InvokeModel body. */
export function codecFor(family: CodecFamily): FamilyCodec {
  return CODECS[family];
}
