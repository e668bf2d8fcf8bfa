import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../generate-request.js';
import { promptRequest, userText, weatherTool } from './__fixtures__/canonical-builders.js';
import { resolveToolConfiguration } from './resolve-tool-configuration.js';

const toolHistory: GenerateRequest['messages'] = [
  userText('Weather in Paris?'),
  {
    role: 'assistant',
    content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: {} }],
  },
  { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: 'sunny' }] },
];

describe('resolveToolConfiguration', () => {
  it('returns nothing when the request has no tools', () => {
    expect(resolveToolConfiguration(promptRequest('hi'))).toBeUndefined();
  });

  it('returns the tools without a choice when none was given', () => {
    expect(resolveToolConfiguration(promptRequest('hi', { tools: [weatherTool] }))).toEqual({
      tools: [weatherTool],
    });
  });

  it('keeps an explicit tool choice', () => {
    // Act
    const configuration = resolveToolConfiguration(
      promptRequest('hi', { tools: [weatherTool], toolChoice: { type: 'tool', name: 'get_weather' } }),
    );

    // Assess
    expect(configuration).toEqual({
      tools: [weatherTool],
      toolChoice: { type: 'tool', name: 'get_weather' },
    });
  });

  it("drops the tools for tool_choice 'none' when the history has no tool parts", () => {
    expect(
      resolveToolConfiguration(promptRequest('hi', { tools: [weatherTool], toolChoice: { type: 'none' } })),
    ).toBeUndefined();
  });

  it("keeps the tools but drops the choice for tool_choice 'none' when the history has tool parts", () => {
    // Prepare
    const request: GenerateRequest = {
      messages: toolHistory,
      maxTokens: 100,
      tools: [weatherTool],
      toolChoice: { type: 'none' },
    };

    // Act
    const configuration = resolveToolConfiguration(request);

    // Assess
    expect(configuration).toEqual({ tools: [weatherTool] });
  });

  it('rejects a tool choice that needs tools when there are none', () => {
    expect(() => resolveToolConfiguration(promptRequest('hi', { toolChoice: { type: 'any' } }))).toThrow(
      expect.objectContaining({ code: 'invalid_tool_choice', param: 'tool_choice' }),
    );
  });

  it('rejects a tool choice naming a tool that is not defined', () => {
    expect(() =>
      resolveToolConfiguration(
        promptRequest('hi', { tools: [weatherTool], toolChoice: { type: 'tool', name: 'get_time' } }),
      ),
    ).toThrow("'tool_choice' names 'get_time', which is not in 'tools'.");
  });
});
