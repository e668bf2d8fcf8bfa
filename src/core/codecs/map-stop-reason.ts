import { UpstreamError } from '../errors.js';
import type { StopReason } from '../generate-result.js';

/** How one source (a model family or Converse) names the reasons a generation stopped. */
export interface StopReasonMapping {
  /** The source's name, used in error messages, e.g. `cohere-command-r`. */
  readonly source: string;
  /** Native value -> canonical stop reason. */
  readonly reasons: Readonly<Record<string, StopReason>>;
  /**
   * Native values that mean the generation failed rather than finished, each with the reason in words.
   * Passing such an answer on as a normal stop would hand the client a broken result without saying so.
   */
  readonly failures?: Readonly<Record<string, string>>;
}

/**
 * Maps a native stop reason onto the canonical vocabulary.
 * An absent value (`null` while streaming, or a body without the field) and an unknown value map to `end_turn`:
 * a new upstream value must not fail an answer that otherwise arrived whole.
 * Throws UpstreamError (502, `upstream_generation_failed`) for a value listed in `failures`.
 */
export function mapStopReason(
  mapping: StopReasonMapping,
  nativeReason: string | null | undefined,
): StopReason {
  if (nativeReason === null || nativeReason === undefined) return 'end_turn';
  if (Object.hasOwn(mapping.reasons, nativeReason)) return mapping.reasons[nativeReason]!;
  if (mapping.failures && Object.hasOwn(mapping.failures, nativeReason)) {
    throw new UpstreamError(
      502,
      'upstream_generation_failed',
      `The model (${mapping.source}) stopped with '${nativeReason}': ${mapping.failures[nativeReason]}.`,
    );
  }
  return 'end_turn';
}
