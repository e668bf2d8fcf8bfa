import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A gateway entry running as its own process, as a container runs it. */
export interface GatewayProcess {
  child: ChildProcess;
  /** Every stdout line so far, in order (JSON log lines and, for `npm start`, its banner). */
  lines: string[];
  /** The log lines that parsed as JSON. */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the first stdout line that matches. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Kills the process if it still runs, and removes its temp folder. */
  cleanUp(): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` from the repository root, or `node <nodeArguments>` in `cwd` (a built
 * bundle, as a container runs it), with only the given environment (plus PATH and dummy AWS credentials, which
 * the emulator and dynalite never check), so the machine's env cannot leak in.
 * `config`, when given, is written to a temp file and passed as GATEWAY_CONFIG_FILE.
 */
export function spawnGateway(
  options: (
    | { entry: 'src/entry/server.ts' | 'src/entry/local.ts' }
    | { nodeArguments: string[]; cwd: string }
  ) & {
    config?: Record<string, unknown>;
    env?: Record<string, string>;
  },
): GatewayProcess {
  const folder = mkdtempSync(join(tmpdir(), 'bgw-process-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...options.env,
  };
  if (options.config) {
    const file = join(folder, 'gateway.config.json');
    writeFileSync(file, JSON.stringify(options.config));
    env.GATEWAY_CONFIG_FILE = file;
  }
  const [nodeArguments, cwd] =
    'entry' in options
      ? [['--import', 'tsx', options.entry], REPO_ROOT]
      : [options.nodeArguments, options.cwd];
  const child = spawn(process.execPath, nodeArguments, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

  return {
    child,
    lines,
    logs: () =>
      lines.flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    waitForLine: (match) => {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolveLine, reject) => {
        waiters.push({ match, resolve: resolveLine });
        exited.then((code) =>
          reject(
            new Error(`the gateway exited (${code}) first; stderr:\n${stderr}\nstdout:\n${lines.join('\n')}`),
          ),
        );
      });
    },
    exited,
    cleanUp: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
