import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../core/default-models.js';
import { buildModelRegistry, ConfigError, loadConfig } from './load-config.js';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bgw-config-'));
  tempDirs.push(dir);
  return dir;
}

describe('loadConfig', () => {
  it('uses built-in defaults when there is no file and no env', () => {
    // Act
    const config = loadConfig({ env: {}, cwd: tempDir() });

    // Assess
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      bodyLimitBytes: 5 * 1024 * 1024,
      keepAliveTimeoutMs: 65_000,
      headersTimeoutMs: 66_000,
      requestTimeoutMs: 70_000,
      drainTimeoutMs: 20_000,
      cutoffGraceMs: 2_000,
      settlementBatchMs: 100,
    });
    expect(config.defaultModel).toBe('claude-sonnet');
    expect(config.logging.prompts).toBe(false);
    expect(buildModelRegistry(config).get('claude-sonnet')?.id).toBe('global.anthropic.claude-sonnet-5-5');
  });

  it('reads ./gateway.config.json, and env beats the file', () => {
    // Prepare
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'gateway.config.json'),
      JSON.stringify({ server: { port: 9000, host: '0.0.0.0' } }),
    );

    // Act
    const config = loadConfig({ env: { PORT: '9100' }, cwd });

    // Assess
    expect(config.server.port).toBe(9100);
    expect(config.server.host).toBe('0.0.0.0');
  });

  it('reads the file named by GATEWAY_CONFIG_FILE and merges configured models over the defaults', () => {
    // Prepare
    const cwd = tempDir();
    const file = join(cwd, 'custom.json');
    writeFileSync(
      file,
      JSON.stringify({
        models: {
          'claude-sonnet-us': {
            id: 'us.anthropic.claude-sonnet-5-5',
            family: 'anthropic',
            maxOutputTokens: 128000,
            contextWindow: 1000000,
            price: { inputPerMTok: 2.2, outputPerMTok: 11 },
          },
        },
      }),
    );

    // Act
    const registry = buildModelRegistry(loadConfig({ env: { GATEWAY_CONFIG_FILE: file }, cwd }));

    // Assess
    expect(registry.get('claude-sonnet-us')).toMatchObject({ api: 'converse', fallbacks: [] });
    expect(registry.has('nova-micro')).toBe(true);
  });

  it('serves only the configured models when includeDefaultModels is false', () => {
    // Act
    const config = loadConfig({
      env: {},
      cwd: tempDir(),
      overrides: {
        includeDefaultModels: false,
        defaultModel: 'only',
        models: {
          only: {
            id: 'amazon.nova-micro-v1:0',
            family: 'nova',
            maxOutputTokens: 5000,
            contextWindow: 128000,
            price: { inputPerMTok: 0.035, outputPerMTok: 0.14 },
          },
        },
      },
    });

    // Assess
    expect([...buildModelRegistry(config).keys()]).toEqual(['only']);
  });

  it('fails fast naming the field and what was expected', () => {
    // Prepare
    const cwd = tempDir();
    writeFileSync(join(cwd, 'gateway.config.json'), JSON.stringify({ server: { port: 'eighty' } }));

    // Act + Assess
    expect(() => loadConfig({ env: {}, cwd })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/server\.port: .*expected number/);
  });

  it('names the environment variable when its value has the wrong type', () => {
    expect(() => loadConfig({ env: { PORT: 'abc' }, cwd: tempDir() })).toThrow(
      "PORT: expected a whole number, got 'abc'.",
    );
  });

  it('overrides a built-in model field by field: another profile is priced as that profile', () => {
    // Prepare: the first built-in alias, moved to a geo profile and given a retirement date.
    const [alias, entry] = Object.entries(DEFAULT_MODELS).find(
      ([, model]) => model.family !== 'titan-embed',
    )!;
    const baseId = entry.id.replace(/^(global|us|eu|apac|jp|au)\./, '');
    const overrides = {
      models: {
        [alias]: {
          id: `eu.${baseId}`,
          lifecycle: { state: 'legacy', endOfLife: '2099-01-01', replacement: alias },
          capabilities: { countTokens: false },
        },
      },
    };

    // Act
    const model = buildModelRegistry(loadConfig({ env: {}, cwd: tempDir(), overrides })).get(alias)!;

    // Assess: everything not overridden is the built-in entry's
    expect(model).toMatchObject({
      id: `eu.${baseId}`,
      family: entry.family,
      maxOutputTokens: entry.maxOutputTokens,
      lifecycle: { state: 'legacy', endOfLife: '2099-01-01' },
    });
    expect(model.capabilities).toEqual({ ...entry.capabilities, countTokens: false });
    expect(model.price).toEqual(entry.prices.regional);
  });

  it('takes the overrides docs/configuration.md shows: an EU profile, an early retirement, a routed alias', () => {
    // Prepare
    const overrides = {
      models: {
        'claude-sonnet': { id: 'eu.anthropic.claude-sonnet-5-5' },
        'claude-sonnet-4-5': {
          lifecycle: { state: 'eol', endOfLife: '2027-01-31', replacement: 'claude-sonnet' },
        },
        'claude-3-5-sonnet': { replacedBy: 'claude-sonnet' },
      },
    };

    // Act
    const registry = buildModelRegistry(loadConfig({ env: {}, cwd: tempDir(), overrides }));

    // Assess
    expect(registry.get('claude-sonnet')).toMatchObject({
      id: 'eu.anthropic.claude-sonnet-5-5',
      price: DEFAULT_MODELS['claude-sonnet']!.prices.regional,
      fallbacks: DEFAULT_MODELS['claude-sonnet']!.fallbacks,
    });
    expect(registry.get('claude-sonnet-5-5')!.id).toBe('global.anthropic.claude-sonnet-5-5');
    expect(registry.get('claude-sonnet-4-5')!.lifecycle).toEqual({
      state: 'eol',
      endOfLife: '2027-01-31',
      replacement: 'claude-sonnet',
    });
    expect(registry.get('claude-3-5-sonnet')!.replacedBy).toBe('claude-sonnet');
  });

  it('names the missing field of a new model, and a bad capability', () => {
    const load = (models: Record<string, unknown>) => () =>
      buildModelRegistry(loadConfig({ env: {}, cwd: tempDir(), overrides: { models } }));
    expect(
      load({
        mine: {
          id: 'us.meta.llama3-3-70b-instruct-v1:0',
          family: 'llama3',
          maxOutputTokens: 10,
          contextWindow: 100,
        },
      }),
    ).toThrow('models.mine.price: required for a model that is not in the built-in catalogue.');
    expect(load({ mine: { capabilities: { telepathy: true } } })).toThrow(
      /models\.mine\.capabilities.*telepathy/,
    );
    expect(load({ mine: { lifecycle: { state: 'eol' } } })).toThrow(/models\.mine\.lifecycle\.endOfLife/);
  });

  it('rejects an unknown field instead of ignoring it', () => {
    expect(() => loadConfig({ env: {}, cwd: tempDir(), overrides: { logging: { prompt: true } } })).toThrow(
      /logging: Unrecognized key: "prompt"/,
    );
  });

  it('rejects a default model or fallback that is not configured', () => {
    expect(() => loadConfig({ env: { GATEWAY_DEFAULT_MODEL: 'gpt-4' }, cwd: tempDir() })).toThrow(
      "defaultModel: 'gpt-4' is not a configured model alias.",
    );
    expect(() =>
      loadConfig({
        env: {},
        cwd: tempDir(),
        overrides: { models: { 'nova-micro': { fallbacks: ['nope'] } } },
      }),
    ).toThrow(ConfigError);
  });

  it('reads the document in GATEWAY_CONFIG_JSON instead of a file, with env still beating it', () => {
    // Prepare: a ./gateway.config.json that the inline document must win over.
    const cwd = tempDir();
    writeFileSync(join(cwd, 'gateway.config.json'), JSON.stringify({ defaultModel: 'nova-micro' }));
    const document = JSON.stringify({
      defaultModel: 'claude-haiku',
      server: { port: 9300, drainTimeoutMs: 45_000 },
      tables: { keys: 'team-keys', usage: 'team-usage' },
    });

    // Act
    const config = loadConfig({ env: { GATEWAY_CONFIG_JSON: document, PORT: '9400' }, cwd });

    // Assess
    expect(config.defaultModel).toBe('claude-haiku');
    expect(config.tables).toEqual({ keys: 'team-keys', usage: 'team-usage' });
    expect(config.server).toMatchObject({ port: 9400, drainTimeoutMs: 45_000 });
  });

  it('refuses GATEWAY_CONFIG_JSON together with GATEWAY_CONFIG_FILE, and names a malformed inline document', () => {
    // Prepare
    const cwd = tempDir();
    const file = join(cwd, 'custom.json');
    writeFileSync(file, '{}');

    // Act + Assess
    expect(() => loadConfig({ env: { GATEWAY_CONFIG_JSON: '{}', GATEWAY_CONFIG_FILE: file }, cwd })).toThrow(
      /GATEWAY_CONFIG_FILE or GATEWAY_CONFIG_JSON, not both/,
    );
    expect(() => loadConfig({ env: { GATEWAY_CONFIG_JSON: '{"server":' }, cwd })).toThrow(
      /GATEWAY_CONFIG_JSON is not valid JSON/,
    );
    expect(() => loadConfig({ env: { GATEWAY_CONFIG_JSON: '{"server":{"port":"x"}}' }, cwd })).toThrow(
      /GATEWAY_CONFIG_JSON and environment[\s\S]*server\.port/,
    );
  });

  it('reports malformed JSON in the config file with the file name', () => {
    // Prepare
    const cwd = tempDir();
    writeFileSync(join(cwd, 'gateway.config.json'), '{ not json');

    // Act + Assess
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/gateway\.config\.json is not valid JSON/);
  });

  it("defaults the Bedrock region to Lambda's AWS_REGION, but BEDROCK_REGION wins", () => {
    expect(loadConfig({ env: { AWS_REGION: 'eu-west-1' }, cwd: tempDir() }).bedrock.region).toBe('eu-west-1');
    expect(
      loadConfig({ env: { AWS_REGION: 'eu-west-1', BEDROCK_REGION: 'us-west-2' }, cwd: tempDir() }).bedrock
        .region,
    ).toBe('us-west-2');
  });
});
