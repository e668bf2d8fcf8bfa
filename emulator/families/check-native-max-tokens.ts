import { describeSchemaViolation } from '../bedrock-messages.js';
import { createValidationError } from '../errors.js';
import type { NativeModel } from './text-family.js';

/**
 * A native max-tokens field above the model's cap, in the JSON-schema validator's words
 * (`#/max_gen_len: 4097 is not less or equal to 4096`, as the schema style words every bound).
 */
export function checkNativeMaxTokens(value: number | undefined, model: NativeModel, pointer: string): void {
  const limit = model.definition.maxOutputTokens;
  if (value !== undefined && value > limit) {
    throw createValidationError(
      describeSchemaViolation(pointer, `${value} is not less or equal to ${limit}`),
    );
  }
}
