/** Cohere Command R is not in the default registry; tests that cover every family add it. */
export const COMMAND_R_MODELS = {
  'command-r': {
    id: 'cohere.command-r-v1:0',
    family: 'cohere-command-r',
    api: 'converse',
    maxOutputTokens: 4000,
    contextWindow: 128000,
    price: { inputPerMTok: 0.5, outputPerMTok: 1.5 },
  },
} as const;
