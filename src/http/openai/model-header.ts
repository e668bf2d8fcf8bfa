/** The response header naming the model alias that answered (after any fallback), on OpenAI routes. */
export const MODEL_HEADER = 'x-bedrock-gateway-model';
