import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../core/default-models.js';
import { PermissionDeniedError } from '../core/errors.js';
import { createModelRegistry } from '../core/model-registry.js';
import { allowedModels, checkModelAllowed } from './model-access.js';

const registry = createModelRegistry(DEFAULT_MODELS);

describe('checkModelAllowed', () => {
  it('allows a model on the allow-list', () => {
    expect(() => checkModelAllowed({ keyId: 'key_1', models: ['nova-micro'] }, 'nova-micro')).not.toThrow();
  });

  it('allows every model for *', () => {
    expect(() => checkModelAllowed({ keyId: 'key_1', models: ['*'] }, 'claude-sonnet')).not.toThrow();
  });

  it('refuses other models with 403 model_not_allowed naming the model', () => {
    // Act
    const act = () => checkModelAllowed({ keyId: 'key_1', models: ['nova-micro'] }, 'claude-sonnet');

    // Assess
    expect(act).toThrow(PermissionDeniedError);
    expect(act).toThrow(/claude-sonnet/);
    try {
      act();
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 403, code: 'model_not_allowed', param: 'model' });
    }
  });
});

describe('allowedModels', () => {
  it('lists the configured models on the allow-list, in registry order', () => {
    // Act
    const models = allowedModels({ models: ['nova-lite', 'claude-haiku', 'not-configured'] }, registry);

    // Assess
    expect(models.map((model) => model.alias)).toEqual(['claude-haiku', 'nova-lite']);
  });

  it('lists every configured model for *', () => {
    expect(allowedModels({ models: ['*'] }, registry)).toHaveLength(registry.size);
  });
});
