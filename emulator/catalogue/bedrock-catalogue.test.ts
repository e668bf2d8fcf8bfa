import { describe, expect, it } from 'vitest';
import { FOUNDATION_MODELS, findFoundationModel, listServingModels } from './bedrock-catalogue.js';
import { ANTHROPIC_API_VERSION_2026 } from './claude-models.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

describe("the emulator's catalogue", () => {
  it('covers the models the gateway and its users call today, and the seed models as retired', () => {
    // Prepare
    const expected = {
      serving: [
        'anthropic.claude-haiku-4-5-20251001-v1:0',
        'anthropic.claude-sonnet-4-5-20250929-v1:0',
        'anthropic.claude-sonnet-4-6',
        'anthropic.claude-sonnet-5',
        'anthropic.claude-opus-4-5-20251101-v1:0',
        'anthropic.claude-opus-4-6-v1',
        'anthropic.claude-opus-4-7',
        'anthropic.claude-opus-4-8',
        'anthropic.claude-opus-5',
        'anthropic.claude-opus-5-5',
        'anthropic.claude-sonnet-5-5',
        'anthropic.claude-haiku-5-5',
        'amazon.nova-micro-v1:0',
        'amazon.nova-lite-v1:0',
        'amazon.nova-pro-v1:0',
        'amazon.nova-2-lite-v1:0',
        'meta.llama3-8b-instruct-v1:0',
        'meta.llama3-3-70b-instruct-v1:0',
        'meta.llama4-scout-17b-instruct-v1:0',
        'meta.llama4-maverick-17b-instruct-v1:0',
        'mistral.mistral-7b-instruct-v0:2',
        'mistral.mistral-large-3-675b-instruct',
        'mistral.pixtral-large-2502-v1:0',
        'openai.gpt-oss-120b-1:0',
        'openai.gpt-oss-20b-1:0',
        'deepseek.r1-v1:0',
        'deepseek.v3.2',
        'amazon.titan-embed-text-v2:0',
        'cohere.embed-english-v3',
        'cohere.embed-multilingual-v3',
        'cohere.embed-v4:0',
      ],
      retired: [
        'anthropic.claude-3-5-sonnet-20240620-v1:0',
        'anthropic.claude-3-haiku-20240307-v1:0',
        'amazon.nova-premier-v1:0',
        'amazon.titan-text-express-v1',
        'cohere.command-r-v1:0',
        'cohere.command-r-plus-v1:0',
      ],
    };

    // Act
    const kinds = (ids: string[]) => ids.map((id) => findFoundationModel(id)?.kind);

    // Assess
    expect(kinds(expected.serving)).not.toContain(undefined);
    expect(kinds(expected.serving)).not.toContain('retired');
    expect(new Set(kinds(expected.retired))).toEqual(new Set(['retired']));
  });

  it('dates every lifecycle, and gives Legacy models their legacy and end dates in order', () => {
    for (const model of FOUNDATION_MODELS) {
      const { lifecycle } = model;
      if (lifecycle.status === 'EOL') {
        expect.soft(lifecycle.endOfLifeTime, model.modelId).toMatch(DAY);
        continue;
      }
      expect.soft(lifecycle.startOfLifeTime, model.modelId).toMatch(DAY);
      if (lifecycle.status === 'LEGACY') {
        expect.soft(lifecycle.legacyTime < lifecycle.endOfLifeTime, model.modelId).toBe(true);
        expect.soft(lifecycle.startOfLifeTime < lifecycle.legacyTime, model.modelId).toBe(true);
      }
    }
  });

  it('keeps its capabilities consistent: forced tool choice and streamed tools need tools', () => {
    for (const model of listServingModels()) {
      if (model.kind !== 'text') continue;
      const { capabilities } = model;
      if (!capabilities.tools) {
        expect.soft(capabilities.forcedToolChoice, model.modelId).toEqual([]);
        expect.soft(capabilities.toolsInStreaming, model.modelId).toBe(false);
      }
      expect.soft(capabilities.serviceTiers, model.modelId).toContain('default');
      expect.soft(model.maxOutputTokens, model.modelId).toBeLessThanOrEqual(model.contextWindow);
      expect.soft(model.onDemand || model.profiles.length > 0, `${model.modelId} is reachable`).toBe(true);
    }
  });

  it('lets exactly the Claude 4.7-and-later models take the 2026-10-21 API version', () => {
    // Act
    const accepting = listServingModels()
      .filter(
        (model) => model.kind === 'text' && model.anthropic?.apiVersions.includes(ANTHROPIC_API_VERSION_2026),
      )
      .map((model) => model.modelId);

    // Assess
    expect(accepting.sort()).toEqual(
      [
        'anthropic.claude-haiku-5-5',
        'anthropic.claude-opus-4-7',
        'anthropic.claude-opus-4-8',
        'anthropic.claude-opus-5',
        'anthropic.claude-opus-5-5',
        'anthropic.claude-sonnet-5',
        'anthropic.claude-sonnet-5-5',
      ].sort(),
    );
  });
});
