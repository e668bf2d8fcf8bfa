/**
 * One streaming request over node:http, timed to the first body byte that carries generated text: the first
 * SSE `delta` event from the gateway, or the first `contentBlockDelta` event-stream frame from the emulator.
 */
import { type Agent, request } from 'node:http';

export interface StreamTarget {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  path: string;
  body: string;
  headers?: Record<string, string>;
  /** Text whose first appearance in the body marks the first generated token. */
  firstTokenMarker: string;
  /** Text whose appearance in the body says the stream ended properly. */
  endMarker: string;
}

export interface StreamOutcome {
  status: number;
  /** Request start to the first body byte that holds `firstTokenMarker`; NaN if it never came. */
  timeToFirstTokenMs: number;
  completed: boolean;
}

export interface StreamHooks {
  onFirstToken?: () => void;
  onEnd?: () => void;
}

/** `agent: false` opens a connection of its own (for many at once); a keep-alive agent reuses one. */
export function readStream(
  target: StreamTarget,
  agent: Agent | false,
  hooks: StreamHooks = {},
): Promise<StreamOutcome> {
  const { hostname, port } = new URL(target.url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const outgoing = request(
      {
        agent,
        hostname,
        port,
        path: target.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(target.body),
          ...target.headers,
        },
      },
      (response) => {
        let timeToFirstTokenMs = Number.NaN;
        // Latin-1 keeps binary event-stream frames byte for byte; the markers are ASCII.
        let seen = '';
        response.setEncoding('latin1');
        response.on('data', (chunk: string) => {
          seen += chunk;
          if (Number.isNaN(timeToFirstTokenMs) && seen.includes(target.firstTokenMarker)) {
            timeToFirstTokenMs = performance.now() - started;
            hooks.onFirstToken?.();
          }
        });
        response.on('end', () => {
          hooks.onEnd?.();
          resolve({
            status: response.statusCode ?? 0,
            timeToFirstTokenMs,
            completed: seen.includes(target.endMarker),
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(target.body);
  });
}
