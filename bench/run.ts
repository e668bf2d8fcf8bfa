/**
 * `npm run bench`: measures every figure of DESIGN.md's performance budgets beside its baseline, in one run,
 * and writes docs/performance.md. Takes about four minutes on two cores.
 *
 *   npm run bench -- [--duration 10] [--connections 10] [--throughput-connections 50] [--keys 10]
 *                    [--warmup-requests 500] [--ttfb-requests 200] [--cold-init-runs 9] [--streams 500]
 *                    [--report docs/performance.md]
 */
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { parseArgs } from 'node:util';
import { getGatewayLogDirectory, startBackends } from './bench-stack.js';
import { stopAllChildren } from './child-process.js';
import { ensureBuild } from './ensure-build.js';
import { measureColdInit } from './measure-cold-init.js';
import { measureMemory } from './measure-memory.js';
import { measureLoadLevel } from './measure-overhead.js';
import { measureTtfb } from './measure-ttfb.js';
import { profileGateway } from './profile-gateway.js';
import { type BenchSettings, writeReport } from './write-report.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'throughput-connections': { type: 'string', default: '50' },
    keys: { type: 'string', default: '10' },
    'warmup-requests': { type: 'string', default: '500' },
    'ttfb-requests': { type: 'string', default: '200' },
    'cold-init-runs': { type: 'string', default: '9' },
    streams: { type: 'string', default: '500' },
    report: { type: 'string', default: 'docs/performance.md' },
  },
});
const durationSeconds = Number(values.duration);
const settings: BenchSettings = {
  durationSeconds,
  unloadedDurationSeconds: Math.min(5, durationSeconds),
  warmupRequests: Number(values['warmup-requests']),
  connections: Number(values.connections),
  throughputConnections: Number(values['throughput-connections']),
  keys: Number(values.keys),
  ttfbRequests: Number(values['ttfb-requests']),
  coldInitRuns: Number(values['cold-init-runs']),
  streams: Number(values.streams),
};
const PROFILE_SECONDS = 5;

const startedAt = new Date();
const started = performance.now();
const loadAverageStart = loadavg()[0]!;
const step = (message: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`,
  );

step('build (if dist/ is older than src/)');
const build = ensureBuild();
step(`cold init: ${settings.coldInitRuns} fresh processes each`);
const coldInit = await measureColdInit(settings.coldInitRuns);

step(`starting the emulator and dynalite (${settings.keys} keys)`);
const backends = await startBackends(settings.keys);
try {
  const shape = (connections: number, seconds: number) => ({
    connections,
    durationSeconds: seconds,
    warmupRequests: settings.warmupRequests,
  });
  step('overhead, 1 connection');
  const unloaded = await measureLoadLevel(backends, shape(1, settings.unloadedDurationSeconds));
  step(`overhead, ${settings.connections} connections`);
  const overhead = await measureLoadLevel(backends, shape(settings.connections, durationSeconds));
  step(`throughput, ${settings.throughputConnections} connections`);
  const throughput = await measureLoadLevel(backends, shape(settings.throughputConnections, durationSeconds));
  step('CPU profiles of the gateway, metered and auth none');
  const profiles = {
    metered: await profileGateway(backends, shape(settings.connections, PROFILE_SECONDS), { metered: true }),
    withoutAuth: await profileGateway(backends, shape(settings.connections, PROFILE_SECONDS), {
      metered: false,
    }),
  };
  step(`streaming TTFB, ${settings.ttfbRequests} requests per target`);
  const ttfb = await measureTtfb(backends, settings.ttfbRequests);
  step(`memory, ${settings.streams} concurrent streams`);
  const memory = await measureMemory(backends, settings.streams);
  await backends.stop();

  const cpu = cpus();
  const markdown = writeReport(
    {
      startedAt,
      runtimeMs: performance.now() - started,
      command: 'npm run bench',
      machine: {
        cpuModel: cpu[0]?.model.trim() ?? 'unknown',
        cores: cpu.length,
        memoryBytes: totalmem(),
        node: process.version,
        os: `${type()} ${release()} (${process.arch})`,
        loadAverageStart,
        loadAverageEnd: loadavg()[0]!,
      },
      settings,
      build,
      unloaded,
      overhead,
      throughput,
      profiles,
      ttfb,
      coldInit,
      memory,
      logDirectory: getGatewayLogDirectory(),
    },
    values.report,
  );
  process.stdout.write(markdown);
  step(`wrote ${values.report}; total runtime ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  stopAllChildren();
}
