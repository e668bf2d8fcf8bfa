import { z } from 'zod';
import { GUARDRAIL_IDENTIFIER_PATTERN, GUARDRAIL_VERSION_PATTERN } from '../core/governance.js';
import type { UsageLimits } from '../core/usage-windows.js';

/** A Bedrock guardrail applied to every call of a key. */
export const guardrailSchema = z.object({
  identifier: z.string().regex(GUARDRAIL_IDENTIFIER_PATTERN, 'a guardrail id or ARN'),
  version: z.string().regex(GUARDRAIL_VERSION_PATTERN, 'a version number or DRAFT'),
  trace: z.boolean().optional(),
});

const tierSchema = z.enum(['flex', 'default', 'priority']);

/** The service tier of a key's calls: a default, and a cap. */
export const serviceTierSchema = z.object({ default: tierSchema.optional(), max: tierSchema.optional() });

/** The model list entry that allows every configured model. */
export const ALL_MODELS = '*';

const positiveInteger = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A key's limits; an absent limit means unlimited. */
export const keyLimitsSchema = z.object({
  rpm: positiveInteger.optional(),
  tpm: positiveInteger.optional(),
  maxTokensPerRequest: positiveInteger.optional(),
  dailyTokens: positiveInteger.optional(),
  /** USD per UTC calendar month; counted in integer micro-USD. */
  monthlyBudgetUsd: z.number().positive().max(1e9).optional(),
}) satisfies z.ZodType<UsageLimits>;

/**
 * What a key may do besides calling the models it lists. `admin`: the admin API and the console. Only the
 * CLI creates admin keys (`keys create --admin`); an admin key calls models only if it also lists them.
 */
export const keyRoleSchema = z.enum(['admin']);
export type KeyRole = z.infer<typeof keyRoleSchema>;

const modelsSchema = z
  .array(z.string().trim().min(1))
  .refine((models) => !models.includes(ALL_MODELS) || models.length === 1, {
    message: `'${ALL_MODELS}' already allows every model; do not combine it with aliases.`,
  });

/**
 * A key as stored in the keys table. Read leniently (unknown attributes are dropped) because the table is
 * shared with Terraform and with operators' own tooling.
 */
export const keyRecordSchema = z.object({
  /** Public short id, e.g. `key_3f9a0c1b2d4e`. Safe to log and print. */
  keyId: z.string().min(1),
  /** SHA-256 hex of the secret key: the table's hash key. Never printed. */
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string(),
  status: z.enum(['active', 'revoked']),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  revokedAt: z.iso.datetime({ offset: true }).optional(),
  /** Model aliases this key may use, or `['*']`. */
  models: z.array(z.string()),
  limits: keyLimitsSchema.default({}),
  /** Applied to every call made with the key. */
  guardrail: guardrailSchema.optional(),
  serviceTier: serviceTierSchema.optional(),
  /** Place cache points automatically after a long system prompt and tools. */
  automaticCachePoints: z.boolean().optional(),
  /** Absent for an API key; `admin` for a key of the admin API (which may list no model). */
  role: keyRoleSchema.optional(),
});

export type KeyRecord = z.infer<typeof keyRecordSchema>;
export type KeyLimits = KeyRecord['limits'];
export type KeyStatus = KeyRecord['status'];

/** A key without its hash: what listings and CLI output carry. */
export type KeySummary = Omit<KeyRecord, 'keyHash'>;

export const keySummarySchema = keyRecordSchema.omit({ keyHash: true });

/** What an operator supplies to create a key. Checked strictly: a typo in a limit name is an error. */
export const newKeySchema = z
  .strictObject({
    name: z.string().trim().min(1, 'A key needs a name.').max(128),
    models: modelsSchema,
    limits: keyLimitsSchema.strict().default({}),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    guardrail: guardrailSchema.strict().optional(),
    serviceTier: serviceTierSchema.strict().optional(),
    automaticCachePoints: z.boolean().optional(),
    role: keyRoleSchema.optional(),
  })
  .refine((key) => key.role === 'admin' || key.models.length > 0, {
    message: 'List at least one model alias, or * for all models.',
    path: ['models'],
  });

export type NewKey = z.input<typeof newKeySchema>;

/**
 * What an update may change; an absent field is kept, `null` removes an optional one. The role and the
 * secret never change: a new role is a new key.
 */
export const keyChangesSchema = z.strictObject({
  name: z.string().trim().min(1).max(128).optional(),
  models: modelsSchema.optional(),
  /** Replaces the limits as a whole: a limit left out becomes unlimited. */
  limits: keyLimitsSchema.strict().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  guardrail: guardrailSchema.strict().nullable().optional(),
  serviceTier: serviceTierSchema.strict().nullable().optional(),
  automaticCachePoints: z.boolean().optional(),
});

export type KeyChanges = z.input<typeof keyChangesSchema>;

/** The record without its hash. Fields are picked one by one, so a new secret field is never leaked by default. */
export function summarizeKey(record: KeyRecord): KeySummary {
  return {
    keyId: record.keyId,
    name: record.name,
    status: record.status,
    createdAt: record.createdAt,
    ...(record.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }),
    ...(record.revokedAt === undefined ? {} : { revokedAt: record.revokedAt }),
    models: record.models,
    limits: record.limits,
    ...(record.guardrail === undefined ? {} : { guardrail: record.guardrail }),
    ...(record.serviceTier === undefined ? {} : { serviceTier: record.serviceTier }),
    ...(record.automaticCachePoints === undefined
      ? {}
      : { automaticCachePoints: record.automaticCachePoints }),
    ...(record.role === undefined ? {} : { role: record.role }),
  };
}
