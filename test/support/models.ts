/**
 * Titan Text and Cohere Command R have reached their end of life on Bedrock, and the catalogue says so; no current
 * model takes their native bodies, so their codecs are covered by unit and fixture tests. A test of the checks
 * that refuse a request before Bedrock is called marks them active again, as an operator with access to them
 * would: the lifecycle guard would otherwise answer 410 first. Nothing that reaches Bedrock uses these.
 */
export const END_OF_LIFE_CODEC_MODELS = {
  'command-r': { lifecycle: { state: 'active' } },
  'titan-text-express': { lifecycle: { state: 'active' } },
} as const;
