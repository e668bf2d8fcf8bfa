import { convertFromConverseResponse } from '../converse/convert-from-converse-response.js';
import { convertToConverseRequest } from '../converse/convert-to-converse-request.js';
import { createConverseStreamDecoder } from '../converse/create-converse-stream-decoder.js';
import type { GenerateRequest } from '../generate-request.js';
import type { GenerateResult, Usage } from '../generate-result.js';
import type { StreamEvent } from '../stream-event.js';
import { checkFamilyCapabilities, type FamilyCapabilities } from './check-family-capabilities.js';
import type { FamilyCodec, NativeBody } from './family-codec.js';
import { readInvocationMetrics } from './read-invocation-metrics.js';

/** The schema version Nova's native body declares. */
export const NOVA_SCHEMA_VERSION = 'messages-v1';

const capabilities: FamilyCapabilities = {
  family: 'nova',
  temperature: { min: 0, max: 1 },
  topP: { min: 0, max: 1 },
  stopSequences: {},
  tools: true,
};

function checkSupported(request: GenerateRequest): void {
  checkFamilyCapabilities(capabilities, request);
}

/** Nova's native body is the Converse body plus `schemaVersion` (`inferenceConfig.maxTokens` included). */
function toNativeBody(request: GenerateRequest): NativeBody {
  checkSupported(request);
  return { schemaVersion: NOVA_SCHEMA_VERSION, ...convertToConverseRequest(request) };
}

/** Nova's native response is shaped like a Converse response. */
function fromNativeResponse(body: unknown, usageFromHeaders?: Usage): GenerateResult {
  return convertFromConverseResponse(body, usageFromHeaders);
}

/**
 * Nova's native chunks carry Converse stream keys. The last one normally holds `metadata.usage`; should it
 * hold only `amazon-bedrock-invocationMetrics`, those counts stand in as the metadata.
 */
function createStreamDecoder(): (chunk: unknown) => StreamEvent[] {
  const decodeConverseEvent = createConverseStreamDecoder();
  return (chunk) => {
    const events = decodeConverseEvent(chunk);
    const metrics = readInvocationMetrics(chunk);
    const hasMetadata = typeof chunk === 'object' && chunk !== null && 'metadata' in chunk;
    if (metrics && !hasMetadata) events.push(...decodeConverseEvent({ metadata: { usage: metrics } }));
    return events;
  };
}

/** Amazon Nova (Micro, Lite, Pro): Converse-shaped native body; supports tools and stop sequences. */
export const novaCodec: FamilyCodec = {
  family: 'nova',
  maxTokensPath: ['inferenceConfig', 'maxTokens'],
  otherMaxTokensPaths: [['inferenceConfig', 'max_new_tokens']],
  checkSupported,
  toNativeBody,
  fromNativeResponse,
  createStreamDecoder,
};
