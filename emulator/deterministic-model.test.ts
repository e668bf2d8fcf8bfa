import { beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS } from './count-input-tokens.js';
import { generateReply, type ReplySettings } from './deterministic-model.js';
import { parseDirectives } from './directives.js';
import type { ModelInput } from './model-input.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';
import type { Tokenizer } from './tokenizers/tokenizer.js';

const MODEL_ID = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

let tokenizer: Tokenizer;
beforeAll(async () => {
  tokenizer = await loadFamilyTokenizer('anthropic');
});

function settingsFor(prompt: string, overrides: Partial<ReplySettings> = {}): ReplySettings {
  return {
    modelId: MODEL_ID,
    seed: 0,
    directives: parseDirectives(prompt),
    defaultMaxTokens: 4096,
    family: 'anthropic',
    tokenizer,
    ...overrides,
  };
}

function inputFor(prompt: string, overrides: Partial<ModelInput> = {}): ModelInput {
  return { prompt, stopSequences: [], tools: [], ...overrides };
}

describe('generateReply', () => {
  it('gives the same text for the same prompt, model and seed', () => {
    // Act
    const first = generateReply(inputFor('Tell me a story'), settingsFor('Tell me a story'));
    const second = generateReply(inputFor('Tell me a story'), settingsFor('Tell me a story'));

    // Assess
    expect(second.text).toBe(first.text);
  });

  it('gives a different text for another seed, prompt or model', () => {
    // Prepare
    const base = generateReply(inputFor('Tell me a story'), settingsFor('Tell me a story')).text;

    // Act
    const otherSeed = generateReply(
      inputFor('Tell me a story'),
      settingsFor('Tell me a story', { seed: 1 }),
    ).text;
    const otherPrompt = generateReply(inputFor('Tell me a tale'), settingsFor('Tell me a tale')).text;
    const otherModel = generateReply(
      inputFor('Tell me a story'),
      settingsFor('Tell me a story', { modelId: 'amazon.nova-lite-v1:0' }),
    ).text;

    // Assess
    expect(otherSeed).not.toBe(base);
    expect(otherPrompt).not.toBe(base);
    expect(otherModel).not.toBe(base);
  });

  it('replies with 20 to 60 tokens by default, naming the model', () => {
    // Act
    const lengths = Array.from({ length: 30 }, (_, index) => {
      const prompt = `Question number ${index}`;
      return generateReply(inputFor(prompt), settingsFor(prompt));
    });

    // Assess
    for (const reply of lengths) {
      expect(reply.outputTokens).toBeGreaterThanOrEqual(20);
      expect(reply.outputTokens).toBeLessThanOrEqual(60);
      expect(reply.text.startsWith(`Emulated reply from ${MODEL_ID}: `)).toBe(true);
      expect(reply.stopReason).toBe('end_turn');
    }
  });

  it('replies with exactly N tokens for tokens=N', () => {
    // Act
    const reply = generateReply(
      inputFor('x [[emulator:tokens=333]]'),
      settingsFor('x [[emulator:tokens=333]]'),
    );

    // Assess
    expect(reply.outputTokens).toBe(333);
    expect(tokenizer.countTokens(reply.text)).toBe(333);
    expect(reply.stopReason).toBe('end_turn');
  });

  it("counts the prompt's input tokens with the family's tokenizer", () => {
    // Prepare
    const prompt = '東京タワーに行きましょう。';

    // Act
    const reply = generateReply(inputFor(prompt), settingsFor(prompt));

    // Assess
    expect(reply.inputTokens).toBe(tokenizer.countTokens(prompt));
    expect(reply.inputTokens).toBeGreaterThanOrEqual([...prompt].length);
  });

  it("adds the tool definitions and Claude's tool-use system prompt to the input tokens", () => {
    // Prepare
    const tools = [{ name: 'get_weather', description: 'Weather now', inputSchema: { type: 'object' } }];
    const definition = '{"name":"get_weather","description":"Weather now","input_schema":{"type":"object"}}';

    // Act
    const auto = generateReply(inputFor('Hi', { tools }), settingsFor('Hi'));
    const forced = generateReply(inputFor('Hi', { tools, toolChoice: { type: 'any' } }), settingsFor('Hi'));

    // Assess
    const withoutSystemPrompt = tokenizer.countTokens('Hi') + tokenizer.countTokens(definition);
    expect(auto.inputTokens).toBe(withoutSystemPrompt + CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS.auto);
    expect(forced.inputTokens).toBe(withoutSystemPrompt + CLAUDE_TOOL_USE_SYSTEM_PROMPT_TOKENS.forced);
  });

  it('never reports more output tokens than max tokens, even mid-character', () => {
    // Prepare: rare ideographs take several byte tokens each.
    const prompt = '𠀋𠀌𠀍𠀎𠀏 [[emulator:echo]]';

    // Act
    const replies = [1, 2, 3, 5, 8].map((maxTokens) =>
      generateReply(inputFor(prompt, { maxTokens }), settingsFor(prompt)),
    );

    // Assess
    replies.forEach((reply, index) => {
      expect(reply.outputTokens).toBeLessThanOrEqual([1, 2, 3, 5, 8][index]!);
      expect(prompt.startsWith(reply.text)).toBe(true);
    });
  });

  it('cuts at max tokens before a stop sequence further on', () => {
    // Prepare
    const prompt = 'a b c d e f STOP [[emulator:echo]]';

    // Act
    const reply = generateReply(
      inputFor(prompt, { maxTokens: 3, stopSequences: ['STOP'] }),
      settingsFor(prompt),
    );

    // Assess
    expect(reply).toMatchObject({ text: 'a b c', stopReason: 'max_tokens', outputTokens: 3 });
  });

  it('cuts at the earliest of several stop sequences', () => {
    // Prepare
    const prompt = 'a LATE b EARLY c [[emulator:echo]]';

    // Act
    const reply = generateReply(inputFor(prompt, { stopSequences: ['EARLY', 'LATE'] }), settingsFor(prompt));

    // Assess
    expect(reply).toMatchObject({ text: 'a ', stopReason: 'stop_sequence', stopSequence: 'LATE' });
  });

  it('uses the default cap when the request sets none', () => {
    // Prepare
    const prompt = '[[emulator:tokens=100]]';

    // Act
    const reply = generateReply(inputFor(prompt), settingsFor(prompt, { defaultMaxTokens: 10 }));

    // Assess
    expect(reply).toMatchObject({ outputTokens: 10, stopReason: 'max_tokens' });
  });

  it('calls the tool named by tool= when the request offers it', () => {
    // Prepare
    const prompt = 'Weather? [[emulator:tool=get_weather]]';
    const tools = [
      {
        name: 'get_weather',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];

    // Act
    const reply = generateReply(inputFor(prompt, { tools }), settingsFor(prompt));

    // Assess
    expect(reply.stopReason).toBe('tool_use');
    expect(reply.toolCall).toMatchObject({
      id: expect.stringMatching(/^tooluse_/),
      name: 'get_weather',
      input: { city: expect.any(String) },
    });
    expect(reply.text).toBe('');
  });

  it('answers in text when the named tool is not offered', () => {
    // Prepare
    const prompt = 'Weather? [[emulator:tool=get_weather]]';

    // Act
    const reply = generateReply(inputFor(prompt), settingsFor(prompt));

    // Assess
    expect(reply.toolCall).toBeUndefined();
    expect(reply.stopReason).toBe('end_turn');
  });

  it('calls the tool a tool choice forces, even without a directive', () => {
    // Prepare
    const tools = [
      { name: 'first', inputSchema: { type: 'object' } },
      { name: 'second', inputSchema: { type: 'object' } },
    ];

    // Act
    const forced = generateReply(
      inputFor('Hi', { tools, toolChoice: { type: 'tool', name: 'second' } }),
      settingsFor('Hi'),
    );
    const any = generateReply(inputFor('Hi', { tools, toolChoice: { type: 'any' } }), settingsFor('Hi'));

    // Assess
    expect(forced.toolCall?.name).toBe('second');
    expect(any.toolCall?.name).toBe('first');
  });

  it('answers a tool result in text that quotes it', () => {
    // Prepare
    const prompt = 'Weather? [[emulator:tool=get_weather]]';
    const tools = [{ name: 'get_weather', inputSchema: { type: 'object' } }];

    // Act
    const reply = generateReply(
      inputFor(prompt, { tools, toolResultText: '21 degrees' }),
      settingsFor(prompt),
    );

    // Assess
    expect(reply.toolCall).toBeUndefined();
    expect(reply.text).toContain('to the tool result: 21 degrees');
  });
});
