import {
  ConverseCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from './create-emulator.js';
import {
  invokeJson,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from './testing/start-test-emulator.js';

const APPLICATION_PROFILE =
  'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
const END_OF_LIFE =
  'This model version has reached the end of its life. Please refer to the AWS documentation for more details.';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator({
    applicationInferenceProfiles: {
      [APPLICATION_PROFILE]: 'us.anthropic.claude-opus-4-8',
      legacy42: 'anthropic.claude-3-haiku-20240307-v1:0',
    },
  });
});
afterAll(() => running.close());

function converse(modelId: string, transport: 'http2' | 'http1' = 'http2') {
  return running.clients[transport]
    .send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }))
    .catch((caught: unknown) => caught);
}

describe.each(TRANSPORTS)('model ids over %s', (transport) => {
  it.each([
    ['a known provider prefix with an unknown model', 'anthropic.nope-v9'],
    ['an id of no provider', 'acme.model-v1'],
    ['a friendly name', 'claude-sonnet-4-6'],
    ['a profile prefix the model has no profile for', 'apac.anthropic.claude-opus-4-8'],
    ['a bare application-profile id', 'a1b2c3d4e5f6'],
    ['an application profile the emulator was not given', APPLICATION_PROFILE.replace('a1b2', 'ffff')],
  ])('refuses %s as an invalid identifier', async (_case, modelId) => {
    // Act
    const error = await converse(modelId, transport);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    expect((error as Error).message).toBe('The provided model identifier is invalid.');
  });

  it('refuses a base id that needs a profile, with the curly apostrophe real bodies carry', async () => {
    // Act
    const error = await converse('anthropic.claude-opus-4-8', transport);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe(
      'Invocation of model ID anthropic.claude-opus-4-8 with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
    );
  });

  it.each([
    ['its base id', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
    ['a profile it had', 'us.anthropic.claude-3-haiku-20240307-v1:0'],
    ['its ARN', 'arn:aws:bedrock:us-east-1::foundation-model/cohere.command-r-v1:0'],
    [
      'an application profile wrapping it',
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/legacy42',
    ],
  ])('answers a model past its end of life, called by %s, with the 404', async (_case, modelId) => {
    // Act
    const error = await converse(modelId, transport);

    // Assess
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as Error).message).toBe(END_OF_LIFE);
  });

  it("answers the seeds' Titan Text G1 - Express with the 404, its own native body included", async () => {
    // Act
    const error = await invokeJson(running.clients[transport], 'amazon.titan-text-express-v1', {
      inputText: 'Hello',
      textGenerationConfig: { maxTokenCount: 50 },
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as Error).message).toBe(END_OF_LIFE);
  });
});

describe('model ids that answer', () => {
  it.each([
    ['a system profile', 'global.anthropic.claude-sonnet-4-6'],
    [
      'a profile ARN',
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-opus-4-8',
    ],
    ['a base id served on demand', 'amazon.nova-micro-v1:0'],
    [
      'a foundation-model ARN served on demand',
      'arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-oss-20b-1:0',
    ],
    ['an application profile the emulator was given', APPLICATION_PROFILE],
  ])('answers %s', async (_case, modelId) => {
    // Act
    const response = await running.clients.http2.send(
      new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }),
    );

    // Assess
    expect(response.stopReason).toBe('end_turn');
  });

  it('names an application profile by its ARN in the reply, since it has no other name', async () => {
    // Act
    const response = await invokeJson(running.clients.http1, APPLICATION_PROFILE, {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
    });

    // Assess
    expect((response.content as Array<{ text: string }>)[0]?.text).toContain(
      `Emulated reply from ${APPLICATION_PROFILE}:`,
    );
  });

  it("refuses an id outside the modelId pattern in the Smithy layer's words", async () => {
    // Act
    const error = await converse('claude sonnet');

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(
      /^1 validation error detected: Value 'claude sonnet' at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern: \(arn:aws/,
    );
  });
});

describe('application profile options', () => {
  it('refuses at creation a profile that wraps a model the catalogue does not know', () => {
    expect(() => createEmulator({ applicationInferenceProfiles: { abc: 'anthropic.nope-v9' } })).toThrow(
      /applicationInferenceProfiles\['abc'\] wraps 'anthropic.nope-v9'/,
    );
  });

  it('refuses at creation a key that is no application-profile ARN', () => {
    expect(() =>
      createEmulator({
        applicationInferenceProfiles: {
          'arn:aws:bedrock:us-east-1:1:foundation-model/x': 'amazon.nova-micro-v1:0',
        },
      }),
    ).toThrow(/neither an application-inference-profile ARN nor a bare profile id/);
  });
});
