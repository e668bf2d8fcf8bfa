import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from './default-models.js';
import { NotFoundError } from './errors.js';
import { resolveApi, resolveMaxTokens } from './model-policy.js';
import { createModelRegistry, publicModelId, resolveModel } from './model-registry.js';

const registry = createModelRegistry(DEFAULT_MODELS);

describe('resolveModel', () => {
  it('finds a model by alias', () => {
    expect(resolveModel(registry, 'claude-sonnet').id).toBe('global.anthropic.claude-sonnet-5-5');
  });

  it('finds a configured model by its Bedrock id', () => {
    expect(resolveModel(registry, 'global.amazon.nova-2-lite-v1:0').alias).toBe('nova-2-lite');
    expect(resolveModel(registry, 'amazon.nova-micro-v1:0').alias).toBe('nova-micro');
  });

  it('given a Bedrock id that several aliases share, returns the first one preferred', () => {
    // Prepare
    const shared = DEFAULT_MODELS['nova-micro']!;
    const twins = createModelRegistry({ stable: shared, pinned: shared });

    // Act
    const preferred = resolveModel(twins, shared.id, (entry) => entry.alias === 'pinned');
    const first = resolveModel(twins, shared.id);

    // Assess
    expect(preferred.alias).toBe('pinned');
    expect(first.alias).toBe('stable');
  });

  it('takes another inference profile of a configured model for that model, never an ARN', () => {
    // Prepare
    const haiku = { ...DEFAULT_MODELS['nova-micro']!, id: 'global.anthropic.claude-haiku-4-5-20251001-v1:0' };
    const registry = createModelRegistry({ haiku });

    // Act
    const byProfile = resolveModel(registry, 'us.anthropic.claude-haiku-4-5-20251001-v1:0');
    const byBase = resolveModel(registry, 'anthropic.claude-haiku-4-5-20251001-v1:0');

    // Assess
    expect(byProfile.alias).toBe('haiku');
    expect(byBase.id).toBe('global.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(() =>
      resolveModel(registry, 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/x'),
    ).toThrow(/not configured/);
  });

  it('rejects an unknown name with 404 model_not_found instead of substituting another model', () => {
    // Act
    const attempt = () => resolveModel(registry, 'anthropic.claude-v2');

    // Assess
    expect(attempt).toThrow(NotFoundError);
    expect(attempt).toThrow("Model 'anthropic.claude-v2' is not configured on this gateway.");
  });
});

describe('publicModelId', () => {
  it('masks the account id of an inference-profile ARN and leaves plain ids alone', () => {
    // Prepare
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    const sonnet = resolveModel(registry, 'claude-sonnet');

    // Act + Assess
    expect(publicModelId({ ...sonnet, id: arn })).toBe(
      'arn:aws:bedrock:us-east-1:<account>:application-inference-profile/abc123',
    );
    expect(publicModelId(sonnet)).toBe('global.anthropic.claude-sonnet-5-5');
  });
});

describe('createModelRegistry', () => {
  it('prices a global profile at the global price and any other id at the regional one', () => {
    // Prepare
    const prices = {
      global: { inputPerMTok: 3, outputPerMTok: 15 },
      regional: { inputPerMTok: 3.3, outputPerMTok: 16.5 },
    };
    const base = { ...DEFAULT_MODELS['nova-micro']!, prices };

    // Act
    const registry = createModelRegistry({
      global: { ...base, id: 'global.anthropic.claude-sonnet-4-6' },
      geo: { ...base, id: 'eu.anthropic.claude-sonnet-4-6' },
    });

    // Assess
    expect(registry.get('global')!.price).toEqual(prices.global);
    expect(registry.get('geo')!.price).toEqual(prices.regional);
  });

  it('rejects a replacedBy that names an unknown or itself replaced alias', () => {
    const entry = DEFAULT_MODELS['nova-micro']!;
    expect(() => createModelRegistry({ a: { ...entry, replacedBy: 'missing' } })).toThrow(
      /models\.a\.replacedBy/,
    );
    expect(() =>
      createModelRegistry({ a: { ...entry, replacedBy: 'b' }, b: { ...entry, replacedBy: 'a' } }),
    ).toThrow(/not itself replaced/);
  });

  it('rejects a fallback that names an unknown alias', () => {
    expect(() =>
      createModelRegistry({ a: { ...DEFAULT_MODELS['nova-micro']!, fallbacks: ['missing'] } }),
    ).toThrow("models.a.fallbacks: 'missing' is not a configured model alias.");
  });
});

describe('model policy', () => {
  const haiku = resolveModel(registry, 'claude-haiku');

  it("defaults max tokens to the model's maximum rather than a truncating default", () => {
    expect(resolveMaxTokens(haiku, undefined)).toBe(64_000);
  });

  it('rejects max tokens above the cap and names the cap', () => {
    expect(() => resolveMaxTokens(haiku, 64_001)).toThrow(
      "max_tokens is 64001, above the maximum of 64000 for model 'claude-haiku'.",
    );
    expect(() =>
      resolveMaxTokens(haiku, 600, { param: 'max_completion_tokens', keyMaxTokensPerRequest: 500 }),
    ).toThrow("max_completion_tokens is 600, above this API key's limit of 500 tokens per request.");
  });

  it("lowers the default to what the key's limits allow", () => {
    expect(resolveMaxTokens(haiku, undefined, { keyMaxTokensPerRequest: 1000 })).toBe(1000);
    expect(resolveMaxTokens(haiku, undefined, { keyMaxTokensPerRequest: 1000, defaultCeiling: 300 })).toBe(
      300,
    );
  });

  it('lets a request choose the API, and refuses text generation on an embedding model', () => {
    expect(resolveApi(haiku, 'invoke')).toBe('invoke');
    expect(resolveApi(haiku, undefined)).toBe('converse');
    expect(() => resolveApi(resolveModel(registry, 'titan-embed-text-v2'), undefined)).toThrow(
      /embedding model/,
    );
  });
});
