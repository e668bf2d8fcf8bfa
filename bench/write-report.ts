/**
 * Turns one bench run into docs/performance.md (and the same Markdown on stdout): the machine, the topology,
 * one table per figure with its baseline, the difference, the budget from DESIGN.md and a verdict, and the
 * measured cause of every budget missed.
 */
import { writeFileSync } from 'node:fs';
import type { BuildOutcome } from './ensure-build.js';
import {
  formatCount,
  formatKibibytes,
  formatMarkdownTable,
  formatMebibytes,
  formatMs,
  formatPercent,
  formatRatio,
  formatSignedMs,
} from './markdown-table.js';
import type { ColdInitResult } from './measure-cold-init.js';
import type { MemoryResult } from './measure-memory.js';
import type { LoadLevel } from './measure-overhead.js';
import type { TtfbResult } from './measure-ttfb.js';
import type { GatewayProfile } from './profile-gateway.js';
import type { LoadResult } from './run-load.js';

/** The budgets of DESIGN.md, section "Performance". */
export const BUDGETS = {
  addedP50Ms: 0.5,
  addedP99Ms: 2,
  requestsPerSecond: 5_000,
  addedTtfbMs: 1,
  addedColdInitMs: 80,
  bundleBytes: 1024 * 1024,
  rssBytes: 150 * 1024 * 1024,
} as const;

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started and when it ended. */
  loadAverageStart: number;
  loadAverageEnd: number;
}

export interface BenchSettings {
  durationSeconds: number;
  unloadedDurationSeconds: number;
  warmupRequests: number;
  connections: number;
  throughputConnections: number;
  keys: number;
  ttfbRequests: number;
  coldInitRuns: number;
  streams: number;
}

export interface BenchResults {
  startedAt: Date;
  runtimeMs: number;
  command: string;
  machine: MachineDescription;
  settings: BenchSettings;
  build: BuildOutcome;
  unloaded: LoadLevel;
  overhead: LoadLevel;
  throughput: LoadLevel;
  profiles: { metered: GatewayProfile; withoutAuth: GatewayProfile };
  ttfb: TtfbResult;
  coldInit: ColdInitResult;
  memory: MemoryResult;
  /** Where gateway stderr and the CPU profiles were kept. */
  logDirectory: string;
}

/** A process at or above this share of one core is taken as CPU-bound. */
const SATURATED_PERCENT = 90;

const verdict = (passed: boolean) => (passed ? 'PASS' : 'MISSED');

function gatewayCpu(result: LoadResult): { percent: number; msPerRequest: number } {
  return {
    percent: result.cpuPercent.gateway ?? Number.NaN,
    msPerRequest: result.cpuMsPerRequest.gateway ?? Number.NaN,
  };
}

function describeFailures(result: LoadResult): string {
  const entries = Object.entries(result.failures);
  return entries.length === 0 ? '0' : entries.map(([kind, count]) => `${count} × ${kind}`).join(', ');
}

function listGatewayResults(level: LoadLevel): LoadResult[] {
  return [level.gatewayWithoutAuth, level.gatewayWithAuth, level.gatewayWithAuthKeySpread].filter(
    (result): result is LoadResult => result !== undefined,
  );
}

/** One row per target: its figures, and its difference from the emulator direct. */
function formatLoadLevel(level: LoadLevel): string {
  const { direct } = level;
  const rows = [direct, ...listGatewayResults(level)].map((result) => {
    const isBaseline = result === direct;
    const cpu = isBaseline
      ? (result.cpuMsPerRequest.emulator ?? Number.NaN)
      : gatewayCpu(result).msPerRequest;
    return [
      result.label,
      formatCount(result.requestsPerSecond),
      formatMs(result.p50Ms),
      formatMs(result.p99Ms),
      isBaseline ? '(baseline)' : formatSignedMs(result.p50Ms - direct.p50Ms),
      isBaseline ? '(baseline)' : formatSignedMs(result.p99Ms - direct.p99Ms),
      isBaseline ? '(baseline)' : formatRatio(result.requestsPerSecond / direct.requestsPerSecond),
      `${cpu.toFixed(3)} ms`,
      describeFailures(result),
    ];
  });
  return formatMarkdownTable(
    [
      'target',
      'req/s',
      'p50',
      'p99',
      'added p50',
      'added p99',
      'req/s vs direct',
      'server CPU / request',
      'failures',
    ],
    rows,
  );
}

/** CPU use of every process during each run: where the bottleneck is. */
function formatCpuTable(level: LoadLevel): string {
  const results = [level.direct, ...listGatewayResults(level)];
  const names = ['gateway', 'emulator', 'dynalite', 'bench'];
  return formatMarkdownTable(
    ['target', ...names.map((name) => `${name} CPU`)],
    results.map((result) => [
      result.label,
      ...names.map((name) =>
        result.cpuPercent[name] === undefined ? '–' : `${result.cpuPercent[name]!.toFixed(0)}%`,
      ),
    ]),
  );
}

/** The cost of auth plus metering: the metered gateway against the gateway with auth `none`, per level. */
function formatAuthCost(levels: readonly LoadLevel[]): string {
  const rows = levels.map((level) => {
    const none = level.gatewayWithoutAuth;
    const metered = level.gatewayWithAuth;
    return [
      String(level.connections),
      `${formatCount(none.requestsPerSecond)} → ${formatCount(metered.requestsPerSecond)}`,
      formatRatio(metered.requestsPerSecond / none.requestsPerSecond),
      formatSignedMs(metered.p50Ms - none.p50Ms),
      formatSignedMs(metered.p99Ms - none.p99Ms),
      formatSignedMs(gatewayCpu(metered).msPerRequest - gatewayCpu(none).msPerRequest),
      formatMs(metered.cpuMsPerRequest.dynalite ?? Number.NaN),
    ];
  });
  return formatMarkdownTable(
    [
      'connections',
      'req/s (auth none → auth + metering, 1 key)',
      'ratio',
      'added p50',
      'added p99',
      'added gateway CPU / request',
      'dynalite CPU / request',
    ],
    rows,
  );
}

function describeBottleneck(result: LoadResult): string {
  const servers = Object.entries(result.cpuPercent).filter(([name]) => name !== 'bench');
  const [busiest, percent] = servers.sort((a, b) => b[1] - a[1])[0] ?? ['?', Number.NaN];
  const others = servers
    .filter(([name]) => name !== busiest)
    .map(([name, value]) => `${name} ${value.toFixed(0)}%`)
    .join(', ');
  return `the busiest process was the ${busiest} at ${percent.toFixed(0)}% of a core (${others})`;
}

/** Self time by bucket for both profiles side by side, then each one's top functions. */
function formatProfiles(profiles: BenchResults['profiles']): string {
  const { metered, withoutAuth } = profiles;
  const perRequest = (profile: GatewayProfile, name: string) =>
    (profile.summary.byBucket.find((bucket) => bucket.name === name)?.ms ?? 0) / profile.load.requests;
  const describeRun = (profile: GatewayProfile) =>
    `main thread busy ${formatPercent(profile.summary.busyMs / ((profile.load.requests / profile.load.requestsPerSecond) * 1000))} of the run, ${profile.busyMsPerRequest.toFixed(2)} ms per request at ${formatCount(profile.load.requestsPerSecond)} req/s`;
  const names = [
    ...new Set([...metered.summary.byBucket, ...withoutAuth.summary.byBucket].map((b) => b.name)),
  ];
  const rows = names
    .map((name) => [name, perRequest(metered, name), perRequest(withoutAuth, name)] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, meteredMs, noneMs]) => [
      name,
      `${meteredMs.toFixed(3)} ms`,
      `${noneMs.toFixed(3)} ms`,
      formatSignedMs(meteredMs - noneMs),
    ]);
  const topFunctions = (profile: GatewayProfile) =>
    formatMarkdownTable(
      ['function', 'share of busy time'],
      profile.summary.byFunction.map((entry) => [`\`${entry.name}\``, formatPercent(entry.share)]),
    );
  return `Two more runs of ${metered.load.connections} connections against the gateway from source, profiler on for the measured part only. With auth + metering: ${describeRun(metered)}. With auth none: ${describeRun(withoutAuth)}. Self time of the main thread per request, by bucket:

${formatMarkdownTable(['bucket', 'auth + metering', 'auth none', 'difference'], rows)}

Top functions by self time, auth + metering:

${topFunctions(metered)}

Top functions by self time, auth none:

${topFunctions(withoutAuth)}`;
}

function describeProfile(profile: GatewayProfile, count = 4): string {
  return profile.summary.byBucket
    .slice(0, count)
    .map((bucket) => `${bucket.name} ${formatPercent(bucket.share)}`)
    .join(', ');
}

interface Verdict {
  figure: string;
  budget: string;
  measured: string;
  passed: boolean;
}

function judge(results: BenchResults): Verdict[] {
  const { overhead, unloaded, throughput, ttfb, coldInit, memory } = results;
  const added = (level: LoadLevel) => ({
    p50: level.gatewayWithAuth.p50Ms - level.direct.p50Ms,
    p99: level.gatewayWithAuth.p99Ms - level.direct.p99Ms,
  });
  const loaded = added(overhead);
  const idle = added(unloaded);
  const ttfbAdded = ttfb.gatewayWithAuth.p50Ms - ttfb.direct.p50Ms;
  const coldAdded = coldInit.bundle.wallMs - coldInit.minimal.wallMs;
  const rps = throughput.gatewayWithAuth.requestsPerSecond;
  return [
    {
      figure: `gateway overhead, ${overhead.connections} connections (auth + metering)`,
      budget: `p50 ≤ +${BUDGETS.addedP50Ms} ms, p99 ≤ +${BUDGETS.addedP99Ms} ms`,
      measured: `p50 ${formatSignedMs(loaded.p50)}, p99 ${formatSignedMs(loaded.p99)}`,
      passed: loaded.p50 <= BUDGETS.addedP50Ms && loaded.p99 <= BUDGETS.addedP99Ms,
    },
    {
      figure: 'gateway overhead, 1 connection (auth + metering)',
      budget: `p50 ≤ +${BUDGETS.addedP50Ms} ms, p99 ≤ +${BUDGETS.addedP99Ms} ms`,
      measured: `p50 ${formatSignedMs(idle.p50)}, p99 ${formatSignedMs(idle.p99)}`,
      passed: idle.p50 <= BUDGETS.addedP50Ms && idle.p99 <= BUDGETS.addedP99Ms,
    },
    {
      figure: `throughput, ${throughput.connections} connections (auth + metering, 1 key)`,
      budget: `≥ ${formatCount(BUDGETS.requestsPerSecond)} req/s`,
      measured: `${formatCount(rps)} req/s`,
      passed: rps >= BUDGETS.requestsPerSecond,
    },
    {
      figure: 'streaming TTFB added (auth + metering)',
      budget: `p50 ≤ +${BUDGETS.addedTtfbMs} ms`,
      measured: `p50 ${formatSignedMs(ttfbAdded)}`,
      passed: ttfbAdded <= BUDGETS.addedTtfbMs,
    },
    {
      figure: 'cold init added',
      budget: `≤ +${BUDGETS.addedColdInitMs} ms`,
      measured: formatSignedMs(coldAdded),
      passed: coldAdded <= BUDGETS.addedColdInitMs,
    },
    {
      figure: 'Lambda bundle size',
      budget: `≤ 1 MB (${formatKibibytes(BUDGETS.bundleBytes)})`,
      measured: `${formatKibibytes(coldInit.bundleBytes)} (${formatCount(coldInit.bundleBytes)} bytes)`,
      passed: coldInit.bundleBytes <= BUDGETS.bundleBytes,
    },
    {
      figure: `memory, ${memory.streams} concurrent streams (peak RSS)`,
      budget: `≤ 150 MB (${formatMebibytes(BUDGETS.rssBytes)})`,
      measured: formatMebibytes(memory.peakRssBytes),
      passed: memory.peakRssBytes <= BUDGETS.rssBytes && memory.mostOpenStreams === memory.streams,
    },
  ];
}

function formatMachine(results: BenchResults): string {
  const { machine, startedAt, runtimeMs, command, build } = results;
  return [
    `- **Date:** ${startedAt.toISOString()}`,
    `- **Command:** \`${command}\` (total runtime ${(runtimeMs / 1000).toFixed(0)} s${build.built ? `, including a build of ${(build.durationMs / 1000).toFixed(1)} s` : ''})`,
    `- **CPU:** ${machine.cpuModel}, ${machine.cores} cores; ${formatMebibytes(machine.memoryBytes)} memory`,
    `- **Node:** ${machine.node}; **OS:** ${machine.os}`,
    `- **Load average (1 min):** ${machine.loadAverageStart.toFixed(2)} at the start, ${machine.loadAverageEnd.toFixed(2)} at the end. Anything above 0 is other work on the machine competing with the bench; the figures are differences against a baseline measured in the same run for that reason.`,
  ].join('\n');
}

function formatTopology(results: BenchResults): string {
  const { settings } = results;
  return `Every server is its own process, so none shares an event loop with the load generator or with another server:

\`\`\`
bench process (autocannon, node:http)
  ├─HTTP/1.1──▶ emulator child (bench/serve-emulator.ts, latency 0)            ◀── baseline
  └─HTTP/1.1──▶ gateway child (node dist/server.mjs, env config, INFO logs to /dev/null)
                  ├─HTTP/2────▶ the same emulator child (AWS SDK NodeHttp2Handler)
                  └─HTTP/1.1──▶ dynalite child (bench/serve-dynalite.ts), when auth is on
\`\`\`

- The gateway under test is the shipped container bundle, \`dist/server.mjs\`, configured by environment variables (\`GATEWAY_AUTH\`, \`BEDROCK_ENDPOINT\`, \`DYNAMODB_ENDPOINT\`, tables). Auth + metering means \`GATEWAY_AUTH=api-key\` with keys in dynalite (no limits): every request authenticates (the key record is cached after the first), reserves usage (three conditional UpdateItems) before the Bedrock call and settles it (three more) after the response.
- The machine has ${results.machine.cores} cores for four processes (bench, emulator, gateway, dynalite), so under load they compete for CPU; the CPU tables below show each process's share, from \`/proc/<pid>/stat\`.
- Each gateway measurement gets a **fresh gateway process**. A timed autocannon run ends by dropping the connections of requests still in flight; the gateway counts those aborted Bedrock calls as model failures and opens the model's circuit breaker (then its fallback's), so a reused gateway would start the next measurement failing over or answering 503. Warm-ups are by request count (${settings.warmupRequests} requests), which end cleanly.
- Load: closed loop, ${settings.durationSeconds} s per measurement (${settings.unloadedDurationSeconds} s at 1 connection) after the warm-up, \`POST /v1/generate\` with a 20-token reply (\`[[emulator:tokens=20]]\`, \`max_tokens\` 64) against the same Converse call sent direct to the emulator. Latencies are autocannon's per-response times (sub-millisecond), percentiles by nearest rank.
- The CPU profiles come from two more runs against the gateway from source (\`bench/serve-gateway.ts\`, same wiring, readable names), with the V8 profiler on for the measured part only. Gateway stderr and the profiles are kept in \`${results.logDirectory}\`.`;
}

function formatOverheadSection(results: BenchResults): string {
  const { overhead, unloaded, throughput, profiles } = results;
  const metered = overhead.gatewayWithAuth;
  const loadedAdded = metered.p50Ms - overhead.direct.p50Ms;
  const unloadedCpu = gatewayCpu(unloaded.gatewayWithAuth).msPerRequest;
  const noneCpu = gatewayCpu(unloaded.gatewayWithoutAuth).msPerRequest;
  return `## 1. Gateway overhead

Same load direct to the emulator and through the gateway. Budget (DESIGN.md): **p50 ≤ +${BUDGETS.addedP50Ms} ms, p99 ≤ +${BUDGETS.addedP99Ms} ms added**, model latency 0.

### ${overhead.connections} connections

${formatLoadLevel(overhead)}

### 1 connection (no queueing: the added latency is the per-request cost)

${formatLoadLevel(unloaded)}

**Verdict: ${verdict(loadedAdded <= BUDGETS.addedP50Ms && metered.p99Ms - overhead.direct.p99Ms <= BUDGETS.addedP99Ms)}** at ${overhead.connections} connections with auth + metering (added p50 ${formatSignedMs(loadedAdded)}, p99 ${formatSignedMs(metered.p99Ms - overhead.direct.p99Ms)}). Measured cause: at 1 connection the gateway spends ${unloadedCpu.toFixed(2)} ms of CPU per request with auth + metering and ${noneCpu.toFixed(2)} ms with auth none (${gatewayCpu(overhead.gatewayWithAuth).msPerRequest.toFixed(2)} and ${gatewayCpu(overhead.gatewayWithoutAuth).msPerRequest.toFixed(2)} ms at ${overhead.connections} connections), where the emulator needs ${(unloaded.direct.cpuMsPerRequest.emulator ?? Number.NaN).toFixed(3)} ms to answer the same call. At ${overhead.connections} connections ${describeBottleneck(metered)}, so the added latency there is mostly queueing for the gateway's CPU. The profile below puts that CPU in: ${describeProfile(profiles.metered)}.

### Cost of auth + metering (against auth none, same run)

${formatAuthCost([unloaded, overhead, throughput])}

### Where the gateway's time goes

${formatProfiles(profiles)}`;
}

function formatThroughputSection(results: BenchResults): string {
  const { throughput } = results;
  const oneKey = throughput.gatewayWithAuth;
  const spread = throughput.gatewayWithAuthKeySpread;
  const spreadRatio = spread ? spread.requestsPerSecond / oneKey.requestsPerSecond : Number.NaN;
  const saturated = (result: LoadResult) => gatewayCpu(result).percent >= SATURATED_PERCENT;
  const keyCount = spread?.label.match(/(\d+) keys/)?.[1] ?? 'several';
  const hotKeyFinding = !spread
    ? ''
    : saturated(oneKey) && saturated(spread)
      ? `Spreading the load over ${keyCount} keys changes throughput by ${formatRatio(spreadRatio)}, and the gateway is CPU-bound either way (${gatewayCpu(oneKey).percent.toFixed(0)}% and ${gatewayCpu(spread).percent.toFixed(0)}% of a core, dynalite ${(oneKey.cpuPercent.dynalite ?? Number.NaN).toFixed(0)}% and ${(spread.cpuPercent.dynalite ?? Number.NaN).toFixed(0)}%): the limit is the gateway's CPU per request, not dynalite serialising one key's three usage items.`
      : `Spreading the load over ${keyCount} keys changes throughput by ${formatRatio(spreadRatio)}. With one key ${describeBottleneck(oneKey)}; with the keys spread ${describeBottleneck(spread)}.`;
  return `## 2. Throughput

One gateway process, non-streaming, ${throughput.connections} connections. Budget: **≥ ${formatCount(BUDGETS.requestsPerSecond)} req/s on one core with auth and metering**.

${formatLoadLevel(throughput)}

CPU of each process during each run (100% = one core; the gateway can exceed 100% with GC and libuv threads):

${formatCpuTable(throughput)}

**Verdict: ${verdict(oneKey.requestsPerSecond >= BUDGETS.requestsPerSecond)}** — ${formatCount(oneKey.requestsPerSecond)} req/s with auth + metering on one key, ${formatCount(throughput.gatewayWithoutAuth.requestsPerSecond)} req/s with auth none, against ${formatCount(throughput.direct.requestsPerSecond)} req/s from the emulator alone. Measured cause: ${describeBottleneck(oneKey)}; the gateway needs ${gatewayCpu(oneKey).msPerRequest.toFixed(2)} ms of CPU per metered request, which caps one core near ${formatCount(1000 / gatewayCpu(oneKey).msPerRequest)} req/s. ${hotKeyFinding}

After each metered run the gateway and dynalite went idle within ${Object.entries(throughput.drainMs)
    .map(([label, ms]) => `${formatCount(ms)} ms (${label})`)
    .join(
      ' and ',
    )}, checked in 250 ms windows: that is how far the usage settlements, written after the responses, lagged behind.`;
}

function formatTtfbSection(results: BenchResults): string {
  const { ttfb } = results;
  const rows = [ttfb.direct, ttfb.gatewayWithoutAuth, ttfb.gatewayWithAuth].map((series) => [
    series.label,
    String(series.samples),
    formatMs(series.p50Ms),
    formatMs(series.p99Ms),
    series === ttfb.direct ? '(baseline)' : formatSignedMs(series.p50Ms - ttfb.direct.p50Ms),
    series === ttfb.direct ? '(baseline)' : formatSignedMs(series.p99Ms - ttfb.direct.p99Ms),
    String(series.failures),
  ]);
  const added = ttfb.gatewayWithAuth.p50Ms - ttfb.direct.p50Ms;
  const authPart = ttfb.gatewayWithAuth.p50Ms - ttfb.gatewayWithoutAuth.p50Ms;
  return `## 3. Streaming time to first token

${ttfb.requests} sequential streaming requests per target, taking turns, each on a kept-alive connection, after a warm-up: time from sending the request to the first body byte that holds generated text (the first SSE \`event: delta\` from the gateway, the first \`contentBlockDelta\` event-stream frame from the emulator's ConverseStream). Budget: **≤ +${BUDGETS.addedTtfbMs} ms**.

${formatMarkdownTable(['target', 'samples', 'p50', 'p99', 'added p50', 'added p99', 'failures'], rows)}

**Verdict: ${verdict(added <= BUDGETS.addedTtfbMs)}** (added p50 ${formatSignedMs(added)} with auth + metering, of which ${formatSignedMs(authPart)} is auth + metering: the usage reservation, three UpdateItems sent in parallel, completes before the Bedrock call starts).`;
}

function formatColdInitSection(results: BenchResults): string {
  const { coldInit } = results;
  const rows = [coldInit.minimal, coldInit.bundle].map((series) => [
    series.label,
    formatMs(series.wallMs),
    formatMs(series.readyMs),
  ]);
  const added = coldInit.bundle.wallMs - coldInit.minimal.wallMs;
  return `## 4. Cold init

A fresh \`node bench/cold-init/load-handler.mjs <module>\` per run (median of ${coldInit.runs}, the two kinds alternating): the \`awslambda\` global stubbed as the Node.js runtime provides it, a Lambda-like environment (\`AWS_LAMBDA_FUNCTION_NAME\`, \`AWS_EXECUTION_ENV\`, region, \`GATEWAY_AUTH=api-key\`, endpoints on a closed loopback port: import touches no network). "Wall" is spawn to exit, Node's own start-up included; "ready" is the process's \`performance.now()\` once the handler is exported. Node here is ${results.machine.node}; Lambda runs nodejs22.x. Budget: **≤ +${BUDGETS.addedColdInitMs} ms; bundle ≤ 1 MB**.

${formatMarkdownTable(['module', 'wall (median)', 'ready (median)'], rows)}

- Added by the bundle: **${formatSignedMs(added)}** wall, ${formatSignedMs(coldInit.bundle.readyMs - coldInit.minimal.readyMs)} to ready. **Verdict: ${verdict(added <= BUDGETS.addedColdInitMs)}**.
- Bundle \`dist/lambda/index.mjs\`: **${formatKibibytes(coldInit.bundleBytes)}** (${formatCount(coldInit.bundleBytes)} bytes; source map not counted). **Verdict: ${verdict(coldInit.bundleBytes <= BUDGETS.bundleBytes)}** against 1 MB read as 1024 KiB${coldInit.bundleBytes > 1_000_000 && coldInit.bundleBytes <= BUDGETS.bundleBytes ? ' (it would miss 1 MB read as 1,000,000 bytes)' : ''}.`;
}

function formatMemorySection(results: BenchResults): string {
  const { memory } = results;
  const rows = [
    ['just started, no request yet', formatMebibytes(memory.startRssBytes)],
    ['idle, after a 500-request warm-up', formatMebibytes(memory.idleRssBytes)],
    [
      `all ${memory.streams} streams open at once (highest sample)`,
      memory.allOpenRssBytes > 0 ? formatMebibytes(memory.allOpenRssBytes) : 'never all open',
    ],
    ['peak while the streams ran', formatMebibytes(memory.peakRssBytes)],
    ['kernel high-water mark (VmHWM)', formatMebibytes(memory.highWaterRssBytes)],
  ];
  const passed = memory.peakRssBytes <= BUDGETS.rssBytes && memory.mostOpenStreams === memory.streams;
  return `## 5. Memory

RSS of one gateway process (\`dist/server.mjs\`, auth + metering, streams spread over the keys), read from \`/proc/<pid>/status\` every 20 ms by the bench. ${memory.streams} streaming requests at once, one connection each, \`[[emulator:delay_ms=100]] [[emulator:tokens=200]]\` (67 chunks 100 ms apart, about 7 s a stream, so that every stream is still open when the gateway has admitted the last one). ${memory.completed} of ${memory.streams} ended with \`event: done\`${
    Object.keys(memory.failures).length > 0
      ? `; failures: ${Object.entries(memory.failures)
          .map(([kind, count]) => `${count} × ${kind}`)
          .join(', ')}`
      : ''
  }; at most ${memory.mostOpenStreams} were streaming at once; the run took ${(memory.durationMs / 1000).toFixed(1)} s. Budget: **≤ 150 MB**.

${formatMarkdownTable(['state', 'RSS'], rows)}

${memory.openStreamsAtPeak < memory.streams / 2 ? `The highest sample came with ${memory.openStreamsAtPeak} of ${memory.streams} streams still open: RSS kept rising after most streams had ended, until the garbage collector caught up, so the process needed that much to serve them.\n\n` : ''}**Verdict: ${verdict(passed)}** (peak ${formatMebibytes(memory.peakRssBytes)} against ${formatMebibytes(BUDGETS.rssBytes)}; ${formatMebibytes(memory.peakRssBytes - memory.idleRssBytes)} above idle${memory.idleRssBytes > BUDGETS.rssBytes ? ', and the idle process alone is already over the budget' : ''}).`;
}

export function formatReport(results: BenchResults): string {
  const verdicts = judge(results);
  const missed = verdicts.filter((entry) => !entry.passed);
  return `# Performance

Written by \`npm run bench\` (bench/run.ts); do not edit by hand, run it again. Every figure is measured beside its baseline in the same run and reported as a difference or ratio, because one machine's absolute numbers say little about another's.

${formatMachine(results)}

## Summary

${formatMarkdownTable(
  ['figure', 'budget (DESIGN.md)', 'measured', 'verdict'],
  verdicts.map((entry) => [entry.figure, entry.budget, entry.measured, verdict(entry.passed)]),
)}

${missed.length === 0 ? 'Every budget is met.' : `**${missed.length} of ${verdicts.length} budgets missed.** The sections below give the measured cause of each.`}

## Topology and method

${formatTopology(results)}

${formatOverheadSection(results)}

${formatThroughputSection(results)}

${formatTtfbSection(results)}

${formatColdInitSection(results)}

${formatMemorySection(results)}
`;
}

export function writeReport(results: BenchResults, path: string): string {
  const markdown = formatReport(results);
  writeFileSync(path, markdown);
  return markdown;
}
