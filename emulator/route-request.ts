/** The Bedrock Runtime operations the emulator serves, by their path suffix. */
export type Operation =
  | 'invoke'
  | 'invoke-with-response-stream'
  | 'converse'
  | 'converse-stream'
  | 'count-tokens';

/** The control-plane (`bedrock` service) operations the emulator serves. */
export type ControlPlaneOperation =
  | 'list-foundation-models'
  | 'get-foundation-model'
  | 'list-inference-profiles'
  | 'get-inference-profile';

/** A request matched to an operation: a runtime call on a model, or a control-plane read. */
export type Route =
  | {
      kind: 'runtime';
      /** The model id segment, percent-decoded (an ARN's `%2F` becomes `/`). */
      modelId: string;
      operation: Operation;
    }
  | {
      kind: 'control-plane';
      operation: ControlPlaneOperation;
      /** The `{modelIdentifier}` or `{inferenceProfileIdentifier}` segment, percent-decoded. */
      identifier?: string;
      query: URLSearchParams;
    };

const RUNTIME_PATTERN =
  /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream|count-tokens)$/;
const CONTROL_PLANE_PATTERN = /^\/(foundation-models|inference-profiles)(?:\/([^/]+))?$/;

/**
 * Matches `POST /model/{modelId}/{operation}` and the control plane's `GET /foundation-models[/{id}]` and
 * `GET /inference-profiles[/{id}]` (botocore bedrock 2023-04-20). An id is one percent-encoded segment and is never
 * split on `/`, which is why ARNs arrive encoded. Returns undefined for anything else.
 */
export function matchRoute(method: string | undefined, url: string | undefined): Route | undefined {
  if (url === undefined) return undefined;
  const [path = '', search = ''] = url.split('?', 2);
  try {
    if (method === 'POST') {
      const match = RUNTIME_PATTERN.exec(path);
      if (!match) return undefined;
      return {
        kind: 'runtime',
        modelId: decodeURIComponent(match[1] as string),
        operation: match[2] as Operation,
      };
    }
    if (method === 'GET') {
      const match = CONTROL_PLANE_PATTERN.exec(path);
      if (!match) return undefined;
      const identifier = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
      const resource = match[1] === 'foundation-models' ? 'foundation-model' : 'inference-profile';
      const operation: ControlPlaneOperation =
        identifier === undefined ? (`list-${resource}s` as ControlPlaneOperation) : `get-${resource}`;
      return { kind: 'control-plane', operation, identifier, query: new URLSearchParams(search) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
