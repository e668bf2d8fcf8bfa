import {
  describeLatencyUnsupported,
  RESERVATION_NOT_FOUND,
  SERVICE_TIER_INVALID,
  SERVICE_TIER_UNSUPPORTED,
} from './bedrock-messages.js';
import type { ServiceTierName, TextModel } from './catalogue/foundation-model.js';
import { createValidationError } from './errors.js';

/** The serving options a call asks for: Converse's `serviceTier` and `performanceConfig`, or InvokeModel's headers. */
export interface ServiceOptions {
  serviceTier?: string;
  latency?: string;
}

const SERVICE_TIERS: ReadonlySet<string> = new Set<ServiceTierName>([
  'priority',
  'default',
  'flex',
  'reserved',
]);

/**
 * Bedrock's rules for the serving options, the same on Converse and InvokeModel (bedrock-validation.md §9): a tier
 * outside the enum, a tier the model does not serve, `reserved` without a reservation (the emulator has none),
 * and latency optimisation where the model has none.
 */
export function checkServiceOptions(
  model: TextModel,
  modelId: string,
  options: ServiceOptions,
  region: string,
): void {
  const { serviceTier, latency } = options;
  if (serviceTier !== undefined) {
    if (!SERVICE_TIERS.has(serviceTier)) throw createValidationError(SERVICE_TIER_INVALID);
    if (serviceTier === 'reserved') throw createValidationError(RESERVATION_NOT_FOUND);
    if (!model.capabilities.serviceTiers.includes(serviceTier as ServiceTierName)) {
      throw createValidationError(SERVICE_TIER_UNSUPPORTED);
    }
  }
  if (latency === 'optimized' && !model.capabilities.latencyOptimized) {
    throw createValidationError(describeLatencyUnsupported(modelId, region));
  }
}
