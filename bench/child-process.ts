/**
 * Starting the bench's server processes and reading their CPU time and memory from outside.
 *
 * A child is `node <args>`, with its stdout discarded (the gateway logs one line per request there, as in
 * production). It is ready either when it reports so as one JSON line on fd 3 (the bench's own servers, see
 * serve-child.ts) or when its health URL answers 200 (`dist/server.mjs`). Every child is killed when this
 * process exits, however it exits; the bench's own servers also exit when their stdin closes, so they cannot
 * outlive a parent that was killed with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface BenchChild<Info> {
  name: string;
  pid: number;
  /** What the child reported when it was ready (its URL, keys...). */
  info: Info;
  /** CPU time (user + system, all threads) used so far, in ms. */
  readCpuMs(): number;
  /** Resident set size now, in bytes. */
  readRssBytes(): number;
  /** Highest resident set size so far (VmHWM), in bytes. */
  readPeakRssBytes(): number;
  /** Sends a signal, e.g. SIGUSR2 to start profiling (serve-gateway.ts). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then waits for the child to exit (a profiled gateway writes its profile on the way out). */
  stop(): Promise<void>;
}

export interface StartChildOptions<Info> {
  name: string;
  /** Arguments to `node`: flags, then the script and its arguments. */
  nodeArgs: string[];
  /** The child's whole environment, besides PATH and HOME: nothing else is inherited. */
  env?: Record<string, string>;
  /** Working directory. Default: this process's. */
  cwd?: string;
  /** Where the child's stdout goes: a file path, or discarded (the default). */
  stdoutFile?: string;
  /** Where the child's stderr goes: a file path, or this process's stderr (the default). */
  stderrFile?: string;
  /** `reported`: the child writes its Info as a JSON line on fd 3. Otherwise, polls `healthUrl` for a 200. */
  ready: { kind: 'reported' } | { kind: 'health'; healthUrl: string; info: Info };
  readyTimeoutMs?: number;
}

const CLOCK_TICKS_PER_SECOND = 100;
const running = new Set<ChildProcess>();

function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
process.once('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

/** Kills every child still running. For the end of a run; they are killed at exit anyway. */
export function stopAllChildren(): void {
  killAllChildren();
}

function readProcStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kibibytes = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1];
  if (kibibytes === undefined) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kibibytes) * 1024;
}

function readProcCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is index 0, utime 11, stime 12 (see proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A port that was free a moment ago on 127.0.0.1, for a child that cannot report the one it bound. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function readReportedInfo<Info>(child: ChildProcess): Promise<Info> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: child.stdio[3] as Readable });
    lines.once('line', (line) => resolve(JSON.parse(line) as Info));
  });
}

async function pollHealth(healthUrl: string, isAlive: () => boolean): Promise<void> {
  while (isAlive()) {
    try {
      const response = await fetch(healthUrl);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startChild<Info>(options: StartChildOptions<Info>): Promise<BenchChild<Info>> {
  const { name, nodeArgs, ready, readyTimeoutMs = 30_000 } = options;
  const stdoutFd = options.stdoutFile ? openSync(options.stdoutFile, 'w') : undefined;
  const stderrFd = options.stderrFile ? openSync(options.stderrFile, 'a') : undefined;
  const child = spawn(process.execPath, nodeArgs, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.env,
    },
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['pipe', stdoutFd ?? 'ignore', stderrFd ?? 'inherit', 'pipe'],
  });
  for (const fd of [stdoutFd, stderrFd]) if (fd !== undefined) closeSync(fd);
  running.add(child);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  void exited.then(() => {
    alive = false;
    running.delete(child);
  });

  let timer: NodeJS.Timeout | undefined;
  const info = await Promise.race([
    ready.kind === 'reported'
      ? readReportedInfo<Info>(child)
      : pollHealth(ready.healthUrl, () => alive).then(() => ready.info),
    exited.then(({ code, signal }) => {
      throw new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} was not ready within ${readyTimeoutMs} ms`));
      }, readyTimeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));

  const pid = child.pid!;
  return {
    name,
    pid,
    info,
    readCpuMs: () => readProcCpuMs(pid),
    readRssBytes: () => readProcStatusBytes(pid, 'VmRSS'),
    readPeakRssBytes: () => readProcStatusBytes(pid, 'VmHWM'),
    signal: (signal) => {
      child.kill(signal);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
