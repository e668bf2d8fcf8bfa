import { describe, expect, it } from 'vitest';
import {
  assistantText,
  promptRequest,
  userText,
  weatherTool,
} from '../codecs/__fixtures__/canonical-builders.js';
import { InvalidRequestError } from '../errors.js';
import type { GenerateRequest } from '../generate-request.js';
import converseRequest from './__fixtures__/request.json' with { type: 'json' };
import { convertToConverseRequest } from './convert-to-converse-request.js';

const canonicalRequest: GenerateRequest = {
  system: 'You are a weather assistant.',
  messages: [
    userText('What is the weather in Paris?'),
    userText('Answer in one line.'),
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', toolCallId: 'tooluse_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    {
      role: 'user',
      content: [{ type: 'tool-result', toolCallId: 'tooluse_01', content: 'station offline', isError: true }],
    },
  ],
  maxTokens: 1024,
  temperature: 0.2,
  topP: 0.8,
  stopSequences: ['END'],
  tools: [weatherTool],
  toolChoice: { type: 'tool', name: 'get_weather' },
};

const toolHistory: GenerateRequest['messages'] = canonicalRequest.messages;

describe('convertToConverseRequest', () => {
  it('writes the fixture body: merged user turns, toolUse and error toolResult blocks, inferenceConfig, toolConfig', () => {
    expect(convertToConverseRequest(canonicalRequest)).toEqual(converseRequest);
  });

  it('writes only messages and maxTokens for a bare prompt', () => {
    expect(convertToConverseRequest(promptRequest('hi'))).toStrictEqual({
      messages: [{ role: 'user', content: [{ text: 'hi' }] }],
      inferenceConfig: { maxTokens: 100 },
    });
  });

  it('leaves status out of a successful tool result', () => {
    // Prepare
    const request: GenerateRequest = {
      messages: [
        ...toolHistory.slice(0, 3),
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'tooluse_01', content: '18°C' }] },
      ],
      maxTokens: 10,
      tools: [weatherTool],
    };

    // Act
    const body = convertToConverseRequest(request);

    // Assess
    expect(body.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ toolResult: { toolUseId: 'tooluse_01', content: [{ text: '18°C' }] } }],
    });
  });

  it.each([
    [{ type: 'auto' } as const, { auto: {} }],
    [{ type: 'any' } as const, { any: {} }],
  ])('writes tool choice %j as %j', (toolChoice, expected) => {
    const body = convertToConverseRequest(promptRequest('hi', { tools: [weatherTool], toolChoice }));
    expect(body.toolConfig?.toolChoice).toEqual(expected);
  });

  it("omits toolConfig for tool_choice 'none' without tool parts in the history", () => {
    const body = convertToConverseRequest(
      promptRequest('hi', { tools: [weatherTool], toolChoice: { type: 'none' } }),
    );
    expect(body).not.toHaveProperty('toolConfig');
  });

  it("keeps the tools but drops toolChoice for tool_choice 'none' with tool parts in the history", () => {
    // Act
    const body = convertToConverseRequest({ ...canonicalRequest, toolChoice: { type: 'none' } });

    // Assess
    expect(body.toolConfig).toEqual({ tools: converseRequest.toolConfig.tools });
  });

  it('moves the system prompt into the first user turn when asked to inline it', () => {
    // Act
    const body = convertToConverseRequest(
      { system: 'Be brief.', messages: [userText('hi'), assistantText('yo'), userText('bye')], maxTokens: 5 },
      { inlineSystemPrompt: true },
    );

    // Assess
    expect(body).not.toHaveProperty('system');
    expect(body.messages[0]).toEqual({ role: 'user', content: [{ text: 'Be brief.' }, { text: 'hi' }] });
    expect(body.messages[2]).toEqual({ role: 'user', content: [{ text: 'bye' }] });
  });

  it('rejects an empty conversation with invalid_conversation on messages', () => {
    // Act
    const act = () => convertToConverseRequest({ messages: [], maxTokens: 5 });

    // Assess
    expect(act).toThrow(InvalidRequestError);
    expect(act).toThrow(expect.objectContaining({ code: 'invalid_conversation', param: 'messages' }));
  });

  it('rejects a conversation that starts with an assistant turn', () => {
    expect(() =>
      convertToConverseRequest({ messages: [assistantText('hello'), userText('hi')], maxTokens: 5 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_conversation', param: 'messages' }));
  });
});
