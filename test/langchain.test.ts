import { type AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startStack, type TestStack } from './support/start-stack.js';

/** LangChain's `ChatOpenAI` (chat completions) pointed at the gateway, as its users configure it. */

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

function chatModel(model: string, fields: Record<string, unknown> = {}): ChatOpenAI {
  return new ChatOpenAI({
    model,
    apiKey: stack.key!,
    configuration: { baseURL: `${stack.url}/v1` },
    maxRetries: 0,
    ...fields,
  });
}

const getWeather = tool(async ({ city }) => `Sunny in ${city}, 21 degrees`, {
  name: 'get_weather',
  description: 'Current weather for a city.',
  schema: z.object({ city: z.string() }),
});

describe('LangChain ChatOpenAI against the gateway', () => {
  it('runs a bindTools loop: the tool call, the ToolMessage (which carries name) sent back, the answer', async () => {
    // Prepare
    const model = chatModel('claude-haiku').bindTools([getWeather]);
    const messages = [new HumanMessage('What is the weather in Paris? [[emulator:tool=get_weather]]')];

    // Act: the model asks for the tool.
    const called = (await model.invoke(messages)) as AIMessage;

    // Assess
    expect(called.tool_calls).toHaveLength(1);
    const call = called.tool_calls![0]!;
    expect(call.name).toBe('get_weather');
    expect(call.args).toEqual({ city: expect.any(String) });

    // Act: LangChain runs the tool; its ToolMessage names the tool, which the gateway accepts.
    const result = (await getWeather.invoke(call)) as ToolMessage;
    expect(result).toBeInstanceOf(ToolMessage);
    expect(result.name).toBe('get_weather');
    const answer = await model.invoke([...messages, called, result]);

    // Assess
    expect(answer.tool_calls ?? []).toHaveLength(0);
    expect(answer.content).toContain(`Sunny in ${call.args.city}, 21 degrees`);
    expect(answer.response_metadata.finish_reason).toBe('stop');
  });

  it('streams a bindTools call that LangChain reassembles from the chunks', async () => {
    // Prepare: `.stream()`, since `invoke` with `streaming: true` estimates tokens with tiktoken encodings
    // that LangChain downloads, and tests reach nothing beyond loopback.
    const model = chatModel('claude-haiku').bindTools([getWeather]);

    // Act
    let called: AIMessageChunk | undefined;
    for await (const chunk of await model.stream([
      new HumanMessage('Weather in Oslo? [[emulator:tool=get_weather]]'),
    ])) {
      called = called ? called.concat(chunk) : chunk;
    }

    // Assess
    expect(called!.tool_calls?.[0]).toMatchObject({
      name: 'get_weather',
      args: { city: expect.any(String) },
    });
    expect(called!.usage_metadata?.output_tokens).toBeGreaterThan(0);
  });

  it('returns an object of the zod schema with withStructuredOutput', async () => {
    // Prepare
    const Person = z.object({
      name: z.string().describe('Full name'),
      age: z.number().int(),
      email: z.string(),
    });
    const model = chatModel('nova-micro').withStructuredOutput(Person, { name: 'person' });

    // Act
    const person = await model.invoke('Describe a person.');

    // Assess
    expect(Person.parse(person)).toEqual(person);
  });

  it('returns the raw message with its usage beside the parsed object (includeRaw)', async () => {
    // Prepare
    const Answer = z.object({ answer: z.string(), confidence: z.number() });
    const model = chatModel('nova-micro').withStructuredOutput(Answer, { name: 'answer', includeRaw: true });

    // Act
    const { raw, parsed } = await model.invoke('How tall is the tower?');

    // Assess
    expect(Answer.parse(parsed)).toEqual(parsed);
    expect(JSON.parse(raw.content as string)).toEqual(parsed);
    expect((raw as AIMessage).usage_metadata?.input_tokens).toBeGreaterThan(0);
  });

  it('returns reasoning_content in additional_kwargs for reasoning models', async () => {
    // Prepare: LangChain sends its `reasoning` option only for OpenAI's reasoning models, so the field goes
    // in modelKwargs for Claude.
    const model = chatModel('claude-haiku', { modelKwargs: { reasoning_effort: 'low' } });

    // Act
    const message = await model.invoke('What is 17 times 23?');

    // Assess
    expect(message.additional_kwargs.reasoning_content).toEqual(expect.stringMatching(/\S/));
    expect(message.usage_metadata?.output_token_details?.reasoning).toBeGreaterThan(0);
  });
});
