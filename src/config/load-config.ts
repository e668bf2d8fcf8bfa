import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { DEFAULT_MODELS } from '../core/default-models.js';
import { EMBEDDING_CAPABILITIES, TEXT_CAPABILITIES } from '../core/model-capabilities.js';
import {
  type CatalogueEntry,
  createModelRegistry,
  isTextFamily,
  type ModelRegistry,
} from '../core/model-registry.js';
import { configSchema, type GatewayConfig, type ModelConfig } from './config-schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type EnvValueType = 'string' | 'integer' | 'boolean';

/** Environment overrides: the variable, the config path it sets, and its type. */
const ENV_OVERRIDES: ReadonlyArray<readonly [variable: string, path: readonly string[], type: EnvValueType]> =
  [
    ['HOST', ['server', 'host'], 'string'],
    ['PORT', ['server', 'port'], 'integer'],
    ['GATEWAY_BODY_LIMIT_BYTES', ['server', 'bodyLimitBytes'], 'integer'],
    ['GATEWAY_DRAIN_TIMEOUT_MS', ['server', 'drainTimeoutMs'], 'integer'],
    ['GATEWAY_KEEP_ALIVE_TIMEOUT_MS', ['server', 'keepAliveTimeoutMs'], 'integer'],
    ['BEDROCK_REGION', ['bedrock', 'region'], 'string'],
    ['BEDROCK_ENDPOINT', ['bedrock', 'endpoint'], 'string'],
    ['GATEWAY_DEFAULT_MODEL', ['defaultModel'], 'string'],
    ['GATEWAY_AUTH', ['auth', 'mode'], 'string'],
    ['GATEWAY_KEYS_TABLE', ['tables', 'keys'], 'string'],
    ['GATEWAY_USAGE_TABLE', ['tables', 'usage'], 'string'],
    ['DYNAMODB_ENDPOINT', ['dynamodb', 'endpoint'], 'string'],
    ['LOG_LEVEL', ['logging', 'level'], 'string'],
    ['POWERTOOLS_LOG_LEVEL', ['logging', 'level'], 'string'],
    ['POWERTOOLS_SERVICE_NAME', ['observability', 'serviceName'], 'string'],
    ['POWERTOOLS_METRICS_NAMESPACE', ['observability', 'metricsNamespace'], 'string'],
    ['GATEWAY_LOG_PROMPTS', ['logging', 'prompts'], 'boolean'],
  ];

function convertEnvValue(variable: string, raw: string, type: EnvValueType): unknown {
  if (type === 'string') return raw;
  if (type === 'integer') {
    if (!/^\d+$/.test(raw.trim()))
      throw new ConfigError(`${variable}: expected a whole number, got '${raw}'.`);
    return Number(raw);
  }
  if (/^(true|1)$/i.test(raw)) return true;
  if (/^(false|0)$/i.test(raw)) return false;
  throw new ConfigError(`${variable}: expected true or false, got '${raw}'.`);
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const child = node[segment];
    node[segment] = typeof child === 'object' && child !== null ? { ...(child as object) } : {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `source` into `target` key by key for nested objects; arrays and scalars replace. */
function mergeDeep(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlainObject(value) && isPlainObject(existing)) {
      const copy = { ...existing };
      mergeDeep(copy, value);
      target[key] = copy;
    } else {
      target[key] = value;
    }
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseConfigDocument(text, `Config file ${path}`);
}

/** The config document (a file's text, or GATEWAY_CONFIG_JSON) as an object; `source` names it in errors. */
function parseConfigDocument(text: string, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isPlainObject(parsed)) {
    throw new ConfigError(`${source} must hold a JSON object.`);
  }
  return parsed;
}

function formatIssues(issues: readonly z.core.$ZodIssue[], source: string): string {
  const lines = issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `  - ${field}: ${issue.message}`;
  });
  return `Invalid gateway configuration (${source}):\n${lines.join('\n')}`;
}

export interface LoadConfigOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for `./gateway.config.json`. */
  cwd?: string;
  /** Values deep-merged over the file and env, for composition roots and tests. */
  overrides?: Record<string, unknown>;
}

/**
 * Loads the configuration. Sources, in rising precedence: built-in defaults, the config document (the file
 * `GATEWAY_CONFIG_FILE`, or the JSON in `GATEWAY_CONFIG_JSON`, or `./gateway.config.json` if present),
 * environment variables, then `overrides`. `GATEWAY_CONFIG_JSON` is for containers whose orchestrator injects
 * the document as a variable (ECS `secrets` from an SSM parameter) onto a read-only root filesystem.
 * Any invalid value throws a ConfigError naming the field and what was expected.
 */
export function loadConfig(options: LoadConfigOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const explicitFile = env.GATEWAY_CONFIG_FILE;
  const inlineDocument = env.GATEWAY_CONFIG_JSON;
  if (explicitFile && inlineDocument) {
    throw new ConfigError('Set GATEWAY_CONFIG_FILE or GATEWAY_CONFIG_JSON, not both.');
  }
  const defaultFile = resolve(options.cwd ?? process.cwd(), 'gateway.config.json');
  const file = explicitFile ? resolve(options.cwd ?? process.cwd(), explicitFile) : defaultFile;
  const readsFile = !inlineDocument && (explicitFile || existsSync(defaultFile));
  const fromFile = inlineDocument
    ? parseConfigDocument(inlineDocument, 'GATEWAY_CONFIG_JSON')
    : readsFile
      ? readConfigFile(file)
      : {};

  const merged: Record<string, unknown> = structuredClone(fromFile);
  // The region Lambda runs in is a sensible default, but a file or BEDROCK_REGION beats it.
  if (env.AWS_REGION && !(merged.bedrock as Record<string, unknown> | undefined)?.region) {
    setPath(merged, ['bedrock', 'region'], env.AWS_REGION);
  }
  for (const [variable, path, type] of ENV_OVERRIDES) {
    const raw = env[variable];
    if (raw !== undefined && raw !== '') setPath(merged, path, convertEnvValue(variable, raw, type));
  }
  mergeDeep(merged, options.overrides ?? {});

  const source = inlineDocument
    ? 'GATEWAY_CONFIG_JSON and environment'
    : readsFile
      ? `file ${file} and environment`
      : 'environment';
  const result = configSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues, source));
  const config = result.data;
  buildModelRegistry(config);
  return config;
}

/** A configured model over the built-in entry of the same alias, if any: the catalogue entry it makes. */
function mergeModelConfig(
  alias: string,
  base: CatalogueEntry | undefined,
  config: ModelConfig,
): CatalogueEntry {
  const { price, prices, capabilities, ...rest } = config;
  const field = (name: string) => `models.${alias}.${name}`;
  const merged = {
    api: 'converse' as const,
    fallbacks: [],
    lifecycle: { state: 'active' as const },
    ...base,
    ...rest,
    prices: price ? { regional: price } : (prices ?? base?.prices),
    capabilities: {
      ...(base?.capabilities ??
        (isTextFamily(rest.family ?? 'anthropic') ? TEXT_CAPABILITIES : EMBEDDING_CAPABILITIES)),
      ...capabilities,
    },
  };
  for (const required of ['id', 'family', 'maxOutputTokens', 'contextWindow', 'prices'] as const) {
    if (merged[required] === undefined) {
      const name = required === 'prices' ? 'price' : required;
      throw new ConfigError(
        `Invalid gateway configuration: ${field(name)}: required for a model that is not in the built-in catalogue.`,
      );
    }
  }
  return merged as CatalogueEntry;
}

/** The registry the config describes: built-in models (unless excluded) with configured models over them. */
export function buildModelRegistry(config: GatewayConfig): ModelRegistry {
  const models: Record<string, CatalogueEntry> = config.includeDefaultModels ? { ...DEFAULT_MODELS } : {};
  for (const [alias, model] of Object.entries(config.models)) {
    models[alias] = mergeModelConfig(alias, models[alias], model);
  }
  let registry: ModelRegistry;
  try {
    registry = createModelRegistry(models);
  } catch (error) {
    throw new ConfigError(`Invalid gateway configuration: ${(error as Error).message}`, { cause: error });
  }
  if (!registry.has(config.defaultModel)) {
    throw new ConfigError(
      `Invalid gateway configuration: defaultModel: '${config.defaultModel}' is not a configured model alias.`,
    );
  }
  for (const [name, alias] of Object.entries(config.anthropic.modelNames)) {
    if (!registry.has(alias)) {
      throw new ConfigError(
        `Invalid gateway configuration: anthropic.modelNames.${name}: '${alias}' is not a configured model alias.`,
      );
    }
  }
  return registry;
}
