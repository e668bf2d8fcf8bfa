/** The Bedrock Runtime operations the gateway calls, by the last segment of their path. */
export type BedrockOperation =
  | 'converse'
  | 'converse-stream'
  | 'invoke'
  | 'invoke-with-response-stream'
  | 'count-tokens';

/**
 * `encodeURIComponent` plus `!'()*`, as the AWS SDK's REST serializer encodes a path label
 * (`extendedEncodeURIComponent` in @smithy/core's protocols): so `:` in `anthropic...-v1:0` is `%3A`, and the `/`
 * of an ARN `%2F`, and the model id stays one path segment.
 */
function encodePathLabel(label: string): string {
  if (/^[\w.~-]+$/.test(label)) return label;
  return encodeURIComponent(label).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `/model/{modelId}/{operation}`, the path every Bedrock Runtime operation takes (botocore's `requestUri`). */
export function encodeModelPath(modelId: string, operation: BedrockOperation): string {
  return `/model/${encodePathLabel(modelId)}/${operation}`;
}
