/**
 * `npm run bench`: measures every figure of DESIGN.md's performance budgets beside its baselines (the emulator
 * direct, the floor and the peer gateway, Portkey's), in one run, and writes docs/performance.md. About 17
 * minutes on two cores. `npm run bench -- --quick` is a smoke run of about two minutes, written to
 * /tmp/bgw-bench-quick.md unless --report says otherwise; it is not part of `npm test`.
 *
 *   npm run bench -- [--quick] [--rounds 2] [--connections 1,10,50] [--duration 10]
 *                    [--warmup-requests 5000] [--warmup-seconds 20] [--keys 10] [--ttfb-requests 200]
 *                    [--cold-init-runs 9] [--streams 500] [--profile-seconds 5] [--report docs/performance.md]
 */
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { parseArgs } from 'node:util';
import { getGatewayLogDirectory, startBackends } from './bench-stack.js';
import { stopAllChildren } from './child-process.js';
import { ensureBuild } from './ensure-build.js';
import { measureColdInit } from './measure-cold-init.js';
import { measureCpu } from './measure-cpu.js';
import { measureMemory } from './measure-memory.js';
import { measureTtfb } from './measure-ttfb.js';
import { profileGateway } from './profile-gateway.js';
import { type BenchSettings, writeReport } from './write-report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    duration: { type: 'string' },
    'warmup-requests': { type: 'string' },
    'warmup-seconds': { type: 'string' },
    keys: { type: 'string' },
    'ttfb-requests': { type: 'string' },
    'cold-init-runs': { type: 'string' },
    streams: { type: 'string' },
    'profile-seconds': { type: 'string' },
    report: { type: 'string' },
  },
});
const quick = values.quick || process.env.BENCH_QUICK === '1';
/** Full run: issue 18's method. Quick: every code path once, briefly. */
const defaults = quick
  ? {
      rounds: 1,
      connections: '1,10',
      duration: 1,
      warmupRequests: 300,
      warmupSeconds: 3,
      ttfb: 20,
      cold: 3,
      streams: 50,
      profile: 2,
      report: '/tmp/bgw-bench-quick.md',
    }
  : {
      rounds: 2,
      connections: '1,10,50',
      duration: 10,
      warmupRequests: 5_000,
      warmupSeconds: 20,
      ttfb: 200,
      cold: 9,
      streams: 500,
      profile: 5,
      report: 'docs/performance.md',
    };
const settings: BenchSettings = {
  quick,
  rounds: Number(values.rounds ?? defaults.rounds),
  connections: (values.connections ?? defaults.connections).split(',').map(Number),
  durationSeconds: Number(values.duration ?? defaults.duration),
  warmupRequests: Number(values['warmup-requests'] ?? defaults.warmupRequests),
  warmupMaxSeconds: Number(values['warmup-seconds'] ?? defaults.warmupSeconds),
  keys: Number(values.keys ?? 10),
  ttfbRequests: Number(values['ttfb-requests'] ?? defaults.ttfb),
  ttfbWarmupRounds: quick ? 20 : 300,
  coldInitRuns: Number(values['cold-init-runs'] ?? defaults.cold),
  streams: Number(values.streams ?? defaults.streams),
  profileSeconds: Number(values['profile-seconds'] ?? defaults.profile),
};
const reportPath = values.report ?? defaults.report;

const startedAt = new Date();
const started = performance.now();
const loadAverageStart = loadavg()[0]!;
const step = (message: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
  );

step('build (if dist/ is older than src/)');
const build = ensureBuild();
step(`cold init: ${settings.coldInitRuns} fresh processes each`);
const coldInit = await measureColdInit(settings.coldInitRuns);

step(`starting the emulator and dynalite (${settings.keys} keys)`);
const backends = await startBackends(settings.keys);
try {
  const cpu = await measureCpu(
    backends,
    {
      rounds: settings.rounds,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupRequests: settings.warmupRequests,
      warmupMaxSeconds: settings.warmupMaxSeconds,
    },
    step,
  );
  step('CPU profiles of our gateway, metered and auth none');
  const shape = {
    connections: 10,
    durationSeconds: settings.profileSeconds,
    warmupRequests: settings.warmupRequests,
    warmupMaxSeconds: settings.warmupMaxSeconds,
  };
  const profiles = {
    metered: await profileGateway(backends, shape, { metered: true }),
    withoutAuth: await profileGateway(backends, shape, { metered: false }),
  };
  step(`streaming time to first token, ${settings.ttfbRequests} requests per target`);
  const ttfb = await measureTtfb(backends, settings.ttfbRequests, settings.ttfbWarmupRounds);
  step(`memory, ${settings.streams} concurrent streams`);
  const memory = await measureMemory(backends, settings.streams);
  await backends.stop();

  const cpuList = cpus();
  const markdown = writeReport(
    {
      startedAt,
      runtimeMs: performance.now() - started,
      command: quick ? 'npm run bench -- --quick' : 'npm run bench',
      machine: {
        cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
        cores: cpuList.length,
        memoryBytes: totalmem(),
        node: process.version,
        os: `${type()} ${release()} (${process.arch})`,
        loadAverageStart,
        loadAverageEnd: loadavg()[0]!,
      },
      settings,
      build,
      cpu,
      profiles,
      ttfb,
      coldInit,
      memory,
      logDirectory: getGatewayLogDirectory(),
    },
    reportPath,
  );
  process.stdout.write(markdown);
  step(`wrote ${reportPath}; total runtime ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  stopAllChildren();
}
