import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ALIAS, DEFAULT_MODELS } from './default-models.js';
import { EMBEDDING_CAPABILITIES } from './model-capabilities.js';
import { resolveLifecycle } from './model-lifecycle.js';
import {
  type CatalogueEntry,
  createModelRegistry,
  isCodecFamily,
  isTextFamily,
  type ModelPrice,
  PROFILE_PREFIX,
  resolveModel,
} from './model-registry.js';

/** The day the catalogue was checked against its sources: lifecycle states are judged as of then and later. */
const CHECKED_MS = Date.parse('2026-12-01');

const registry = createModelRegistry(DEFAULT_MODELS);
const entries = Object.entries(DEFAULT_MODELS);
const stateOf = (entry: CatalogueEntry, nowMs = CHECKED_MS) => resolveLifecycle(entry.lifecycle, nowMs).state;
const isActive = (alias: string) => stateOf(DEFAULT_MODELS[alias]!) === 'active';
const providerOf = (id: string) => id.replace(PROFILE_PREFIX, '').split('.')[0];

describe('the built-in catalogue', () => {
  it.each(entries.map(([alias]) => alias))('resolves %s by its alias and by its Bedrock id', (alias) => {
    // Act
    const byAlias = resolveModel(registry, alias);
    const byId = resolveModel(registry, byAlias.id);

    // Assess
    expect(byAlias.alias).toBe(alias);
    expect(byId.id).toBe(byAlias.id);
  });

  it('defaults to a current Claude Sonnet through a global inference profile', () => {
    // Act
    const model = registry.get(DEFAULT_MODEL_ALIAS)!;

    // Assess
    expect(DEFAULT_MODEL_ALIAS).toBe('claude-sonnet');
    expect(model.family).toBe('anthropic');
    expect(model.id).toMatch(/^global\.anthropic\.claude-sonnet-/);
    expect(stateOf(DEFAULT_MODELS[DEFAULT_MODEL_ALIAS]!)).toBe('active');
    expect(model.price).toEqual(DEFAULT_MODELS[DEFAULT_MODEL_ALIAS]!.prices.global);
  });

  it('names the stable aliases by the same entries as their pinned versions, so each fact is written once', () => {
    expect(DEFAULT_MODELS['claude-sonnet']).toBe(DEFAULT_MODELS['claude-sonnet-5-5']);
    expect(DEFAULT_MODELS['claude-haiku']).toBe(DEFAULT_MODELS['claude-haiku-4-5']);
    expect(DEFAULT_MODELS['claude-opus']).toBe(DEFAULT_MODELS['claude-opus-5-5']);
    expect(DEFAULT_MODELS['mistral-large']).toBe(DEFAULT_MODELS['mistral-large-3']);
    expect(DEFAULT_MODELS['llama-maverick']).toBe(DEFAULT_MODELS['llama-4-maverick']);
  });

  it('keeps the seeds’ models, marked with their lifecycle', () => {
    expect(DEFAULT_MODELS['claude-3-5-sonnet']).toMatchObject({
      id: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      lifecycle: { state: 'eol', replacement: 'claude-sonnet' },
    });
    expect(DEFAULT_MODELS['titan-text-express']).toMatchObject({
      id: 'amazon.titan-text-express-v1',
      lifecycle: { state: 'eol', replacement: 'nova-micro' },
    });
    expect(stateOf(DEFAULT_MODELS['claude-3-haiku']!)).toBe('eol');
  });

  it.each(entries)('%s falls back only to active models of its own kind and provider', (_alias, entry) => {
    for (const fallback of entry.fallbacks) {
      const target = DEFAULT_MODELS[fallback];
      expect(target, fallback).toBeDefined();
      expect(isActive(fallback), fallback).toBe(true);
      expect(isTextFamily(target!.family)).toBe(isTextFamily(entry.family));
      expect(providerOf(target!.id)).toBe(providerOf(entry.id));
      expect(target).not.toBe(entry);
    }
  });

  it('never makes an end-of-life model a fallback or the default', () => {
    // Act
    const retired = entries.filter(([, entry]) => stateOf(entry) === 'eol').map(([alias]) => alias);
    const referenced = [DEFAULT_MODEL_ALIAS, ...entries.flatMap(([, entry]) => entry.fallbacks)];

    // Assess
    expect(retired.sort()).toEqual([
      'claude-3-5-sonnet',
      'claude-3-haiku',
      'command-r',
      'titan-text-express',
    ]);
    expect(referenced.filter((alias) => retired.includes(alias))).toEqual([]);
  });

  it.each(entries.filter(([, entry]) => entry.lifecycle.state !== 'active'))(
    '%s, not active, has its dates and an active replacement in the catalogue',
    (_alias, entry) => {
      // Act
      const { lifecycle } = entry;
      if (lifecycle.state === 'active') throw new Error('filtered above');

      // Assess
      expect(lifecycle.endOfLife).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (lifecycle.state === 'legacy') {
        expect(lifecycle.legacySince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Date.parse(lifecycle.legacySince!)).toBeLessThan(Date.parse(lifecycle.endOfLife));
        // Past its date it would be end of life only to code with a clock: Terraform's IAM reads the state.
        expect(Date.parse(lifecycle.endOfLife)).toBeGreaterThan(CHECKED_MS);
      }
      expect(lifecycle.replacement).toBeDefined();
      expect(isActive(lifecycle.replacement!)).toBe(true);
      expect(isTextFamily(DEFAULT_MODELS[lifecycle.replacement!]!.family)).toBe(isTextFamily(entry.family));
    },
  );

  it.each(entries)(
    '%s has positive prices, a regional one no cheaper than the global one',
    (_alias, entry) => {
      // Prepare
      const text = isTextFamily(entry.family);
      const check = (price: ModelPrice) => {
        expect(price.inputPerMTok).toBeGreaterThan(0);
        if (text) expect(price.outputPerMTok).toBeGreaterThan(0);
        else expect(price.outputPerMTok).toBe(0);
        for (const cache of [price.cacheReadPerMTok, price.cacheWritePerMTok, price.cacheWrite1hPerMTok]) {
          if (cache !== undefined) expect(cache).toBeGreaterThan(0);
        }
      };
      const { global, regional } = entry.prices;

      // Act + Assess
      check(regional);
      if (global) {
        check(global);
        for (const field of Object.keys(global) as (keyof ModelPrice)[]) {
          expect(regional[field], field).toBeGreaterThanOrEqual(global[field]!);
        }
        expect(Object.keys(regional).sort()).toEqual(Object.keys(global).sort());
      }
    },
  );

  it.each(entries)('%s has limits and an API that fit its family', (_alias, entry) => {
    expect(entry.contextWindow).toBeGreaterThan(0);
    if (isTextFamily(entry.family)) {
      expect(entry.api).toBe(entry.family === 'titan-text' ? 'invoke' : 'converse');
      expect(entry.maxOutputTokens).toBeGreaterThan(0);
    } else {
      expect(entry.api).toBe('invoke');
      expect(entry.maxOutputTokens).toBe(0);
    }
    if (entry.api === 'invoke' && isTextFamily(entry.family)) expect(isCodecFamily(entry.family)).toBe(true);
  });

  it.each(entries)('%s has capabilities consistent with its family', (_alias, entry) => {
    // Prepare
    const { family, capabilities } = entry;
    const reasoningModes: Record<string, string[]> = {
      anthropic: ['none', 'budget', 'adaptive'],
      nova: ['none', 'reasoning-config'],
      openai: ['effort'],
      deepseek: ['none', 'always'],
    };

    // Act + Assess
    if (!isTextFamily(family)) {
      expect(capabilities).toEqual(EMBEDDING_CAPABILITIES);
      return;
    }
    expect(capabilities.streaming).toBe(true);
    // "Most models in the Amazon Bedrock catalog support guardrails", all but embedding, rerank and speech ones.
    expect(capabilities.guardrails).toBe(true);
    expect(reasoningModes[family] ?? ['none']).toContain(capabilities.reasoning.mode);
    if (capabilities.forcedToolChoice) expect(capabilities.tools).toBe(true);
    if (capabilities.sampling.temperatureOrTopP) {
      expect(capabilities.sampling.temperature && capabilities.sampling.topP).toBe(true);
    }
    // Prompt caching on Bedrock: Claude (system, messages and tools) and Nova (not tools, 5 minutes only).
    if (capabilities.cachePoints) expect(['anthropic', 'nova']).toContain(family);
    if (family === 'nova' && capabilities.cachePoints) {
      expect(capabilities.cachePoints).toMatchObject({ tools: false, ttls: ['5m'] });
    }
    // Nova and Llama refuse `outputConfig`; CountTokens answers only for some Claude base ids.
    if (family === 'nova' || family === 'llama3') expect(capabilities.structuredOutput).toBe(false);
    if (capabilities.countTokens) expect(family).toBe('anthropic');
  });

  it('names every current Claude model and Nova 2 by an inference profile, as Bedrock requires', () => {
    // Prepare
    const profileOnly = [
      'claude-sonnet-5-5',
      'claude-sonnet-5',
      'claude-sonnet-4-6',
      'claude-haiku-4-5',
      'claude-haiku-5-5',
      'claude-opus-5-5',
      'claude-opus-5',
      'claude-opus-4-8',
      'claude-opus-4-6',
      'nova-2-lite',
      'llama-4-maverick',
      'llama-3-3-70b',
      'deepseek-r1',
    ];

    // Act
    const unprefixed = profileOnly.filter((alias) => !PROFILE_PREFIX.test(DEFAULT_MODELS[alias]!.id));

    // Assess
    expect(unprefixed).toEqual([]);
  });

  it('covers the Claude line, Nova, Llama, Mistral Large, gpt-oss, DeepSeek, Command R and embeddings', () => {
    // Act
    const families = new Set(entries.map(([, entry]) => entry.family));

    // Assess
    expect([...families].sort()).toEqual([
      'anthropic',
      'cohere-command-r',
      'cohere-embed',
      'deepseek',
      'llama3',
      'mistral',
      'mistral-chat',
      'nova',
      'openai',
      'titan-embed',
      'titan-text',
    ]);
    for (const alias of ['claude-haiku', 'claude-sonnet', 'claude-opus', 'nova-lite', 'nova-2-lite']) {
      expect(isActive(alias), alias).toBe(true);
    }
  });
});
