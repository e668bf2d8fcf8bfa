import type { TextFamilyName } from '../catalogue/foundation-model.js';

// biome-ignore lint/suspicious/noExplicitAny: fixtures walk native JSON whose shape the tests themselves assert
type Json = Record<string, any>;

/** Output limits a fixture body can carry, in the family's own notation. */
export interface BodyLimits {
  maxTokens?: number;
  stopSequences?: string[];
}

/** How to talk to one text family natively, for tests that run across all of them. */
export interface TextFamilyFixture {
  family: TextFamilyName;
  /** A current model of the family, as callable on demand (a profile id where Bedrock needs one). */
  modelId: string;
  /** A valid native body whose user text is `prompt`. */
  body(prompt: string, limits?: BodyLimits): Json;
  /** The answer's text, without any reasoning the family puts before it. */
  readText(response: Json): string;
  readStopReason(response: Json): string;
  /** The streamed answer's text, without the reasoning. */
  readStreamText(chunks: Json[]): string;
  readStreamStopReason(chunks: Json[]): string;
  /** The family's words for the end of a reply, a max-tokens cut and a stop sequence (undefined: none). */
  stopReasons: { end: string; maxTokens: string; stopSequence?: string };
}

/** The Llama 3 chat template around one user turn. */
export function applyLlama3Template(prompt: string): string {
  return `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${prompt}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`;
}

/** A DeepSeek-style chat template around one user turn; like Bedrock, the emulator passes `prompt` through as is. */
export function applyDeepSeekTemplate(prompt: string): string {
  return `<｜begin▁of▁sentence｜><｜User｜>${prompt}<｜Assistant｜><think>\n`;
}

/** The Mistral instruction template around one user turn. */
export function applyMistralTemplate(prompt: string): string {
  return `<s>[INST] ${prompt} [/INST]`;
}

const joinText = (parts: unknown[]) => parts.filter((part) => typeof part === 'string').join('');

/** gpt-oss puts its reasoning in `<reasoning>` tags before the answer; streamed, each chunk in its own. */
export function stripReasoningTags(text: string): string {
  return text.replace(/<reasoning>[\s\S]*?<\/reasoning>/g, '');
}

/** DeepSeek R1 writes its reasoning, then `</think>`, then the answer. */
export function stripThinking(text: string): string {
  const end = text.indexOf('</think>');
  return end < 0 ? text : text.slice(end + '</think>'.length).replace(/^\n+/, '');
}

export const TEXT_FAMILY_FIXTURES: readonly TextFamilyFixture[] = [
  {
    family: 'anthropic',
    modelId: 'us.anthropic.claude-sonnet-4-6',
    body: (prompt, limits) => ({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: limits?.maxTokens ?? 512,
      messages: [{ role: 'user', content: prompt }],
      ...(limits?.stopSequences ? { stop_sequences: limits.stopSequences } : {}),
    }),
    readText: (response) => response.content[0].text,
    readStopReason: (response) => response.stop_reason,
    readStreamText: (chunks) =>
      joinText(
        chunks.filter((chunk) => chunk.type === 'content_block_delta').map((chunk) => chunk.delta.text),
      ),
    readStreamStopReason: (chunks) =>
      chunks.find((chunk) => chunk.type === 'message_delta')?.delta.stop_reason,
    stopReasons: { end: 'end_turn', maxTokens: 'max_tokens', stopSequence: 'stop_sequence' },
  },
  {
    family: 'llama3',
    modelId: 'meta.llama3-8b-instruct-v1:0',
    body: (prompt, limits) => ({
      prompt: applyLlama3Template(prompt),
      ...(limits?.maxTokens ? { max_gen_len: limits.maxTokens } : {}),
    }),
    readText: (response) => response.generation,
    readStopReason: (response) => response.stop_reason,
    readStreamText: (chunks) => joinText(chunks.map((chunk) => chunk.generation)),
    readStreamStopReason: (chunks) => chunks.at(-1)?.stop_reason,
    stopReasons: { end: 'stop', maxTokens: 'length' },
  },
  {
    family: 'mistral',
    modelId: 'mistral.mistral-7b-instruct-v0:2',
    body: (prompt, limits) => ({
      prompt: applyMistralTemplate(prompt),
      ...(limits?.maxTokens ? { max_tokens: limits.maxTokens } : {}),
      ...(limits?.stopSequences ? { stop: limits.stopSequences } : {}),
    }),
    readText: (response) => response.outputs[0].text,
    readStopReason: (response) => response.outputs[0].stop_reason,
    readStreamText: (chunks) => joinText(chunks.map((chunk) => chunk.outputs[0].text)),
    readStreamStopReason: (chunks) => chunks.at(-1)?.outputs[0].stop_reason,
    stopReasons: { end: 'stop', maxTokens: 'length', stopSequence: 'stop' },
  },
  {
    family: 'nova',
    modelId: 'us.amazon.nova-lite-v1:0',
    body: (prompt, limits) => ({
      schemaVersion: 'messages-v1',
      messages: [{ role: 'user', content: [{ text: prompt }] }],
      inferenceConfig: {
        ...(limits?.maxTokens ? { maxTokens: limits.maxTokens } : {}),
        ...(limits?.stopSequences ? { stopSequences: limits.stopSequences } : {}),
      },
    }),
    readText: (response) => response.output.message.content.find((block: Json) => 'text' in block).text,
    readStopReason: (response) => response.stopReason,
    readStreamText: (chunks) => joinText(chunks.map((chunk) => chunk.contentBlockDelta?.delta.text)),
    readStreamStopReason: (chunks) => chunks.find((chunk) => chunk.messageStop)?.messageStop.stopReason,
    stopReasons: { end: 'end_turn', maxTokens: 'max_tokens', stopSequence: 'stop_sequence' },
  },
  {
    family: 'openai-chat',
    modelId: 'openai.gpt-oss-120b-1:0',
    body: (prompt, limits) => ({
      messages: [{ role: 'user', content: prompt }],
      ...(limits?.maxTokens ? { max_completion_tokens: limits.maxTokens } : {}),
      ...(limits?.stopSequences ? { stop: limits.stopSequences } : {}),
    }),
    readText: (response) => stripReasoningTags(response.choices[0].message.content),
    readStopReason: (response) => response.choices[0].finish_reason,
    readStreamText: (chunks) =>
      stripReasoningTags(joinText(chunks.map((chunk) => chunk.choices[0].delta.content))),
    readStreamStopReason: (chunks) => chunks.at(-1)?.choices[0].finish_reason,
    stopReasons: { end: 'stop', maxTokens: 'length', stopSequence: 'stop' },
  },
  {
    family: 'mistral-chat',
    modelId: 'mistral.mistral-large-3-675b-instruct',
    body: (prompt, limits) => ({
      messages: [{ role: 'user', content: prompt }],
      ...(limits?.maxTokens ? { max_tokens: limits.maxTokens } : {}),
    }),
    readText: (response) => response.choices[0].message.content,
    readStopReason: (response) => response.choices[0].finish_reason,
    readStreamText: (chunks) => joinText(chunks.map((chunk) => chunk.choices[0].message.content)),
    readStreamStopReason: (chunks) => chunks.at(-1)?.choices[0].stop_reason,
    stopReasons: { end: 'stop', maxTokens: 'length' },
  },
  {
    family: 'deepseek-r1',
    modelId: 'us.deepseek.r1-v1:0',
    body: (prompt, limits) => ({
      prompt: applyDeepSeekTemplate(prompt),
      ...(limits?.maxTokens ? { max_tokens: limits.maxTokens } : {}),
      ...(limits?.stopSequences ? { stop: limits.stopSequences } : {}),
    }),
    readText: (response) => stripThinking(response.choices[0].text),
    readStopReason: (response) => response.choices[0].stop_reason,
    readStreamText: (chunks) => stripThinking(joinText(chunks.map((chunk) => chunk.choices[0].text))),
    readStreamStopReason: (chunks) => chunks.at(-1)?.choices[0].stop_reason,
    stopReasons: { end: 'stop', maxTokens: 'length', stopSequence: 'stop' },
  },
];
