/** Types for autocannon 9 (CommonJS, ships none). Only what the bench uses. */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface AutocannonClient extends EventEmitter {
    setHeaders(headers: Record<string, string>): void;
  }

  interface AutocannonOptions {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests to send in all, instead of a duration; the run ends when all are answered. */
    amount?: number;
    /** Seconds a request may take before it counts as a timeout. Default 10. */
    timeout?: number;
    /** Called once per connection, before its first request. */
    setupClient?: (client: AutocannonClient) => void;
  }

  interface AutocannonResult {
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  }

  interface AutocannonInstance extends EventEmitter, PromiseLike<AutocannonResult> {
    /** Ends the run now (closing its connections); the promise then resolves. */
    stop(): void;
    /** `response`: (client, statusCode, bytes, responseTimeMs) with sub-millisecond precision. */
    on(
      event: 'response',
      listener: (client: AutocannonClient, statusCode: number, bytes: number, responseTimeMs: number) => void,
    ): this;
  }

  function autocannon(options: AutocannonOptions): AutocannonInstance;
  export = autocannon;
}
