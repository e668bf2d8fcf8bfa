import { z } from 'zod';
import type { NativeCallOptions } from '../../bedrock/bedrock-invoker.js';
import { InvalidRequestError } from '../../core/errors.js';
import type { GuardrailReference } from '../../core/generate-request.js';
import {
  GUARDRAIL_IDENTIFIER_PATTERN,
  GUARDRAIL_VERSION_PATTERN,
  type ServiceTierChoice,
} from '../../core/governance.js';

/** What an InvokeModel request says in its headers beside the native body. */
export interface InvokeHeaders {
  /** `X-Amzn-Bedrock-GuardrailIdentifier` and `-GuardrailVersion`, both or neither. */
  guardrail: GuardrailReference | undefined;
  /** `X-Amzn-Bedrock-Service-Tier`. */
  serviceTier: ServiceTierChoice | undefined;
  /** `X-Amzn-Bedrock-Trace`, `-PerformanceConfig-Latency` and `-Request-Metadata`, forwarded as sent. */
  options: Pick<NativeCallOptions, 'trace' | 'performanceConfigLatency' | 'requestMetadata'>;
}

/** The enums and patterns of botocore bedrock-runtime 2023-09-30 `InvokeModelRequest`'s header members. */
const headersSchema = z.object({
  guardrailIdentifier: z.string().regex(GUARDRAIL_IDENTIFIER_PATTERN).optional(),
  guardrailVersion: z.string().regex(GUARDRAIL_VERSION_PATTERN).optional(),
  trace: z.enum(['ENABLED', 'DISABLED', 'ENABLED_FULL']).optional(),
  serviceTier: z.enum(['priority', 'default', 'flex']).optional(),
  performanceConfigLatency: z.enum(['standard', 'optimized']).optional(),
});

const HEADER_NAMES: Readonly<Record<keyof z.input<typeof headersSchema>, string>> = {
  guardrailIdentifier: 'X-Amzn-Bedrock-GuardrailIdentifier',
  guardrailVersion: 'X-Amzn-Bedrock-GuardrailVersion',
  trace: 'X-Amzn-Bedrock-Trace',
  serviceTier: 'X-Amzn-Bedrock-Service-Tier',
  performanceConfigLatency: 'X-Amzn-Bedrock-PerformanceConfig-Latency',
};

/**
 * `X-Amzn-Bedrock-Request-Metadata`: a JSON object of strings, which the SDKs send base64-encoded (a header
 * member with a JSON media type); returned as its JSON text, for the invoker's SDK to encode again.
 */
function readRequestMetadata(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (z.record(z.string(), z.string()).safeParse(json).success) return JSON.stringify(json);
  } catch {
    // Refused below.
  }
  throw new InvalidRequestError(
    'invalid_header',
    'Invalid request: X-Amzn-Bedrock-Request-Metadata is not a base64 JSON object of strings.',
    { param: 'X-Amzn-Bedrock-Request-Metadata' },
  );
}

/** Reads InvokeModel's header members; a value outside its enum or pattern is a 400 naming the header. */
export function readInvokeHeaders(headers: Headers): InvokeHeaders {
  const raw = Object.fromEntries(
    Object.entries(HEADER_NAMES).flatMap(([member, name]) => {
      const value = headers.get(name);
      return value === null ? [] : [[member, value]];
    }),
  );
  const parsed = headersSchema.safeParse(raw);
  if (!parsed.success) {
    const member = String(parsed.error.issues[0]!.path[0]) as keyof typeof HEADER_NAMES;
    throw new InvalidRequestError(
      'invalid_header',
      `Invalid request: ${HEADER_NAMES[member]} has a value Bedrock does not take.`,
      { param: HEADER_NAMES[member] },
    );
  }
  const { guardrailIdentifier, guardrailVersion, trace, serviceTier, performanceConfigLatency } = parsed.data;
  if ((guardrailIdentifier === undefined) !== (guardrailVersion === undefined)) {
    throw new InvalidRequestError(
      'invalid_header',
      'Invalid request: X-Amzn-Bedrock-GuardrailIdentifier and X-Amzn-Bedrock-GuardrailVersion go together.',
      { param: 'X-Amzn-Bedrock-GuardrailIdentifier' },
    );
  }
  const requestMetadata = readRequestMetadata(headers.get('X-Amzn-Bedrock-Request-Metadata') ?? undefined);
  return {
    guardrail:
      guardrailIdentifier && guardrailVersion
        ? {
            identifier: guardrailIdentifier,
            version: guardrailVersion,
            ...(trace === undefined ? {} : { trace: trace !== 'DISABLED' }),
          }
        : undefined,
    serviceTier,
    options: {
      ...(trace ? { trace } : {}),
      ...(performanceConfigLatency ? { performanceConfigLatency } : {}),
      ...(requestMetadata ? { requestMetadata } : {}),
    },
  };
}
