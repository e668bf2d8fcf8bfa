import { z } from 'zod';
import { GUARDRAIL_IDENTIFIER_PATTERN, GUARDRAIL_VERSION_PATTERN } from '../../core/governance.js';

/**
 * A Converse (and ConverseStream) request body, as the gateway needs to read it: the members it governs are
 * checked (botocore bedrock-runtime 2023-09-30 `ConverseRequest`, `InferenceConfiguration`,
 * `GuardrailConfiguration`, `ServiceTier`); everything else is Bedrock's to validate and passes as sent
 * (`system`, `toolConfig`, `additionalModelRequestFields`, `outputConfig`, `performanceConfig`...).
 */
export const converseRequestSchema = z.looseObject({
  messages: z.array(z.looseObject({ role: z.string(), content: z.array(z.unknown()) })),
  system: z.array(z.unknown()).optional(),
  inferenceConfig: z.looseObject({ maxTokens: z.number().int().positive().optional() }).optional(),
  guardrailConfig: z
    .looseObject({
      guardrailIdentifier: z.string().regex(GUARDRAIL_IDENTIFIER_PATTERN, 'a guardrail id or ARN'),
      guardrailVersion: z.string().regex(GUARDRAIL_VERSION_PATTERN, 'a version number or DRAFT'),
      trace: z.enum(['enabled', 'disabled', 'enabled_full']).optional(),
    })
    .optional(),
  // `reserved` is provisioned capacity the gateway does not price: it is refused by name, not passed on.
  serviceTier: z.strictObject({ type: z.enum(['priority', 'default', 'flex']) }).optional(),
});

export type ConverseRequestBody = z.output<typeof converseRequestSchema>;

/** CountTokens' body: the Converse request or the InvokeModel body to count (`CountTokensInput`, a union). */
export const countTokensRequestSchema = z.strictObject({
  input: z.union([
    z.strictObject({ converse: z.looseObject({ messages: z.array(z.unknown()) }) }),
    z.strictObject({ invokeModel: z.strictObject({ body: z.string().min(1) }) }),
  ]),
});
