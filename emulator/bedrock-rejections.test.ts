import {
  AccessDeniedException,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  InvokeModelCommand,
  type InvokeModelCommandInput,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './testing/start-test-emulator.js';

/*
 * Each request here is one that Bedrock refuses and the emulator used to accept (issue 13). The expected messages
 * are Bedrock's, as collected in /work/notes/bedrock-validation.md (section in each test name's comment).
 */

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

const PREFIX = 'The model returned the following errors: ';
const userTurn = (text: string) => ({ role: 'user' as const, content: [{ text }] });
const weatherTool = {
  toolSpec: {
    name: 'get_weather',
    description: 'The weather in a city',
    inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
  },
};

async function expectRefusal(
  call: Promise<unknown>,
  exception: typeof ValidationException | typeof AccessDeniedException,
  message: string,
) {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(exception);
  expect((error as Error).message).toBe(message);
}

function converse(input: Omit<ConverseCommandInput, 'messages'> & Partial<ConverseCommandInput>) {
  return running.clients.http2.send(new ConverseCommand({ messages: [userTurn('Hi')], ...input }));
}

function converseStream(input: Omit<ConverseCommandInput, 'messages'>) {
  return running.clients.http1.send(new ConverseStreamCommand({ messages: [userTurn('Hi')], ...input }));
}

function invoke(modelId: string, body: unknown, headers: Partial<InvokeModelCommandInput> = {}) {
  return running.clients.http2.send(
    new InvokeModelCommand({
      modelId,
      body: JSON.stringify(body),
      contentType: 'application/json',
      ...headers,
    }),
  );
}

const claudeBody = (extra: Record<string, unknown> = {}) => ({
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

describe('tool choice', () => {
  // §4: no Bedrock capture; Anthropic's wording (UNCONFIRMED).
  it('refuses a Converse toolChoice naming a tool that is not offered', async () => {
    await expectRefusal(
      converse({
        modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        toolConfig: { tools: [weatherTool], toolChoice: { tool: { name: 'get_time' } } },
      }),
      ValidationException,
      `${PREFIX}Tool 'get_time' not found in provided tools`,
    );
  });

  it('refuses a native tool_choice naming a tool that is not offered, bare', async () => {
    await expectRefusal(
      invoke(
        'us.anthropic.claude-sonnet-4-6',
        claudeBody({
          tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
          tool_choice: { type: 'tool', name: 'get_time' },
        }),
      ),
      ValidationException,
      "Tool 'get_time' not found in provided tools",
    );
  });

  // §5: Bedrock's own sentence for non-Claude models.
  it.each([
    ['gpt-oss', 'openai.gpt-oss-20b-1:0', { tool: { name: 'get_weather' } }, 'tool'],
    ['Llama 4 Maverick', 'us.meta.llama4-maverick-17b-instruct-v1:0', { any: {} }, 'any'],
  ])('refuses a forced toolChoice on %s, which lacks it', async (_name, modelId, toolChoice, member) => {
    await expectRefusal(
      converse({
        modelId,
        toolConfig: { tools: [weatherTool], toolChoice } as ConverseCommandInput['toolConfig'],
      }),
      ValidationException,
      `This model doesn't support the toolConfig.toolChoice.${member} field. Remove toolConfig.toolChoice.${member} and try again.`,
    );
  });

  // §12: the 5.5 models refuse forced tool use in Anthropic's words.
  it('refuses a forced toolChoice on Claude Sonnet 5.5', async () => {
    await expectRefusal(
      converse({
        modelId: 'global.anthropic.claude-sonnet-5-5',
        toolConfig: { tools: [weatherTool], toolChoice: { any: {} } },
      }),
      ValidationException,
      `${PREFIX}tool_choice: type "tool" and "any" are not supported for this model.`,
    );
  });

  // §5
  it('refuses tools on a model without tool use, and on ConverseStream where tools are unstreamed only', async () => {
    await expectRefusal(
      converse({ modelId: 'meta.llama3-8b-instruct-v1:0', toolConfig: { tools: [weatherTool] } }),
      ValidationException,
      "This model doesn't support tool use.",
    );
    await expectRefusal(
      converseStream({ modelId: 'us.meta.llama3-3-70b-instruct-v1:0', toolConfig: { tools: [weatherTool] } }),
      ValidationException,
      "This model doesn't support tool use in streaming mode.",
    );
  });
});

describe('additionalModelRequestFields', () => {
  // §6: each family's validator words the refusal its own way.
  it.each([
    ['Claude', 'us.anthropic.claude-opus-4-8', `${PREFIX}reasoning: Extra inputs are not permitted`],
    [
      'Nova',
      'amazon.nova-lite-v1:0',
      `${PREFIX}Malformed input request: #: extraneous key [reasoning] is not permitted, please reformat your input and try again.`,
    ],
    [
      'Llama',
      'meta.llama3-8b-instruct-v1:0',
      `${PREFIX}Malformed input request: #: extraneous key [reasoning] is not permitted, please reformat your input and try again.`,
    ],
  ])('refuses an unknown key for %s', async (_family, modelId, message) => {
    await expectRefusal(
      converse({ modelId, additionalModelRequestFields: { reasoning: { effort: 'high' } } }),
      ValidationException,
      message,
    );
  });

  it('accepts the keys each family takes', async () => {
    // Act
    const responses = await Promise.all([
      converse({ modelId: 'us.anthropic.claude-sonnet-4-6', additionalModelRequestFields: { top_k: 5 } }),
      converse({
        modelId: 'amazon.nova-lite-v1:0',
        additionalModelRequestFields: { inferenceConfig: { topK: 5 } },
      }),
      converse({
        modelId: 'openai.gpt-oss-120b-1:0',
        additionalModelRequestFields: { reasoning_effort: 'low' },
      }),
    ]);

    // Assess
    expect(responses.map((response) => response.stopReason)).toEqual(['end_turn', 'end_turn', 'end_turn']);
  });
});

describe('max tokens', () => {
  // §7
  it("refuses Converse maxTokens above the model's cap, and takes the cap itself", async () => {
    await expectRefusal(
      converse({ modelId: 'us.anthropic.claude-sonnet-4-6', inferenceConfig: { maxTokens: 64_001 } }),
      ValidationException,
      'The maximum tokens you requested exceeds the model limit of 64000. Try again with a maximum tokens value that is lower than 64000.',
    );
    await expectRefusal(
      converse({ modelId: 'meta.llama3-8b-instruct-v1:0', inferenceConfig: { maxTokens: 4096 } }),
      ValidationException,
      'The maximum tokens you requested exceeds the model limit of 2048. Try again with a maximum tokens value that is lower than 2048.',
    );
    const atCap = await converse({ modelId: 'amazon.nova-pro-v1:0', inferenceConfig: { maxTokens: 10_000 } });
    expect(atCap.stopReason).toBe('end_turn');
  });

  it("refuses a native max-tokens field above the model's cap in the family's words", async () => {
    await expectRefusal(
      invoke('us.anthropic.claude-haiku-4-5-20251001-v1:0', claudeBody({ max_tokens: 70_000 })),
      ValidationException,
      'max_tokens: 70000 > 64000, which is the maximum allowed number of output tokens for us.anthropic.claude-haiku-4-5-20251001-v1:0',
    );
    await expectRefusal(
      invoke('us.meta.llama3-3-70b-instruct-v1:0', { prompt: 'Hi', max_gen_len: 4097 }),
      ValidationException,
      'Malformed input request: #/max_gen_len: 4097 is not less or equal to 4096, please reformat your input and try again.',
    );
  });
});

describe('guardrailConfig', () => {
  // §8: the Smithy patterns, full-matched, pattern quoted verbatim.
  it('refuses an identifier outside the pattern', async () => {
    await expectRefusal(
      converse({
        modelId: 'amazon.nova-micro-v1:0',
        guardrailConfig: { guardrailIdentifier: 'My Guardrail', guardrailVersion: '1' },
      }),
      ValidationException,
      "1 validation error detected: Value 'My Guardrail' at 'guardrailConfig.guardrailIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))",
    );
  });

  it('refuses a version outside the pattern, on Converse and in InvokeModel headers', async () => {
    const message = (path: string) =>
      `1 validation error detected: Value '0' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: (|([1-9][0-9]{0,7})|(DRAFT))`;
    await expectRefusal(
      converse({
        modelId: 'amazon.nova-micro-v1:0',
        guardrailConfig: { guardrailIdentifier: 'abc123', guardrailVersion: '0' },
      }),
      ValidationException,
      message('guardrailConfig.guardrailVersion'),
    );
    await expectRefusal(
      invoke(
        'meta.llama3-8b-instruct-v1:0',
        { prompt: 'Hi' },
        { guardrailIdentifier: 'abc123', guardrailVersion: '0' },
      ),
      ValidationException,
      message('guardrailVersion'),
    );
  });

  it('accepts a well-formed identifier and version', async () => {
    const response = await converse({
      modelId: 'amazon.nova-micro-v1:0',
      guardrailConfig: {
        guardrailIdentifier: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123',
        guardrailVersion: 'DRAFT',
        trace: 'enabled',
      },
    });
    expect(response.stopReason).toBe('end_turn');
  });
});

describe('performanceConfig and serviceTier', () => {
  // §9
  it('refuses a latency outside the enum, in the enum order Bedrock prints', async () => {
    await expectRefusal(
      converse({
        modelId: 'amazon.nova-pro-v1:0',
        performanceConfig: { latency: 'turbo' as 'optimized' },
      }),
      ValidationException,
      "1 validation error detected: Value 'turbo' at 'performanceConfig.latency' failed to satisfy constraint: Member must satisfy enum value set: [optimized, standard]",
    );
  });

  it('refuses optimized latency where the model has none, and serves it where it has', async () => {
    await expectRefusal(
      converse({ modelId: 'amazon.nova-lite-v1:0', performanceConfig: { latency: 'optimized' } }),
      ValidationException,
      'Latency performance configuration is not supported for amazon.nova-lite-v1:0 in us-east-1',
    );
    const response = await converse({
      modelId: 'amazon.nova-pro-v1:0',
      performanceConfig: { latency: 'optimized' },
    });
    expect(response.performanceConfig).toEqual({ latency: 'optimized' });
  });

  it('refuses an invalid tier, a tier the model lacks, and a reservation that does not exist', async () => {
    await expectRefusal(
      converse({ modelId: 'amazon.nova-micro-v1:0', serviceTier: { type: 'cheapest' as 'flex' } }),
      ValidationException,
      'service tier provided is invalid',
    );
    await expectRefusal(
      converse({ modelId: 'amazon.nova-lite-v1:0', serviceTier: { type: 'flex' } }),
      ValidationException,
      'The provided service tier is not supported for this model.',
    );
    await expectRefusal(
      invoke('us.anthropic.claude-sonnet-4-6', claudeBody(), { serviceTier: 'reserved' }),
      ValidationException,
      'Reservation not found.',
    );
  });

  it('serves and echoes a tier the model has', async () => {
    // Act
    const response = await converse({
      modelId: 'global.amazon.nova-2-lite-v1:0',
      serviceTier: { type: 'flex' },
    });
    const invoked = await invoke(
      'openai.gpt-oss-20b-1:0',
      { messages: [{ role: 'user', content: 'Hi' }] },
      {
        serviceTier: 'priority',
      },
    );

    // Assess
    expect(response.serviceTier).toEqual({ type: 'flex' });
    expect(invoked.serviceTier).toBe('priority');
  });
});

describe('sampling parameters', () => {
  // §10
  it('refuses any temperature, top_p or top_k on Opus 4.7 and later', async () => {
    await expectRefusal(
      converse({ modelId: 'us.anthropic.claude-opus-4-7', inferenceConfig: { temperature: 1 } }),
      ValidationException,
      `${PREFIX}\`temperature\` is deprecated for this model.`,
    );
    await expectRefusal(
      invoke('global.anthropic.claude-opus-5', claudeBody({ top_p: 0.9 })),
      ValidationException,
      '`top_p` is deprecated for this model.',
    );
    await expectRefusal(
      converse({ modelId: 'us.anthropic.claude-opus-4-8', additionalModelRequestFields: { top_k: 5 } }),
      ValidationException,
      `${PREFIX}\`top_k\` is deprecated for this model.`,
    );
  });

  it('refuses temperature with top_p where only one is allowed', async () => {
    await expectRefusal(
      converse({
        modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        inferenceConfig: { temperature: 0.5, topP: 0.9 },
      }),
      ValidationException,
      `${PREFIX}\`temperature\` and \`top_p\` cannot both be specified for this model. Please use only one.`,
    );
  });
});

describe('the native Claude body', () => {
  // claude-models.md §3.1; the refusal's wording is UNCONFIRMED (bedrock-validation.md §15).
  it('refuses anthropic_version 2026-10-21 on a dated model, naming the version', async () => {
    await expectRefusal(
      invoke('us.anthropic.claude-sonnet-4-5-20250929-v1:0', claudeBody({ anthropic_version: '2026-10-21' })),
      ValidationException,
      'Invalid API version: 2026-10-21',
    );
  });

  it('takes anthropic_version 2026-10-21 on Claude 4.7 and later', async () => {
    const response = await invoke(
      'global.anthropic.claude-opus-4-8',
      claudeBody({ anthropic_version: '2026-10-21' }),
    );
    expect(JSON.parse(Buffer.from(response.body).toString()).stop_reason).toBe('end_turn');
  });

  // §15
  it('refuses a beta flag Bedrock does not take, and takes one it does', async () => {
    await expectRefusal(
      invoke('us.anthropic.claude-opus-4-8', claudeBody({ anthropic_beta: ['files-api-2025-04-14'] })),
      ValidationException,
      'invalid beta flag',
    );
    await expectRefusal(
      converse({
        modelId: 'us.anthropic.claude-opus-4-8',
        additionalModelRequestFields: { anthropic_beta: ['prompt-caching-scope-2026-01-05'] },
      }),
      ValidationException,
      `${PREFIX}invalid beta flag`,
    );
    const response = await invoke(
      'us.anthropic.claude-opus-4-8',
      claudeBody({ anthropic_beta: ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07'] }),
    );
    expect(response.$metadata.httpStatusCode).toBe(200);
  });

  it('refuses an unknown body key, and top-level automatic cache_control', async () => {
    await expectRefusal(
      invoke('us.anthropic.claude-sonnet-4-6', claudeBody({ cache_control: { type: 'ephemeral' } })),
      ValidationException,
      'cache_control: Extra inputs are not permitted',
    );
  });
});

describe('thinking and structured output on Claude', () => {
  // §12, §13
  it('refuses enabled thinking on an adaptive-only model and adaptive thinking on a budget-only one', async () => {
    await expectRefusal(
      invoke(
        'us.anthropic.claude-opus-4-7',
        claudeBody({ max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 } }),
      ),
      ValidationException,
      '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
    );
    await expectRefusal(
      converse({
        modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        additionalModelRequestFields: { thinking: { type: 'adaptive' } },
      }),
      ValidationException,
      `${PREFIX}adaptive thinking is not supported on this model`,
    );
  });

  it('refuses a thinking budget that does not fit under max tokens', async () => {
    await expectRefusal(
      invoke(
        'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        claudeBody({ max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 } }),
      ),
      ValidationException,
      '`max_tokens` must be greater than `thinking.budget_tokens`.',
    );
  });

  it('refuses structured output where the model has none', async () => {
    await expectRefusal(
      converse({
        modelId: 'us.anthropic.claude-opus-4-8',
        outputConfig: {
          textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}' } } },
        },
      }),
      ValidationException,
      `${PREFIX}output_config.format: Extra inputs are not permitted`,
    );
    await expectRefusal(
      converse({
        modelId: 'amazon.nova-lite-v1:0',
        outputConfig: {
          textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}' } } },
        },
      }),
      ValidationException,
      "This model doesn't support the outputConfig field. Remove outputConfig and try again.",
    );
  });
});

describe('content the model cannot take', () => {
  // §5, §11, §14
  it('refuses a system prompt to Mistral 7B and an image to Nova Micro', async () => {
    await expectRefusal(
      converse({ modelId: 'mistral.mistral-7b-instruct-v0:2', system: [{ text: 'Be brief.' }] }),
      ValidationException,
      "This model doesn't support system messages. Try again without a system message or use a model that supports system messages.",
    );
    await expectRefusal(
      converse({
        modelId: 'amazon.nova-micro-v1:0',
        messages: [
          {
            role: 'user',
            content: [
              { text: 'What is this?' },
              { image: { format: 'png', source: { bytes: new Uint8Array([1, 2]) } } },
            ],
          },
        ],
      }),
      ValidationException,
      "This model doesn't support the image content block that you provided. Update the content block and try again.",
    );
  });

  it('refuses a cache point to a model without prompt caching as AccessDenied', async () => {
    await expectRefusal(
      converse({
        modelId: 'openai.gpt-oss-120b-1:0',
        messages: [{ role: 'user', content: [{ text: 'Hi' }, { cachePoint: { type: 'default' } }] }],
      }),
      AccessDeniedException,
      'You invoked an unsupported model or your request did not allow prompt caching.',
    );
  });

  it("refuses Nova's extended cache TTL and a cache point after its tools", async () => {
    await expectRefusal(
      converse({
        modelId: 'amazon.nova-lite-v1:0',
        system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default', ttl: '1h' } }],
      }),
      ValidationException,
      'Extended TTL prompt caching is only supported for Anthropic models',
    );
    await expectRefusal(
      converse({
        modelId: 'amazon.nova-lite-v1:0',
        toolConfig: { tools: [weatherTool, { cachePoint: { type: 'default' } }] },
      }),
      ValidationException,
      `${PREFIX}Malformed input request: #/toolConfig/tools/1: extraneous key [cachePoint] is not permitted, please reformat your input and try again.`,
    );
  });
});
