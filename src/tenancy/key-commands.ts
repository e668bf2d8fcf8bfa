import { parseArgs } from 'node:util';
import { GatewayError } from '../core/errors.js';
import {
  GUARDRAIL_IDENTIFIER_PATTERN,
  GUARDRAIL_VERSION_PATTERN,
  type ServiceTierChoice,
} from '../core/governance.js';
import type { ModelRegistry } from '../core/model-registry.js';
import { isWellFormedKeyId } from './api-key.js';
import { ALL_MODELS, type KeyLimits, type KeySummary, summarizeKey } from './key-record.js';
import type { KeyStore } from './key-store.js';
import type { ModelWindowUsage, UsageMeter, WindowUsage } from './usage-meter.js';

export interface KeysCommandDependencies {
  keyStore: KeyStore;
  usageMeter: Pick<UsageMeter, 'getUsage' | 'getMonthUsage'>;
  /** Clock in epoch milliseconds. */
  now: () => number;
  /** Prints text to stdout; each call is one block of output without a trailing newline. */
  write: (text: string) => void;
  /** When given, `--models` must name aliases it contains. */
  registry?: ModelRegistry;
}

/** Bad arguments or an operation the store refused. The message is for the operator; exit with status 2. */
export class KeyCommandError extends Error {
  override name = 'KeyCommandError';
}

export const KEYS_COMMAND_USAGE = `Usage: bedrock-gateway keys <command> [options]

Commands:
  create --name <name> --models <alias,alias|*> [limits] [--expires <ISO time|30d|12h>]
         limits: --rpm <n> --tpm <n> --max-tokens-per-request <n> --daily-tokens <n>
                 --monthly-budget-usd <usd>   (an absent limit means unlimited)
         governance: --guardrail <id or ARN>:<version|DRAFT>   (applied to every call of the key)
                     --service-tier <flex|default|priority>   (when a request asks for none)
                     --max-service-tier <flex|default|priority>   (the dearest tier a request may ask for)
                     --automatic-cache-points   (cache a long system prompt and tools)
         --admin   an admin key: the admin API (/admin/v1) and the console; it calls models only if
                   --models lists some (default: none)
  list                   every key, without secrets
  update <keyId> [--name <name>] [--models <aliases|*>] [limits] [--remove-limits <rpm,tpm,...>]
                 [--expires <ISO time|30d|12h|never>]
                         change a key (limits given are set, others kept; running gateways apply it
                         within their key cache TTL)
  revoke <keyId>         stop accepting a key (within the gateway's key cache TTL)
  usage <keyId> [--month <YYYY-MM>]
                         today's and this month's usage (UTC), per model and per day

Every command takes --json for machine-readable output.`;

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Runs `bedrock-gateway keys ...`. `argv` is what follows `keys`. Output goes to `write`; bad arguments throw
 * `KeyCommandError`, whose message (with usage hints) is meant for stderr.
 */
export async function runKeysCommand(argv: string[], dependencies: KeysCommandDependencies): Promise<void> {
  const [command, ...args] = argv;
  const commands: Record<string, (deps: KeysCommandDependencies, args: string[]) => Promise<string>> = {
    create: createKeyCommand,
    list: listKeysCommand,
    update: updateKeyCommand,
    revoke: revokeKeyCommand,
    usage: usageCommand,
  };
  if (command === 'help' || command === '--help' || command === '-h') {
    dependencies.write(KEYS_COMMAND_USAGE);
    return;
  }
  const run = command === undefined ? undefined : commands[command];
  if (!run) {
    const problem = command === undefined ? 'Missing command.' : `Unknown command '${command}'.`;
    throw new KeyCommandError(`${problem}\n\n${KEYS_COMMAND_USAGE}`);
  }
  try {
    dependencies.write(await run(dependencies, args));
  } catch (error) {
    // The store's own refusals (invalid input, unknown key) are the operator's to fix, not crashes.
    if (error instanceof GatewayError && error.statusCode < 500) throw new KeyCommandError(error.message);
    throw error;
  }
}

/** `keys create`: creates a key and returns text that shows the secret key exactly once. */
export async function createKeyCommand(
  dependencies: Pick<KeysCommandDependencies, 'keyStore' | 'now' | 'registry'>,
  args: string[],
): Promise<string> {
  const { values } = parseCommandArgs('create', args, {
    name: { type: 'string' },
    models: { type: 'string' },
    rpm: { type: 'string' },
    tpm: { type: 'string' },
    'max-tokens-per-request': { type: 'string' },
    'daily-tokens': { type: 'string' },
    'monthly-budget-usd': { type: 'string' },
    expires: { type: 'string' },
    guardrail: { type: 'string' },
    'service-tier': { type: 'string' },
    'max-service-tier': { type: 'string' },
    'automatic-cache-points': { type: 'boolean' },
    admin: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.name === undefined) throw new KeyCommandError('keys create: --name is required.');
  if (values.models === undefined && !values.admin) {
    throw new KeyCommandError(
      `keys create: --models is required: a comma-separated list of model aliases, or '${ALL_MODELS}' for all.`,
    );
  }
  const models = values.models === undefined ? [] : parseModels(values.models, dependencies.registry);
  const limits = parseLimitFlags(values);
  const nowMs = dependencies.now();
  const expiresAt = values.expires === undefined ? undefined : parseExpiry(values.expires, nowMs);

  const guardrail = values.guardrail === undefined ? undefined : parseGuardrail(values.guardrail);
  const tier = (flag: 'service-tier' | 'max-service-tier'): ServiceTierChoice | undefined => {
    const value = values[flag];
    if (value === undefined) return undefined;
    if (value !== 'flex' && value !== 'default' && value !== 'priority') {
      throw new KeyCommandError(`keys create: --${flag} must be flex, default or priority, not '${value}'.`);
    }
    return value;
  };
  const serviceTier = { default: tier('service-tier'), max: tier('max-service-tier') };
  const { key, record } = await dependencies.keyStore.create({
    name: values.name,
    models,
    limits,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(guardrail === undefined ? {} : { guardrail }),
    ...(serviceTier.default || serviceTier.max
      ? {
          serviceTier: {
            ...(serviceTier.default ? { default: serviceTier.default } : {}),
            ...(serviceTier.max ? { max: serviceTier.max } : {}),
          },
        }
      : {}),
    ...(values['automatic-cache-points'] ? { automaticCachePoints: true } : {}),
    ...(values.admin ? { role: 'admin' as const } : {}),
  });
  const summary = summarizeKey(record);
  if (values.json) return JSON.stringify({ key, ...summary }, null, 2);
  return [
    `Created key ${summary.keyId} "${summary.name}".`,
    '',
    `  ${key}`,
    '',
    'This is the only time the key is shown. Store it now: the gateway keeps only its hash.',
    '',
    ...describeKey(summary, nowMs),
  ].join('\n');
}

/** `keys list`: every key without its hash. Expired active keys show as `expired`. */
export async function listKeysCommand(
  dependencies: Pick<KeysCommandDependencies, 'keyStore' | 'now'>,
  args: string[],
): Promise<string> {
  const { values } = parseCommandArgs('list', args, { json: { type: 'boolean' } });
  const keys = await dependencies.keyStore.list();
  if (values.json) return JSON.stringify(keys, null, 2);
  if (keys.length === 0)
    return 'No keys yet. Create one with: bedrock-gateway keys create --name <name> --models <aliases>';
  const nowMs = dependencies.now();
  return formatTable([
    ['KEY ID', 'NAME', 'STATUS', 'MODELS', 'LIMITS', 'CREATED', 'EXPIRES'],
    ...keys.map((key) => [
      key.keyId,
      key.name,
      describeStatus(key, nowMs),
      key.models.join(','),
      describeLimits(key.limits),
      key.createdAt,
      key.expiresAt ?? '-',
    ]),
  ]);
}

/** `keys update <keyId>`: changes the name, models, limits or expiry; limits not named are kept. */
export async function updateKeyCommand(
  dependencies: Pick<KeysCommandDependencies, 'keyStore' | 'now' | 'registry'>,
  args: string[],
): Promise<string> {
  const { values, positionals } = parseCommandArgs('update', args, {
    ...LIMIT_FLAGS,
    name: { type: 'string' },
    models: { type: 'string' },
    'remove-limits': { type: 'string' },
    expires: { type: 'string' },
    json: { type: 'boolean' },
  });
  const keyId = checkKeyId('update', positionals);
  const record = await dependencies.keyStore.getById(keyId);
  if (!record) throw new KeyCommandError(`keys update: no key has the id '${keyId}'.`);
  const limits: KeyLimits = { ...record.limits, ...parseLimitFlags(values) };
  for (const name of (values['remove-limits'] ?? '').split(',').filter((part) => part.trim() !== '')) {
    const field = LIMIT_FIELDS[name.trim()];
    if (!field) {
      throw new KeyCommandError(
        `keys update: --remove-limits takes ${Object.keys(LIMIT_FIELDS).join(', ')}; got '${name}'.`,
      );
    }
    delete limits[field];
  }
  const nowMs = dependencies.now();
  const summary = await dependencies.keyStore.update(keyId, {
    limits,
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.models === undefined ? {} : { models: parseModels(values.models, dependencies.registry) }),
    ...(values.expires === undefined
      ? {}
      : { expiresAt: values.expires === 'never' ? null : parseExpiry(values.expires, nowMs) }),
  });
  if (values.json) return JSON.stringify(summary, null, 2);
  return [`Updated key ${summary.keyId} "${summary.name}".`, '', ...describeKey(summary, nowMs)].join('\n');
}

/** `keys revoke <keyId>`. */
export async function revokeKeyCommand(
  dependencies: Pick<KeysCommandDependencies, 'keyStore'>,
  args: string[],
): Promise<string> {
  const { values, keyId } = parseKeyIdCommand('revoke', args);
  const summary = await dependencies.keyStore.revoke(keyId);
  if (values.json) return JSON.stringify(summary, null, 2);
  return `Revoked key ${summary.keyId} "${summary.name}" at ${summary.revokedAt}. Running gateways refuse it once their key cache expires.`;
}

/** `keys usage <keyId>`: today's and the month's counters, per model and per day, with the key's limits. */
export async function usageCommand(
  dependencies: Pick<KeysCommandDependencies, 'keyStore' | 'usageMeter' | 'now'>,
  args: string[],
): Promise<string> {
  const { values, positionals } = parseCommandArgs('usage', args, {
    month: { type: 'string' },
    json: { type: 'boolean' },
  });
  const keyId = checkKeyId('usage', positionals);
  const record = await dependencies.keyStore.getById(keyId);
  if (!record) throw new KeyCommandError(`keys usage: no key has the id '${keyId}'.`);
  const nowMs = dependencies.now();
  const currentMonth = new Date(nowMs).toISOString().slice(0, 7);
  const monthId = values.month ?? currentMonth;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(monthId)) {
    throw new KeyCommandError(`keys usage: --month must be a UTC month like 2026-11, got '${monthId}'.`);
  }
  const usage = monthId === currentMonth ? await dependencies.usageMeter.getUsage(keyId, nowMs) : undefined;
  const month = await dependencies.usageMeter.getMonthUsage(keyId, monthId);
  if (values.json) return JSON.stringify({ ...month, ...(usage ? { day: usage.day } : {}) }, null, 2);
  const row = (label: string, window: WindowUsage) => [
    `${label} ${window.window}`,
    String(window.requests),
    String(window.inputTokens),
    String(window.outputTokens),
    window.costUsd.toFixed(6),
    String(window.reservedTokens),
  ];
  const modelRow = (label: string, window: ModelWindowUsage) => [
    label,
    String(window.requests),
    String(window.inputTokens),
    String(window.outputTokens),
    String(window.cacheReadTokens),
    String(window.cacheWriteTokens),
    String(window.reasoningTokens),
    window.costUsd.toFixed(6),
  ];
  const windows = [...month.days, month.month];
  return [
    `Usage of key ${record.keyId} "${record.name}" (UTC). Limits: ${describeLimits(record.limits)}.`,
    '',
    ...(usage
      ? [
          formatTable([
            ['WINDOW', 'REQUESTS', 'INPUT TOKENS', 'OUTPUT TOKENS', 'COST USD', 'IN FLIGHT TOKENS'],
            row('day', usage.day),
            row('month', usage.month),
          ]),
          '',
        ]
      : []),
    'Per model (Bedrock calls charged; days the usage item still holds, then the month):',
    formatTable([
      ['WINDOW / MODEL', 'CALLS', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', 'REASONING', 'COST USD'],
      ...windows.flatMap((window) => [
        modelRow(window.window, window),
        ...Object.entries(window.models)
          .sort(([left], [right]) => left.localeCompare(right))
          .map(([model, counters]) => modelRow(`  ${model}`, counters)),
      ]),
    ]),
  ].join('\n');
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parseCommandArgs<const T extends OptionSpec>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's hint about '--' positionals is noise for these commands; keep the first sentence.
    const problem = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.');
    throw new KeyCommandError(`keys ${command}: ${problem}\n\n${KEYS_COMMAND_USAGE}`);
  }
}

function parseKeyIdCommand(command: string, args: string[]) {
  const { values, positionals } = parseCommandArgs(command, args, { json: { type: 'boolean' } });
  return { values, keyId: checkKeyId(command, positionals) };
}

/** The one key id a command takes, checked for shape. */
function checkKeyId(command: string, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new KeyCommandError(
      `keys ${command}: expected exactly one key id, e.g. keys ${command} key_3f9a0c1b2d4e.`,
    );
  }
  const keyId = positionals[0]!;
  if (!isWellFormedKeyId(keyId)) {
    throw new KeyCommandError(
      `keys ${command}: '${keyId}' is not a key id (key_ followed by 12 hex characters; see keys list).`,
    );
  }
  return keyId;
}

const LIMIT_FLAGS = {
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'max-tokens-per-request': { type: 'string' },
  'daily-tokens': { type: 'string' },
  'monthly-budget-usd': { type: 'string' },
} as const;

/** Limit names as flags (and `--remove-limits` takes them) to the record's fields. */
const LIMIT_FIELDS: Readonly<Record<string, keyof KeyLimits>> = {
  rpm: 'rpm',
  tpm: 'tpm',
  'max-tokens-per-request': 'maxTokensPerRequest',
  'daily-tokens': 'dailyTokens',
  'monthly-budget-usd': 'monthlyBudgetUsd',
};

/** The limits given as flags (`--rpm 60 ...`); absent flags are absent limits. */
function parseLimitFlags(
  values: Partial<Record<keyof typeof LIMIT_FLAGS, string | boolean | undefined>>,
): KeyLimits {
  const limits: KeyLimits = {};
  for (const [flag, field] of Object.entries(LIMIT_FIELDS)) {
    const value = values[flag as keyof typeof LIMIT_FLAGS];
    if (typeof value !== 'string') continue;
    limits[field] =
      field === 'monthlyBudgetUsd' ? parseUsdAmount(flag, value) : parsePositiveInteger(flag, value);
  }
  return limits;
}

function parseModels(value: string, registry: ModelRegistry | undefined): string[] {
  const models = value
    .split(',')
    .map((model) => model.trim())
    .filter((model) => model !== '');
  if (models.length === 0) throw new KeyCommandError('keys create: --models lists no model.');
  if (models.includes(ALL_MODELS) && models.length > 1) {
    throw new KeyCommandError(
      `keys create: --models '${ALL_MODELS}' allows every model; do not add aliases to it.`,
    );
  }
  if (registry && !models.includes(ALL_MODELS)) {
    const unknown = models.filter((model) => !registry.has(model));
    if (unknown.length > 0) {
      throw new KeyCommandError(
        `keys create: unknown model alias ${unknown.map((model) => `'${model}'`).join(', ')}. Configured: ${[...registry.keys()].join(', ')}.`,
      );
    }
  }
  return models;
}

function parsePositiveInteger(flag: string, value: string): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new KeyCommandError(`keys create: --${flag} must be a positive whole number, got '${value}'.`);
  }
  return parsed;
}

function parseUsdAmount(flag: string, value: string): number {
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed > 0))
    throw new KeyCommandError(`keys create: --${flag} must be a positive USD amount, got '${value}'.`);
  return parsed;
}

/** `30d`, `12h`, or an ISO 8601 date or time; always returned as an ISO time in UTC, in the future. */
function parseExpiry(value: string, nowMs: number): string {
  const relative = /^(\d+)([dh])$/.exec(value);
  let expiresAtMs: number;
  if (relative) {
    expiresAtMs = nowMs + Number(relative[1]) * (relative[2] === 'd' ? DAY_MS : HOUR_MS);
  } else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    expiresAtMs = Date.parse(value);
  } else {
    expiresAtMs = Number.NaN;
  }
  if (Number.isNaN(expiresAtMs)) {
    throw new KeyCommandError(
      `keys create: --expires must be an ISO date or time (2027-01-31, 2027-01-31T12:00:00Z) or a duration like 30d or 12h, got '${value}'.`,
    );
  }
  if (expiresAtMs <= nowMs)
    throw new KeyCommandError(`keys create: --expires '${value}' is not in the future.`);
  return new Date(expiresAtMs).toISOString();
}

function describeStatus(key: KeySummary, nowMs: number): string {
  if (key.status === 'active' && key.expiresAt !== undefined && Date.parse(key.expiresAt) <= nowMs)
    return 'expired';
  return key.status;
}

function describeLimits(limits: KeyLimits): string {
  const parts = [
    limits.rpm === undefined ? undefined : `rpm ${limits.rpm}`,
    limits.tpm === undefined ? undefined : `tpm ${limits.tpm}`,
    limits.maxTokensPerRequest === undefined ? undefined : `max tokens/request ${limits.maxTokensPerRequest}`,
    limits.dailyTokens === undefined ? undefined : `daily tokens ${limits.dailyTokens}`,
    limits.monthlyBudgetUsd === undefined ? undefined : `monthly budget ${limits.monthlyBudgetUsd} USD`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'unlimited' : parts.join(', ');
}

function describeKey(key: KeySummary, nowMs: number): string[] {
  const tier = key.serviceTier;
  return [
    `status:  ${describeStatus(key, nowMs)}`,
    `models:  ${key.models.join(', ')}`,
    `limits:  ${describeLimits(key.limits)}`,
    `expires: ${key.expiresAt ?? 'never'}`,
    ...(key.guardrail ? [`guardrail: ${key.guardrail.identifier} version ${key.guardrail.version}`] : []),
    ...(tier ? [`service tier: ${tier.default ?? 'as asked'}, at most ${tier.max ?? 'any'}`] : []),
    ...(key.automaticCachePoints ? ['automatic cache points: on'] : []),
  ];
}

/** `<id or ARN>:<version>`: the version after the last colon (an ARN has colons of its own). */
function parseGuardrail(value: string): { identifier: string; version: string } {
  const separator = value.lastIndexOf(':');
  const guardrail = { identifier: value.slice(0, separator), version: value.slice(separator + 1) };
  if (
    separator <= 0 ||
    !GUARDRAIL_IDENTIFIER_PATTERN.test(guardrail.identifier) ||
    !GUARDRAIL_VERSION_PATTERN.test(guardrail.version)
  ) {
    throw new KeyCommandError(
      `keys create: --guardrail takes <guardrail id or ARN>:<version or DRAFT>, e.g. gr1a2b3c:1; got '${value}'.`,
    );
  }
  return guardrail;
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
