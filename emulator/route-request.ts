/** The Bedrock Runtime operations the emulator serves, by their path suffix. */
export type Operation =
  | 'invoke'
  | 'invoke-with-response-stream'
  | 'converse'
  | 'converse-stream'
  | 'count-tokens';

/** A request matched to an operation on a model. */
export interface Route {
  /** The model id segment, percent-decoded (an ARN's `%2F` becomes `/`). */
  modelId: string;
  operation: Operation;
}

const ROUTE_PATTERN =
  /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream|count-tokens)$/;

/**
 * Matches `POST /model/{modelId}/{operation}`. The model id is one percent-encoded segment and is never split on
 * `/`, which is why ARNs arrive encoded. Returns undefined for anything else.
 */
export function matchRoute(method: string | undefined, url: string | undefined): Route | undefined {
  if (method !== 'POST' || url === undefined) return undefined;
  const match = ROUTE_PATTERN.exec(url.split('?', 1)[0] as string);
  if (!match) return undefined;
  try {
    return { modelId: decodeURIComponent(match[1] as string), operation: match[2] as Operation };
  } catch {
    return undefined;
  }
}
