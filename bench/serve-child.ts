/**
 * The child side of child-process.ts: report readiness on fd 3, and shut down cleanly on SIGTERM or when the
 * parent goes away (stdin closes).
 */
import { writeSync } from 'node:fs';

const READY_FD = 3;
const SHUTDOWN_GRACE_MS = 5_000;

export function reportReady(info: unknown): void {
  writeSync(READY_FD, `${JSON.stringify(info)}\n`);
}

export function closeWhenAsked(close: () => Promise<void>): void {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.stdin.once('end', shutdown);
  process.stdin.resume();
}
