import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createAwsSigner } from '../aws/create-aws-signer.js';

/**
 * DynamoDB's JSON protocol (`application/x-amz-json-1.0`, `X-Amz-Target: DynamoDB_20120810.<Operation>`)
 * spoken directly: a SigV4-signed POST over a keep-alive agent, items in DynamoDB JSON (`{"N": "1"}`).
 *
 * Why not the SDK on this path: the usage meter makes a write on every metered request, and measured
 * against dynalite an UpdateItem through `@aws-sdk/lib-dynamodb` costs several times the CPU of the same
 * signed request sent by hand (`npx tsx scripts/measure-dynamo-clients.ts`; the figures are in
 * docs/operations.md). The SDK's middleware stack, its HTTP handler and marshalling are that difference.
 * Signing and credentials stay the SDK's own: `@smithy/signature-v4` and the default provider chain,
 * which caches credentials and refreshes them before they expire.
 */
export interface DynamoJsonClient {
  /** Sends one operation; rejects with a `DynamoRequestError` named after DynamoDB's `__type`. */
  send<Output = Record<string, unknown>>(operation: DynamoOperation, input: object): Promise<Output>;
  /** Closes the kept-alive sockets. */
  destroy(): void;
}

export type DynamoOperation = 'UpdateItem' | 'GetItem' | 'PutItem' | 'DeleteItem' | 'Query';

export interface DynamoJsonClientOptions {
  region: string;
  /** Unset: `https://dynamodb.<region>.amazonaws.com`. The local stack and tests point it at dynalite. */
  endpoint?: string;
  /** Unset: the SDK's default credential provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, for throttling, 5xx answers and stale keep-alive sockets. Default 3, the SDK's standard. */
  maxAttempts?: number;
  /** Told about every call sent (each attempt), e.g. to count writes per request. */
  onSend?: (operation: DynamoOperation) => void;
  /**
   * How long one attempt may go without socket activity before it fails with `TimeoutError` (not retried: the
   * write may have been applied). Bounds a hung or half-open connection, so neither a request nor the shutdown
   * flush waits on it forever. Default 5,000 ms; DynamoDB answers in milliseconds.
   */
  requestTimeoutMs?: number;
}

/** A DynamoDB error answer (`name` is its `__type` without the namespace) or a failed connection. */
export class DynamoRequestError extends Error {
  /** HTTP status of DynamoDB's answer; undefined when none arrived. */
  readonly statusCode: number | undefined;
  /** What DynamoDB sent along, e.g. the old `Item` of a failed condition when asked for it. */
  readonly body: Record<string, unknown> | undefined;
  constructor(
    name: string,
    message: string,
    details: { statusCode?: number; body?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? {} : { cause: details.cause });
    this.name = name;
    this.statusCode = details.statusCode;
    this.body = details.body;
  }
}

/** Errors worth another attempt: DynamoDB asked to slow down, or answered with a server error. */
const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
]);

export function createDynamoJsonClient(options: DynamoJsonClientOptions): DynamoJsonClient {
  const { region, maxAttempts = 3, onSend, requestTimeoutMs = 5_000 } = options;
  const url = new URL(options.endpoint ?? `https://dynamodb.${region}.amazonaws.com`);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 64 })
    : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const send = secure ? httpsRequest : httpRequest;
  const port = url.port === '' ? undefined : Number(url.port);
  const host = url.host;
  const path = url.pathname === '' ? '/' : url.pathname;
  const signer = createAwsSigner({
    service: 'dynamodb',
    region,
    credentials: options.credentials,
    applyChecksum: false,
  });

  async function attempt(operation: DynamoOperation, body: string): Promise<Record<string, unknown>> {
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(port === undefined ? {} : { port }),
      path,
      query: {},
      headers: {
        host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    onSend?.(operation);
    return new Promise((resolve, reject) => {
      const outgoing = send(
        {
          host: url.hostname,
          ...(port === undefined ? {} : { port }),
          path,
          method: 'POST',
          headers: signed.headers,
          agent,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', (error) =>
            reject(new DynamoRequestError('NetworkingError', error.message, { cause: error })),
          );
          incoming.on('end', () => {
            const status = incoming.statusCode ?? 0;
            let parsed: Record<string, unknown> = {};
            try {
              const text = Buffer.concat(chunks).toString('utf8');
              parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
            } catch {
              // A non-JSON answer (a proxy's error page) is reported by its status below.
            }
            if (status >= 200 && status < 300) return resolve(parsed);
            const type = typeof parsed.__type === 'string' ? parsed.__type : '';
            const name =
              type.slice(type.lastIndexOf('#') + 1) ||
              (status >= 500 ? 'InternalServerError' : 'UnknownError');
            const message =
              (typeof parsed.message === 'string' && parsed.message) ||
              (typeof parsed.Message === 'string' && parsed.Message) ||
              `DynamoDB answered ${status}.`;
            reject(new DynamoRequestError(name, message, { statusCode: status, body: parsed }));
          });
        },
      );
      outgoing.setTimeout(requestTimeoutMs, () =>
        outgoing.destroy(
          new DynamoRequestError(
            'TimeoutError',
            `DynamoDB did not answer within ${requestTimeoutMs} ms.`,
            {},
          ),
        ),
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof DynamoRequestError) return reject(error);
        // A kept-alive socket the server had just closed: the request never arrived, so sending it again
        // cannot count anything twice (the pattern Node's http docs give for `reusedSocket`).
        const name =
          outgoing.reusedSocket && error.code === 'ECONNRESET' ? 'StaleConnection' : 'NetworkingError';
        reject(new DynamoRequestError(name, error.message, { cause: error }));
      });
      outgoing.end(body);
    });
  }

  return {
    async send<Output>(operation: DynamoOperation, input: object): Promise<Output> {
      const body = JSON.stringify(input);
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return (await attempt(operation, body)) as Output;
        } catch (error) {
          const name = (error as Error).name;
          // Not a connection that failed midway: the write may have been applied, and counting it twice is
          // worse for a meter than reporting the failure.
          const retryable =
            RETRYABLE_ERRORS.has(name) ||
            name === 'StaleConnection' ||
            ((error as DynamoRequestError).statusCode ?? 0) >= 500;
          if (!retryable || attemptNumber >= maxAttempts) throw error;
          // Full jitter on 2^n × 25 ms, as the SDK's standard retry strategy backs off.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** attemptNumber));
        }
      }
    },
    destroy() {
      agent.destroy();
    },
  };
}
