import { z } from 'zod';
import type { ExceptionName } from './errors.js';
import { createRandom, pickInteger } from './seeded-random.js';

const faultRuleSchema = z.strictObject({
  /** Probability (0..1) of a ThrottlingException. */
  throttle: z.number().min(0).max(1).optional(),
  /** Probability (0..1) of a 5xx: InternalServerException or ServiceUnavailableException, half and half. */
  serverError: z.number().min(0).max(1).optional(),
  /** Extra latency: a seeded draw between 0 and this many milliseconds, on every matching call. */
  latencyMs: z.number().int().min(0).optional(),
  /** Probability (0..1) that a stream is cut mid-way with a modelStreamErrorException. */
  streamCut: z.number().min(0).max(1).optional(),
});

/** Fault rates for one set of models. */
export type FaultRule = z.output<typeof faultRuleSchema>;

/**
 * Fault rates for chaos runs, keyed by a substring of the model id (`"claude"`, `"us.anthropic"`, `""` for all).
 * When several keys match a model id, the first in the object wins.
 */
export type FaultConfig = Record<string, FaultRule>;

const faultConfigSchema = z.record(z.string(), faultRuleSchema);

/**
 * Parses and validates a fault configuration from JSON (e.g. the `EMULATOR_FAULTS` variable).
 * Throws an Error naming the offending key when the JSON or a rate is invalid.
 */
export function parseFaultConfig(json: string): FaultConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(
      `Fault config is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return validateFaultConfig(parsed);
}

/** Validates a fault configuration given as a value; throws an Error naming the offending key. */
export function validateFaultConfig(value: unknown): FaultConfig {
  const result = faultConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new Error(`Invalid fault config: ${problems.join('; ')}`);
}

/** What the fault injector decided for one call. */
export interface FaultDecision {
  /** Answer with this exception instead of a reply. */
  exceptionName?: ExceptionName;
  extraLatencyMs: number;
  /** When set, cut the stream after this fraction (0..1) of its content chunks. */
  streamCutFraction?: number;
}

/** Decides the faults of one call to a model. */
export type FaultInjector = (modelId: string) => FaultDecision;

/**
 * Creates a fault injector whose decisions follow one seeded sequence: the same seed and the same order of
 * calls give the same faults, so a chaos run can be replayed. Calls that match no rule do not advance it.
 */
export function createFaultInjector(config: FaultConfig, seed: number): FaultInjector {
  const random = createRandom(seed);
  const rules = Object.entries(config);
  return (modelId) => {
    const rule = rules.find(([substring]) => modelId.includes(substring))?.[1];
    if (rule === undefined) return { extraLatencyMs: 0 };
    // Every matching call takes the same six draws, so one rule's rates never shift another call's outcome.
    const throttleDraw = random();
    const serverErrorDraw = random();
    const serverErrorKindDraw = random();
    const extraLatencyMs = pickInteger(random, 0, rule.latencyMs ?? 0);
    const streamCutDraw = random();
    const streamCutPositionDraw = random();
    const decision: FaultDecision = { extraLatencyMs };
    if (throttleDraw < (rule.throttle ?? 0)) decision.exceptionName = 'ThrottlingException';
    else if (serverErrorDraw < (rule.serverError ?? 0)) {
      decision.exceptionName =
        serverErrorKindDraw < 0.5 ? 'InternalServerException' : 'ServiceUnavailableException';
    }
    if (streamCutDraw < (rule.streamCut ?? 0)) decision.streamCutFraction = streamCutPositionDraw;
    return decision;
  };
}
