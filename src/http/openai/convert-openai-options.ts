import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import type {
  GenerateRequest,
  OutputFormat,
  ReasoningRequest,
  ToolChoice,
  ToolDefinition,
} from '../../core/generate-request.js';
import type { ReasoningEffort } from '../../core/model-capabilities.js';
import type { REASONING_EFFORTS } from './chat-request-schema.js';

/**
 * The options OpenAI's chat completions and Responses API share, in canonical terms. Each mapping has its one
 * home here, so that the two APIs answer the same request the same way.
 */

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** OpenAI's `temperature`; above 1 is refused, as OpenAI's 0 to 2 does not map onto Bedrock's 0 to 1. */
export function convertTemperature(temperature: number | null | undefined): number | undefined {
  if (!isPresent(temperature)) return undefined;
  if (temperature > 1) {
    throw new InvalidRequestError(
      'unsupported_value',
      `temperature is ${temperature}, but Bedrock models take 0 to 1 (OpenAI's 0 to 2 does not map onto it): send a value up to 1.`,
      { param: 'temperature' },
    );
  }
  return temperature;
}

/**
 * `parallel_tool_calls`: `true` is Bedrock's behaviour; `false` is refused, as Bedrock cannot be told to call one
 * tool at a time.
 */
export function checkParallelToolCalls(parallel: boolean | null | undefined): void {
  if (parallel === false) {
    throw new UnsupportedParameterError(
      'parallel_tool_calls',
      'parallel_tool_calls: false is not supported: Bedrock cannot be told to call one tool at a time. Omit it.',
    );
  }
}

export type OpenAIReasoningEffort = (typeof REASONING_EFFORTS)[number];

/**
 * OpenAI's reasoning effort (chat `reasoning_effort`, Responses `reasoning.effort`) as a canonical reasoning
 * request. `minimal` is the lowest effort Bedrock's models take (`low`); `none` asks for no reasoning (a model
 * that always reasons still does).
 */
export function convertReasoningEffort(
  effort: OpenAIReasoningEffort | null | undefined,
): ReasoningRequest | undefined {
  if (!isPresent(effort) || effort === 'none') return undefined;
  const canonical: ReasoningEffort = effort === 'minimal' ? 'low' : effort;
  return { effort: canonical };
}

/**
 * OpenAI's `service_tier` as Bedrock's: `auto` leaves the choice to the key's default tier, `default`,
 * `flex` and `priority` are Bedrock's tiers of the same names (Bedrock Runtime `ServiceTier`: priority, default,
 * flex, reserved; https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ServiceTier.html).
 * `scale`, OpenAI's Scale Tier, has no counterpart and is refused.
 */
export function convertServiceTier(
  tier: 'auto' | 'default' | 'flex' | 'scale' | 'priority' | null | undefined,
): GenerateRequest['serviceTier'] {
  if (tier === 'scale') {
    throw new UnsupportedParameterError(
      'service_tier',
      "service_tier 'scale' is OpenAI's Scale Tier, which Bedrock has no counterpart for: send 'auto', 'default', 'flex' or 'priority'.",
    );
  }
  if (!isPresent(tier) || tier === 'auto') return undefined;
  return tier;
}

/** An OpenAI output format (chat `response_format`, Responses `text.format`), flattened. */
export type OpenAIOutputFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      name: string;
      description?: string | null | undefined;
      schema?: Record<string, unknown> | null | undefined;
      strict?: boolean | null | undefined;
    };

/**
 * An OpenAI output format as the canonical one: `json_object` is any JSON object, `json_schema` JSON that follows
 * its schema (one without a schema is any JSON object); `text` asks for nothing.
 */
export function convertOutputFormat(format: OpenAIOutputFormat | undefined): OutputFormat | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object' || !isPresent(format.schema)) return { type: 'json-object' };
  const { name, description, schema, strict } = format;
  return {
    type: 'json-schema',
    schema,
    name,
    ...(isPresent(description) ? { description } : {}),
    ...(isPresent(strict) ? { strict } : {}),
  };
}

/** A function tool's definition, as both APIs give it; a tool without parameters takes none. */
export function convertFunctionTool(definition: {
  name: string;
  description?: string | null | undefined;
  parameters?: Record<string, unknown> | null | undefined;
}): ToolDefinition {
  return {
    name: definition.name,
    ...(isPresent(definition.description) ? { description: definition.description } : {}),
    inputSchema: definition.parameters ?? { type: 'object', properties: {} },
  };
}

/** OpenAI's tool choice in canonical terms: `required` is Bedrock's `any`, a named function its `tool`. */
export function convertToolChoiceOption(choice: 'auto' | 'none' | 'required' | { name: string }): ToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}
