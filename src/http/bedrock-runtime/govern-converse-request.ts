import type { GuardrailReference } from '../../core/generate-request.js';
import { resolveClientGuardrail, type ServiceTierChoice } from '../../core/governance.js';
import type { ConverseRequestBody } from './converse-request-schema.js';

/** What governance decided for a Converse call, before it is written into each attempt's body. */
export interface ConverseGovernance {
  /** The output budget: the client's `inferenceConfig.maxTokens` after the caps, or the default. */
  maxTokens: number;
  guardrail: GuardrailReference | undefined;
  serviceTier: ServiceTierChoice | undefined;
}

/** The guardrail a Converse body names, in canonical terms (its `trace` as on or off). */
export function readConverseGuardrail(body: ConverseRequestBody): GuardrailReference | undefined {
  const config = body.guardrailConfig;
  if (!config) return undefined;
  return {
    identifier: config.guardrailIdentifier,
    version: config.guardrailVersion,
    ...(config.trace === undefined ? {} : { trace: config.trace !== 'disabled' }),
  };
}

/**
 * The guardrail that applies: the key's (or the gateway's), which the body may repeat but not replace, else
 * the body's own (see `resolveClientGuardrail`).
 */
export function resolveConverseGuardrail(
  body: ConverseRequestBody,
  governed: GuardrailReference | undefined,
): GuardrailReference | undefined {
  return resolveClientGuardrail(readConverseGuardrail(body), governed, 'guardrailConfig');
}

/**
 * The body one attempt sends, for a model whose own maximum may be lower than the budget: the client's JSON
 * with `inferenceConfig.maxTokens` set (so that an omitted one is the budget the key reserved, never Bedrock's
 * unknown default), the governed guardrail (its identifier and version always the governed ones; a client's own
 * `guardrailConfig` naming the same one keeps its `trace` and `streamProcessingMode`) and the service tier. Everything else is the client's.
 */
export function writeConverseBody(
  body: ConverseRequestBody,
  governance: ConverseGovernance,
  modelMaxOutputTokens: number,
): Record<string, unknown> {
  const { guardrail, serviceTier } = governance;
  // The governed identifier and version are always the ones sent: the body may only repeat them (by id, so an
  // ARN of another account or region with the same id and version must not reach Bedrock in their place).
  const guardrailConfig = !guardrail
    ? body.guardrailConfig
    : body.guardrailConfig
      ? {
          ...body.guardrailConfig,
          guardrailIdentifier: guardrail.identifier,
          guardrailVersion: guardrail.version,
        }
      : {
          guardrailIdentifier: guardrail.identifier,
          guardrailVersion: guardrail.version,
          trace: guardrail.trace ? 'enabled' : 'disabled',
        };
  return {
    ...body,
    inferenceConfig: {
      ...body.inferenceConfig,
      maxTokens: Math.min(governance.maxTokens, modelMaxOutputTokens),
    },
    ...(guardrailConfig ? { guardrailConfig } : {}),
    ...(serviceTier ? { serviceTier: { type: serviceTier } } : {}),
  };
}
