import type { GatewayConfig } from '../../config/config-schema.js';
import { createDeadlineExceededError, createShuttingDownError } from '../../core/errors.js';
import type { RequestScope } from './request-scope.js';

type Reliability = GatewayConfig['reliability'];

/**
 * Epoch milliseconds by which a request must be answered: the configured deadline from its start, cut on
 * Lambda to the invocation's remaining time less a margin, so the gateway answers before Lambda times out.
 */
export function resolveDeadline(scope: RequestScope, reliability: Reliability, now: number): number {
  const configured = scope.started + reliability.deadlineMs;
  const remaining = scope.remainingTimeMs?.();
  return remaining === undefined
    ? configured
    : Math.min(configured, now + remaining - reliability.deadlineMarginMs);
}

/** A signal that ends a live stream, with the error the stream ends on as its reason. */
export interface StreamCutoff {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * When a stream that has started must stop anyway: on Lambda just before the invocation would be killed
 * (its remaining time less the margin: `deadline_exceeded`), and on the Node server when its drain deadline
 * passes during a shutdown (`server_shutting_down`). The stream then ends with that error, never silently.
 */
export function createStreamCutoff(scope: RequestScope, reliability: Reliability): StreamCutoff {
  const controller = new AbortController();
  const remaining = scope.remainingTimeMs?.();
  const timer =
    remaining === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(createDeadlineExceededError(false)),
          Math.max(0, remaining - reliability.deadlineMarginMs),
        );
  const shutdown = scope.shutdownSignal;
  const onShutdown = () => controller.abort(createShuttingDownError());
  if (shutdown?.aborted) onShutdown();
  else shutdown?.addEventListener('abort', onShutdown, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      shutdown?.removeEventListener('abort', onShutdown);
    },
  };
}
