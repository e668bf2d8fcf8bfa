import * as bedrock from '@aws-sdk/client-bedrock-runtime';
import { ConverseCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDirectives, selectFailure } from './directives.js';
import { BedrockExceptionError, EXCEPTION_NAMES, EXCEPTION_STATUS } from './errors.js';
import { startTestEmulator, type TestEmulator } from './testing/start-test-emulator.js';

describe('parseDirectives', () => {
  it('reads every directive, several per text', () => {
    // Act
    const directives = parseDirectives(
      'a [[emulator:echo]] b [[emulator:tokens=12]] [[emulator:delay_ms=5]] [[emulator:seed=7]] [[emulator:tool=get_weather]] [[emulator:cut_after=3]]',
    );

    // Assess
    expect(directives).toEqual({
      echo: true,
      redactReasoning: false,
      tokens: 12,
      delayMs: 5,
      seed: 7,
      tool: 'get_weather',
      cutAfter: { afterChunks: 3, exceptionName: 'ModelStreamErrorException' },
      fail: [],
    });
  });

  it('finds nothing in plain text', () => {
    expect(parseDirectives('Just [[a question]] [emulator:echo]')).toEqual({
      echo: false,
      fail: [],
      redactReasoning: false,
    });
  });

  it('reads a cut_after exception in camelCase or PascalCase', () => {
    expect(parseDirectives('[[emulator:cut_after=2:throttlingException]]').cutAfter).toEqual({
      afterChunks: 2,
      exceptionName: 'ThrottlingException',
    });
    expect(parseDirectives('[[emulator:cut_after=0:ModelTimeoutException]]').cutAfter?.exceptionName).toBe(
      'ModelTimeoutException',
    );
  });

  it('keeps every fail directive and applies the first whose model filter matches', () => {
    // Prepare
    const directives = parseDirectives(
      '[[emulator:fail=ThrottlingException@sonnet]] [[emulator:fail=ModelTimeoutException@haiku]]',
    );

    // Act
    const forSonnet = selectFailure(directives, 'us.anthropic.claude-sonnet-4-6');
    const forHaiku = selectFailure(directives, 'us.anthropic.claude-haiku-4-5-20251001-v1:0');
    const forNova = selectFailure(directives, 'amazon.nova-micro-v1:0');

    // Assess
    expect(forSonnet?.exceptionName).toBe('ThrottlingException');
    expect(forHaiku?.exceptionName).toBe('ModelTimeoutException');
    expect(forNova).toBeUndefined();
  });

  it.each([
    ['[[emulator:tokns=5]]', 'Unknown emulator directive [[emulator:tokns]]'],
    ['[[emulator:tokens=many]]', 'needs a whole number'],
    ['[[emulator:tokens]]', 'needs a value'],
    ['[[emulator:fail=TeapotException]]', "Unknown exception name 'TeapotException'"],
    ['[[emulator:cut_after=1:accessDeniedException]]', 'cut_after cannot send AccessDeniedException'],
  ])('refuses %s with a ValidationException', (text, message) => {
    // Act
    const act = () => parseDirectives(text);

    // Assess
    expect(act).toThrow(BedrockExceptionError);
    expect(act).toThrow(message);
  });
});

describe('directives through the SDK', () => {
  let running: TestEmulator;
  beforeAll(async () => {
    running = await startTestEmulator();
  });
  afterAll(() => running.close());

  const converse = (modelId: string, text: string) =>
    running.clients.http2.send(
      new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] }),
    );

  it.each(EXCEPTION_NAMES)('fail=%s arrives as the SDK exception class with its status', async (name) => {
    // Act
    const error = await converse('amazon.nova-micro-v1:0', `Hi [[emulator:fail=${name}]]`).catch(
      (caught: unknown) => caught,
    );

    // Assess
    const exceptionClass = (bedrock as unknown as Record<string, new (...args: never[]) => Error>)[name];
    expect(exceptionClass).toBeDefined();
    expect(error).toBeInstanceOf(exceptionClass!);
    expect((error as Error).name).toBe(name);
    expect((error as bedrock.BedrockRuntimeServiceException).$metadata.httpStatusCode).toBe(
      EXCEPTION_STATUS[name],
    );
  });

  it('fail=Name@text fails the primary model and leaves the fallback healthy', async () => {
    // Prepare
    const prompt = 'Hi [[emulator:fail=ServiceUnavailableException@sonnet]]';

    // Act
    const primary = await converse('us.anthropic.claude-sonnet-4-6', prompt).catch(
      (caught: unknown) => caught,
    );
    const fallback = await converse('us.anthropic.claude-haiku-4-5-20251001-v1:0', prompt);

    // Assess
    expect(primary).toBeInstanceOf(bedrock.ServiceUnavailableException);
    expect(fallback.stopReason).toBe('end_turn');
  });

  it('adds the model error fields Bedrock sends with a ModelErrorException', async () => {
    // Act
    const error = (await converse('amazon.nova-micro-v1:0', '[[emulator:fail=ModelErrorException]]').catch(
      (caught: unknown) => caught,
    )) as bedrock.ModelErrorException;

    // Assess
    expect(error.originalStatusCode).toBe(500);
    expect(error.resourceName).toBe('amazon.nova-micro-v1:0');
  });

  it('answers an unknown directive with a ValidationException', async () => {
    // Act
    const error = await converse('amazon.nova-micro-v1:0', '[[emulator:explode]]').catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain('Unknown emulator directive [[emulator:explode]]');
  });

  it('waits delay_ms before a reply that is not streamed', async () => {
    // Prepare
    const startedAt = performance.now();

    // Act
    await converse('amazon.nova-micro-v1:0', 'Slow [[emulator:delay_ms=120]]');

    // Assess
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(115);
  });

  it('finds directives in the system prompt too', async () => {
    // Act
    const response = await running.clients.http2.send(
      new ConverseCommand({
        modelId: 'amazon.nova-micro-v1:0',
        system: [{ text: '[[emulator:tokens=4]]' }],
        messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
      }),
    );

    // Assess
    expect(response.usage?.outputTokens).toBe(4);
  });
});
