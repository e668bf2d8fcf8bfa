import { vi } from 'vitest';

export interface CapturedLogs {
  /** Every line the gateway logged, parsed. */
  lines: Array<Record<string, unknown>>;
  /** The same lines as written, for "never contains" assertions. */
  raw: string[];
  restore(): void;
}

/**
 * Captures Powertools Logger output. Tests run with POWERTOOLS_DEV=true (vitest.config.ts), which makes the
 * Logger write through the global console, so spying on it sees every line.
 */
export function captureLogs(): CapturedLogs {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const record = (...parts: unknown[]) => {
    const text = parts.map(String).join(' ');
    raw.push(text);
    try {
      lines.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      // Not a Logger line.
    }
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation(record),
  );
  return {
    lines,
    raw,
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
