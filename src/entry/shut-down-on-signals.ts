import type { Logger } from '@aws-lambda-powertools/logger';
import type { RunningServer } from './start-server.js';

/**
 * Turns SIGTERM (ECS, docker stop) and SIGINT (Ctrl-C) into a graceful shutdown: the server drains, then
 * `release` closes what the process opened (clients, the local emulator and store), then the process exits 0.
 * A second signal during the drain cuts it short: live streams still end with their error event and every
 * settlement is still flushed, which a kill would lose.
 */
export function shutDownOnSignals(
  server: RunningServer,
  options: { logger: Logger; release: () => Promise<void> | void },
): void {
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      options.logger.warn('second signal: ending the drain now', { signal });
      server.endDrainNow();
      return;
    }
    closing = server
      .close({ signal })
      .then(() => options.release())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          options.logger.error('shutdown failed', { error: error as Error });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
