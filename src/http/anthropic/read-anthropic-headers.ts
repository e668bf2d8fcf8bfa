import { InvalidRequestError } from '../../core/errors.js';
import { ANTHROPIC_BETAS, parseBetaHeader } from './anthropic-betas.js';

/**
 * The API versions the gateway speaks (https://platform.claude.com/docs/en/api/versioning): `2023-06-01`, which
 * Claude Code and SDKs before 1.0 send, and `2026-10-21`, which `@anthropic-ai/sdk` 1.x sends. A request without
 * the header is read as `2023-06-01`, so that curl users need not send it.
 */
export const ANTHROPIC_API_VERSIONS = ['2023-06-01', '2026-10-21'] as const;
export type AnthropicApiVersion = (typeof ANTHROPIC_API_VERSIONS)[number];

/** What a Messages request says in its headers about the API it speaks. */
export interface AnthropicRequestHeaders {
  version: AnthropicApiVersion;
  /** Every flag of `anthropic-beta`, in order; each is known to the gateway or accepted by the operator. */
  betas: string[];
}

function isApiVersion(value: string): value is AnthropicApiVersion {
  return (ANTHROPIC_API_VERSIONS as readonly string[]).includes(value);
}

/**
 * Reads `anthropic-version` and `anthropic-beta` (Claude Code's `?beta=true` query says only that betas may be
 * sent, and needs nothing). An unknown version, or a beta flag that is neither in the gateway's table
 * (`ANTHROPIC_BETAS`) nor in `acceptedBetas`, is a 400 naming it: the gateway does not pretend to support a
 * beta it does not know.
 */
export function readAnthropicHeaders(
  headers: Headers,
  acceptedBetas: readonly string[],
): AnthropicRequestHeaders {
  const versionHeader = headers.get('anthropic-version')?.trim();
  const version = versionHeader === undefined || versionHeader === '' ? '2023-06-01' : versionHeader;
  if (!isApiVersion(version)) {
    throw new InvalidRequestError(
      'unsupported_api_version',
      `anthropic-version '${version}' is not one the gateway speaks: send ${ANTHROPIC_API_VERSIONS.join(' or ')}.`,
      { param: 'anthropic-version' },
    );
  }
  const betas = parseBetaHeader(headers.get('anthropic-beta'));
  const unknown = betas.find(
    (beta) => !Object.hasOwn(ANTHROPIC_BETAS, beta) && !acceptedBetas.includes(beta),
  );
  if (unknown !== undefined) {
    throw new InvalidRequestError(
      'unsupported_beta',
      `anthropic-beta '${unknown}' is not supported by this gateway on Bedrock. Remove it; the gateway's operator can accept it with anthropic.acceptedBetas if it is harmless.`,
      { param: 'anthropic-beta' },
    );
  }
  return { version, betas };
}
