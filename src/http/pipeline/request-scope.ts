import type { KeyRecord } from '../../tenancy/key-record.js';
import type { RequestLog } from './request-log.js';

/**
 * What the generation pipeline knows of the request it serves: plain data and callbacks, no framework
 * object (like the AI SDK's `doGenerate(options)`). Each route builds one from its Hono Context.
 */
export interface RequestScope {
  readonly requestId: string;
  /** The caller's key record; undefined when auth is off. */
  readonly key: KeyRecord | undefined;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds when the route started on the request. */
  readonly started: number;
  /** Milliseconds left before Lambda ends the invocation; undefined on the Node server. */
  readonly remainingTimeMs: (() => number) | undefined;
  /** Aborts when live streams must end now (the Node server's drain deadline passed). */
  readonly shutdownSignal: AbortSignal | undefined;
  /** The request's log line. */
  readonly log: RequestLog;
  /** Keeps work done after the response (settling usage) inside the invocation. */
  readonly waitUntil: (promise: Promise<unknown>) => void;
}
