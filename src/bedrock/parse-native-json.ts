import { UpstreamError } from '../core/errors.js';
import type { ModelEntry } from '../core/model-registry.js';

const decoder = new TextDecoder();

/** A native InvokeModel response body as JSON; anything else is Bedrock's fault, a 502. */
export function parseNativeJson(body: Uint8Array, model: ModelEntry): unknown {
  try {
    return JSON.parse(decoder.decode(body));
  } catch (error) {
    throw new UpstreamError(
      502,
      'upstream_malformed_response',
      `Bedrock model '${model.alias}' returned a body that is not JSON.`,
      { cause: error },
    );
  }
}
