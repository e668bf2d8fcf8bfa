import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from './generate-request.js';
import {
  boundPromptTokens,
  boundTextTokens,
  describePromptParts,
  estimatePromptTokens,
  estimateTextTokens,
  PROMPT_BOUND_OVERHEADS,
  type PromptShape,
} from './prompt-tokens.js';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Deterministic strings that mix every class of character the estimate weighs. */
function generateMixedStrings(count: number): string[] {
  let state = 7;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  const ranges: ReadonlyArray<readonly [number, number]> = [
    [0x00, 0x7f],
    [0x80, 0x7ff],
    [0x300, 0x36f],
    [0x3040, 0x30ff],
    [0x4e00, 0x9fff],
    [0xac00, 0xd7af],
    [0xd800, 0xdfff],
    [0xfb00, 0xfdff],
    [0xff00, 0xffef],
    [0x1f300, 0x1faff],
    [0x20000, 0x2a6df],
  ];
  return Array.from({ length: count }, () => {
    let text = '';
    const length = next() % 200;
    for (let index = 0; index < length; index++) {
      const [low, high] = ranges[next() % ranges.length]!;
      const code = low + (next() % (high - low + 1));
      text += code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code);
    }
    return text;
  });
}

describe('boundTextTokens', () => {
  it('is the UTF-8 length plus one dummy-prefix token', () => {
    expect(boundTextTokens('')).toBe(0);
    expect(boundTextTokens('hello')).toBe(6);
    expect(boundTextTokens('日本語')).toBe(10);
    expect(boundTextTokens('👍')).toBe(5);
  });

  it('counts a lone surrogate as the three-byte replacement character it becomes', () => {
    expect(boundTextTokens('\ud800')).toBe(4);
    expect(boundTextTokens('a\udc00b')).toBe(6);
  });

  it('takes the NFKC form when normalizing lengthens the text', () => {
    // Prepare: U+FDFA, one character of 3 bytes, is 18 characters after NFKC.
    const ligature = '\ufdfa';

    // Act
    const bound = boundTextTokens(ligature);

    // Assess
    expect(bound).toBe(utf8(ligature.normalize('NFKC')) + 1);
    expect(bound).toBeGreaterThan(utf8(ligature) + 1);
  });

  it('takes the NFC form when composition exclusions lengthen the text', () => {
    // Prepare: U+0958 decomposes under NFC into two characters of 3 bytes.
    const excluded = '\u0958';

    // Act & Assess
    expect(boundTextTokens(excluded)).toBe(utf8(excluded.normalize('NFC')) + 1);
    expect(boundTextTokens(excluded)).toBe(7);
  });

  it('is never below the UTF-8 length of any normal form', () => {
    for (const text of generateMixedStrings(300)) {
      const longest = Math.max(utf8(text), utf8(text.normalize('NFC')), utf8(text.normalize('NFKC')));
      expect(boundTextTokens(text)).toBe(text === '' ? 0 : longest + 1);
    }
  });
});

describe('estimateTextTokens', () => {
  it('counts about one token per CJK ideograph, kana or Hangul syllable', () => {
    expect(estimateTextTokens('東京タワーに行きましょう')).toBe(12);
    expect(estimateTextTokens('안녕하세요')).toBe(5);
    expect(estimateTextTokens('我们走吧')).toBe(4);
  });

  it('counts English at about five characters a token', () => {
    // Prepare
    const sentence = 'The committee reviewed the quarterly budget and approved the new spending plan.';

    // Act
    const estimate = estimateTextTokens(sentence);

    // Assess
    expect(estimate).toBeGreaterThanOrEqual(Math.floor(sentence.length / 6));
    expect(estimate).toBeLessThanOrEqual(Math.ceil(sentence.length / 4));
  });

  it('counts several tokens per emoji and more per character for code than for prose', () => {
    // Prepare
    const prose = 'the quick brown fox jumps over the lazy dog';
    const code = 'if(x){y[i]=z.map((a)=>a*2);}';

    // Act & Assess
    expect(estimateTextTokens('👍')).toBeGreaterThanOrEqual(2);
    expect(estimateTextTokens(code) / code.length).toBeGreaterThan(estimateTextTokens(prose) / prose.length);
  });

  it('never exceeds the strict bound', () => {
    for (const text of generateMixedStrings(300)) {
      expect(estimateTextTokens(text)).toBeLessThanOrEqual(boundTextTokens(text));
    }
  });
});

describe('boundPromptTokens', () => {
  it('adds the request, message and part overheads to the bounds of the parts', () => {
    // Prepare
    const prompt: PromptShape = {
      parts: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'こんにちは' },
        { type: 'tool-result', text: 'id 21°C' },
      ],
      messageCount: 3,
    };

    // Act
    const bound = boundPromptTokens(prompt);

    // Assess
    const { request, message, text, toolBlock } = PROMPT_BOUND_OVERHEADS;
    const parts = boundTextTokens('Be brief.') + boundTextTokens('こんにちは') + boundTextTokens('id 21°C');
    expect(bound).toBe(request + 3 * message + 2 * text + toolBlock + parts);
  });

  it('adds the tool-use system prompt once, whatever the number of tools', () => {
    // Prepare
    const tool = { type: 'tool-definition' as const, text: '{"name":"a"}' };
    const withoutTools: PromptShape = { parts: [{ type: 'text', text: 'Hi' }], messageCount: 1 };
    const withTwoTools: PromptShape = { parts: [...withoutTools.parts, tool, tool], messageCount: 1 };

    // Act
    const difference = boundPromptTokens(withTwoTools) - boundPromptTokens(withoutTools);

    // Assess
    const { toolDefinition, toolUseSystemPrompt } = PROMPT_BOUND_OVERHEADS;
    expect(difference).toBe(2 * (boundTextTokens(tool.text) + toolDefinition) + toolUseSystemPrompt);
  });

  it('covers the largest tool-use system prompt Anthropic documents (804 tokens)', () => {
    expect(PROMPT_BOUND_OVERHEADS.toolUseSystemPrompt).toBeGreaterThanOrEqual(804);
  });

  it('is above the typical estimate', () => {
    // Prepare
    const prompt: PromptShape = {
      parts: generateMixedStrings(20).map((text) => ({ type: 'text' as const, text })),
      messageCount: 20,
    };

    // Act & Assess
    expect(estimatePromptTokens(prompt)).toBeLessThan(boundPromptTokens(prompt));
  });
});

describe('describePromptParts', () => {
  const request: GenerateRequest = {
    system: 'You are terse.',
    messages: [
      { role: 'user', content: [{ type: 'text', text: '東京の天気は？' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: { city: '東京' } }],
      },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: '晴れ 21°C' }] },
    ],
    maxTokens: 100,
    tools: [{ name: 'weather', description: 'The weather now', inputSchema: { type: 'object' } }],
  };

  it('lists every text the model reads, the system prompt counting as a turn', () => {
    // Act
    const prompt = describePromptParts(request);

    // Assess
    expect(prompt.messageCount).toBe(4);
    expect(prompt.parts).toEqual([
      { type: 'text', text: 'You are terse.' },
      { type: 'text', text: '東京の天気は？' },
      { type: 'tool-call', text: '{"id":"call_1","name":"weather","input":{"city":"東京"}}' },
      { type: 'tool-result', text: 'call_1 晴れ 21°C' },
      {
        type: 'tool-definition',
        text: '{"name":"weather","description":"The weather now","inputSchema":{"type":"object"}}',
      },
    ]);
  });

  it('counts no system turn when there is no system prompt', () => {
    // Act
    const prompt = describePromptParts({ ...request, system: undefined, tools: undefined });

    // Assess
    expect(prompt.messageCount).toBe(3);
    expect(prompt.parts.map((part) => part.type)).toEqual(['text', 'tool-call', 'tool-result']);
  });
});
