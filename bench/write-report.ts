/**
 * Turns one bench run into docs/performance.md (and the same Markdown on stdout): the machine, the method,
 * the budgets of DESIGN.md (issue 18's Done-when) with a verdict each, then one section per figure, with its
 * baseline, the ratios the verdicts are judged by, and the absolute figures behind them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
import {
  type CpuMeasurement,
  type CpuResult,
  countWrites,
  type LoadMode,
  TARGET_KINDS,
  TARGET_LABELS,
  type TargetKind,
} from './measure-cpu.js';
import type { MemoryResult } from './measure-memory.js';
import type { TtfbResult } from './measure-ttfb.js';
import type { GatewayProfile } from './profile-gateway.js';

/** The budgets of DESIGN.md, section "Performance" (issue 18, Done when). */
export const BUDGETS = {
  meteredCpuMs: 1.0,
  meteredShareOfPortkey: 1 / 3,
  unmeteredCpuMs: 0.5,
  addedP50Ms: 0.5,
  addedTtfbMs: 1,
  addedColdInitMs: 80,
  bundleBytes: 1024 * 1024,
  idleRssBytes: 100 * 1024 * 1024,
  rssBytes: 150 * 1024 * 1024,
  dynamoWritesPerRequest: 2,
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
  quick: boolean;
  rounds: number;
  connections: readonly number[];
  durationSeconds: number;
  warmupRequests: number;
  warmupMaxSeconds: number;
  keys: number;
  ttfbRequests: number;
  ttfbWarmupRounds: number;
  coldInitRuns: number;
  streams: number;
  profileSeconds: number;
}

export interface BenchResults {
  startedAt: Date;
  runtimeMs: number;
  command: string;
  machine: MachineDescription;
  settings: BenchSettings;
  build: BuildOutcome;
  cpu: CpuResult;
  profiles: { metered: GatewayProfile; withoutAuth: GatewayProfile };
  ttfb: TtfbResult;
  coldInit: ColdInitResult;
  memory: MemoryResult;
  /** Where gateway stderr and the CPU profiles were kept. */
  logDirectory: string;
}

const verdict = (passed: boolean) => (passed ? 'PASS' : 'MISSED');
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function select(cpu: CpuResult, target: TargetKind, mode: LoadMode, connections: number): CpuMeasurement[] {
  return cpu.measurements.filter(
    (entry) => entry.target === target && entry.mode === mode && entry.connections === connections,
  );
}

/** Mean over the rounds of a measurement's figure. */
function meanOf(
  cpu: CpuResult,
  target: TargetKind,
  mode: LoadMode,
  connections: number,
  figure: (entry: CpuMeasurement) => number,
): number {
  const entries = select(cpu, target, mode, connections);
  return entries.length === 0 ? Number.NaN : mean(entries.map(figure));
}

const cpuOf = (entry: CpuMeasurement) => entry.serverCpuMsPerRequest;
const writesOf = (entry: CpuMeasurement) => countWrites(entry.dynamoRequestsPerRequest);

/** `a / b` per round as `0.123 / 0.130` (one figure per round) */
function formatRounds(entries: readonly CpuMeasurement[], figure: (entry: CpuMeasurement) => string): string {
  return entries.length === 0 ? '–' : entries.map(figure).join(' / ');
}

function describeFailures(entries: readonly CpuMeasurement[]): string {
  const totals: Record<string, number> = {};
  for (const entry of entries)
    for (const [kind, count] of Object.entries(entry.load.failures))
      totals[kind] = (totals[kind] ?? 0) + count;
  const list = Object.entries(totals);
  return list.length === 0 ? '0' : list.map(([kind, count]) => `${count} × ${kind}`).join(', ');
}

/** The CPU table of one mode: per target and connection count, each round's figure and the ratios. */
function formatCpuTable(cpu: CpuResult, mode: LoadMode): string {
  const connections = cpu.settings.connections;
  const rows = TARGET_KINDS.map((target) => {
    const cells = connections.map((count) =>
      formatRounds(select(cpu, target, mode, count), (entry) => entry.serverCpuMsPerRequest.toFixed(3)),
    );
    const ratios = connections.map((count) => {
      const ours = meanOf(cpu, target, mode, count, cpuOf);
      const peer = meanOf(cpu, 'portkey', mode, count, cpuOf);
      return formatRatio(ours / peer);
    });
    return [TARGET_LABELS[target], ...cells, ...ratios];
  });
  return formatMarkdownTable(
    [
      'target',
      ...connections.map((count) => `CPU ms/req, ${count} conn (per round)`),
      ...connections.map((count) => `× Portkey, ${count} conn`),
    ],
    rows,
  );
}

/** Throughput, latency and failures of one mode, mean over rounds. */
function formatLoadTable(cpu: CpuResult, mode: LoadMode): string {
  const rows: string[][] = [];
  for (const connections of cpu.settings.connections) {
    const direct = meanOf(cpu, 'direct', mode, connections, (entry) => entry.load.p50Ms);
    for (const target of TARGET_KINDS) {
      const entries = select(cpu, target, mode, connections);
      if (entries.length === 0) continue;
      const p50 = mean(entries.map((entry) => entry.load.p50Ms));
      rows.push([
        String(connections),
        TARGET_LABELS[target],
        formatCount(mean(entries.map((entry) => entry.load.requestsPerSecond))),
        formatMs(p50),
        formatMs(mean(entries.map((entry) => entry.load.p99Ms))),
        target === 'direct' ? '(baseline)' : formatSignedMs(p50 - direct),
        formatCount(entries.reduce((sum, entry) => sum + entry.load.requests, 0)),
        `${(mean(entries.map((entry) => entry.load.elapsedMs)) / 1000).toFixed(1)} s`,
        describeFailures(entries),
      ]);
    }
  }
  return formatMarkdownTable(
    ['conn', 'target', 'req/s', 'p50', 'p99', 'added p50', 'requests (all rounds)', 'run length', 'failures'],
    rows,
  );
}

/** DynamoDB requests per request of the metered target, by operation. */
function formatDynamoTable(cpu: CpuResult): string {
  const rows: string[][] = [];
  for (const mode of ['plain', 'stream'] as const)
    for (const connections of cpu.settings.connections) {
      const entries = select(cpu, 'metered', mode, connections);
      if (entries.length === 0) continue;
      const operations = [
        ...new Set(entries.flatMap((entry) => Object.keys(entry.dynamoRequestsPerRequest))),
      ];
      rows.push([
        mode,
        String(connections),
        formatRounds(entries, (entry) => writesOf(entry).toFixed(2)),
        operations
          .sort()
          .map(
            (operation) =>
              `${operation} ${mean(entries.map((entry) => entry.dynamoRequestsPerRequest[operation] ?? 0)).toFixed(2)}`,
          )
          .join(', '),
      ]);
    }
  return formatMarkdownTable(
    ['mode', 'conn', 'writes / request (per round)', 'all requests / request, by operation'],
    rows,
  );
}

interface Verdict {
  figure: string;
  budget: string;
  measured: string;
  passed: boolean;
}

function judge(results: BenchResults): Verdict[] {
  const { cpu, ttfb, coldInit, memory } = results;
  const loaded = cpu.settings.connections.filter((count) => count >= 10);
  const meteredRows = loaded.map((count) => {
    const metered = meanOf(cpu, 'metered', 'plain', count, cpuOf);
    const peer = meanOf(cpu, 'portkey', 'plain', count, cpuOf);
    return { count, metered, share: metered / peer };
  });
  const unmetered = cpu.settings.connections.map((count) => ({
    count,
    ms: meanOf(cpu, 'none', 'plain', count, cpuOf),
  }));
  const addedP50 =
    meanOf(cpu, 'none', 'plain', 1, (entry) => entry.load.p50Ms) -
    meanOf(cpu, 'direct', 'plain', 1, (entry) => entry.load.p50Ms);
  const ttfbOf = (target: TargetKind) =>
    ttfb.series.find((series) => series.target === target)?.p50Ms ?? Number.NaN;
  const ttfbAdded = ttfbOf('none') - ttfbOf('direct');
  const coldAdded = coldInit.bundle.wallMs - coldInit.minimal.wallMs;
  const writes = cpu.measurements.filter((entry) => entry.target === 'metered').map(writesOf);
  const mostWrites = writes.length === 0 ? Number.NaN : Math.max(...writes);
  return [
    {
      figure: `gateway CPU per metered request (plain, ${loaded.join(' and ')} connections)`,
      budget: `≤ ${BUDGETS.meteredCpuMs.toFixed(1)} ms, and ≤ ⅓ of Portkey's unmetered`,
      measured: meteredRows
        .map((row) => `${row.count} conn: ${row.metered.toFixed(3)} ms, ${formatRatio(row.share)} Portkey`)
        .join('; '),
      passed:
        meteredRows.length > 0 &&
        meteredRows.every(
          (row) => row.metered <= BUDGETS.meteredCpuMs && row.share <= BUDGETS.meteredShareOfPortkey,
        ),
    },
    {
      figure: 'gateway CPU per request, auth none (plain)',
      budget: `≤ ${BUDGETS.unmeteredCpuMs} ms`,
      measured: unmetered.map((row) => `${row.count} conn: ${row.ms.toFixed(3)} ms`).join('; '),
      passed: unmetered.every((row) => row.ms <= BUDGETS.unmeteredCpuMs),
    },
    {
      figure: 'added p50 at 1 connection, warm, auth none',
      budget: `≤ ${BUDGETS.addedP50Ms} ms`,
      measured: formatSignedMs(addedP50),
      passed: addedP50 <= BUDGETS.addedP50Ms,
    },
    {
      figure: 'streaming time to first token added, auth none',
      budget: `≤ ${BUDGETS.addedTtfbMs} ms`,
      measured: `p50 ${formatSignedMs(ttfbAdded)}`,
      passed: ttfbAdded <= BUDGETS.addedTtfbMs,
    },
    {
      figure: 'cold init added',
      budget: `≤ ${BUDGETS.addedColdInitMs} ms`,
      measured: formatSignedMs(coldAdded),
      passed: coldAdded <= BUDGETS.addedColdInitMs,
    },
    {
      figure: 'Lambda bundle',
      budget: `≤ 1 MB (${formatKibibytes(BUDGETS.bundleBytes)})`,
      measured: `${formatKibibytes(coldInit.bundleBytes)} (${formatCount(coldInit.bundleBytes)} bytes)`,
      passed: coldInit.bundleBytes <= BUDGETS.bundleBytes,
    },
    {
      figure: 'idle RSS',
      budget: `≤ 100 MB (${formatMebibytes(BUDGETS.idleRssBytes)})`,
      measured: formatMebibytes(memory.idleRssBytes),
      passed: memory.idleRssBytes <= BUDGETS.idleRssBytes,
    },
    {
      figure: `peak RSS with ${memory.streams} concurrent streams`,
      budget: `≤ 150 MB (${formatMebibytes(BUDGETS.rssBytes)})`,
      measured: formatMebibytes(memory.peakRssBytes),
      passed: memory.peakRssBytes <= BUDGETS.rssBytes && memory.mostOpenStreams === memory.streams,
    },
    {
      figure: 'DynamoDB writes per metered request',
      budget: `≤ ${BUDGETS.dynamoWritesPerRequest}`,
      measured: `${mostWrites.toFixed(2)} (highest of ${writes.length} measurements)`,
      passed: mostWrites <= BUDGETS.dynamoWritesPerRequest,
    },
  ];
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
function formatMethod(results: BenchResults): string {
  const { settings } = results;
  return `Every server is its own process, so none shares an event loop with the load generator or another server:

\`\`\`
bench process (autocannon, node:http)
  ├─HTTP/1.1──▶ emulator child (bench/serve-emulator.ts, latency 0)                      ◀── emulator direct
  ├─HTTP/1.1──▶ floor child (bench/serve-floor.ts) ──SigV4, HTTP/1.1 keep-alive──▶ emulator
  ├─HTTP/1.1──▶ Portkey child (@portkey-ai/gateway, --headless, bound to 127.0.0.1) ──▶ emulator
  └─HTTP/1.1──▶ ours (node dist/server.mjs, env config, INFO logs to /dev/null) ──▶ emulator
                  └──▶ dynalite child (bench/serve-dynalite.ts, counts requests by operation), auth + metering
\`\`\`

- **Request:** the same OpenAI chat completion to every gateway (\`POST /v1/chat/completions\`, model \`global.anthropic.claude-sonnet-5-5\`, 20-token reply by \`[[emulator:tokens=20]]\`, \`max_tokens\` 64), plain and with \`stream: true\`; the emulator direct gets the Converse (ConverseStream) call it turns into.
- **Portkey** routes to the emulator by headers: \`x-portkey-provider: bedrock\`, \`x-portkey-custom-host\` (the emulator), \`x-portkey-aws-*\` credentials and region. A preload (\`bench/portkey/listen-on-loopback.mjs\`) makes its \`listen(port)\` bind 127.0.0.1.
- **Auth + metering:** \`GATEWAY_AUTH=api-key\` with ${settings.keys} keys in dynalite (no limits), one key per connection, round robin: every request authenticates (the key record is cached), reserves usage before the Bedrock call and settles it after.
- **CPU per request:** user + system time of the target's own server process, from \`/proc/<pid>/stat\`, over the measured run and until every process has gone idle after it (work done after the answer, such as settling usage, counts), divided by the successful responses. Emulator and dynalite CPU is not counted against the gateways.
- **Rounds:** ${settings.rounds}, interleaved. Each round starts fresh processes; at each connection count and mode every target is measured in turn (reverse order on even rounds). Before a target's first measurement on each mode in a round, a JIT warm-up of ${formatCount(settings.warmupRequests)} requests or ${settings.warmupMaxSeconds} s, whichever comes first, at 10 connections. Each measurement runs at least ${settings.durationSeconds} s, closed loop, in slices of about 2.5 s that each end when every answer is in (a timed cut would abort requests in flight, which gateways count as upstream failures). Verdicts use the mean of the rounds; tables give each round.
- **DynamoDB writes:** dynalite's count of PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems requests during a measurement (settlements included), per successful request.
- **Latency:** autocannon's per-response times (sub-millisecond; for streams, to the end of the body), percentiles by nearest rank.
- The machine has ${results.machine.cores} cores for every process, so under load they compete for CPU; CPU per request is the figure that carries over to another machine, and the ratios (to Portkey, to the floor) most of all.
- Gateway stderr and the CPU profiles are kept in \`${results.logDirectory}\`.${settings.quick ? '\n- **Quick run** (`--quick`): short, for a smoke check only; its figures are not the committed report.' : ''}`;
}

function formatCpuSection(results: BenchResults): string {
  const { cpu, profiles } = results;
  const floorRatio = (target: TargetKind, count: number) =>
    meanOf(cpu, target, 'plain', count, cpuOf) / meanOf(cpu, 'floor', 'plain', count, cpuOf);
  const counts = cpu.settings.connections;
  return `## 1. CPU per request

Server CPU per successful request (ms), one figure per round, and the ratio of each target's mean to Portkey's at the same connection count.

### Plain (JSON) responses

${formatCpuTable(cpu, 'plain')}

### Streaming responses

${formatCpuTable(cpu, 'stream')}

Against the floor (plain): ours with auth none ${counts.map((count) => `${formatRatio(floorRatio('none', count))} at ${count} conn`).join(', ')}; with auth + metering ${counts.map((count) => `${formatRatio(floorRatio('metered', count))}`).join(', ')}; Portkey ${counts.map((count) => `${formatRatio(floorRatio('portkey', count))}`).join(', ')}.

### DynamoDB requests per metered request

${formatDynamoTable(cpu)}

### Throughput and latency (mean of the rounds)

Plain:

${formatLoadTable(cpu, 'plain')}

Streaming:

${formatLoadTable(cpu, 'stream')}

## 2. Where our gateway's CPU goes

${formatProfiles(profiles)}

## 2b. Streaming time to first token

${formatTtfb(results)}`;
}

function formatTtfb(results: BenchResults): string {
  const { ttfb } = results;
  const direct = ttfb.series.find((series) => series.target === 'direct');
  const rows = ttfb.series.map((series) => [
    series.label,
    String(series.samples),
    formatMs(series.p50Ms),
    formatMs(series.p99Ms),
    series === direct ? '(baseline)' : formatSignedMs(series.p50Ms - (direct?.p50Ms ?? Number.NaN)),
    String(series.failures),
  ]);
  return `${ttfb.requests} sequential streaming requests per target after ${ttfb.warmupRounds} warm-up rounds, the targets taking turns, each on its own kept-alive connection: time from sending the request to the first body byte holding generated text.

${formatMarkdownTable(['target', 'samples', 'p50', 'p99', 'added p50', 'failures'], rows)}`;
}

function formatColdInitSection(results: BenchResults): string {
  const { coldInit } = results;
  const rows = [coldInit.minimal, coldInit.bundle].map((series) => [
    series.label,
    formatMs(series.wallMs),
    formatMs(series.readyMs),
    formatMs(series.cpuMs),
  ]);
  const added = coldInit.bundle.wallMs - coldInit.minimal.wallMs;
  return `## 3. Cold init

A fresh \`node bench/cold-init/load-handler.mjs <module>\` per run (median of ${coldInit.runs}, the two kinds alternating): the \`awslambda\` global stubbed as the Node.js runtime provides it, a Lambda-like environment (\`AWS_LAMBDA_FUNCTION_NAME\`, \`AWS_EXECUTION_ENV\`, region, \`GATEWAY_AUTH=api-key\`, endpoints on a closed loopback port: import touches no network). "Wall" is spawn to exit, Node's own start-up included; "ready" is the process's \`performance.now()\` once the handler is exported. Node here is ${results.machine.node}; Lambda runs nodejs22.x. Budget: **≤ +${BUDGETS.addedColdInitMs} ms; bundle ≤ 1 MB**.

${formatMarkdownTable(['module', 'wall (median)', 'ready (median)', 'CPU to ready (median)'], rows)}

- Added by the bundle: **${formatSignedMs(added)}** wall, ${formatSignedMs(coldInit.bundle.readyMs - coldInit.minimal.readyMs)} to ready, ${formatSignedMs(coldInit.bundle.cpuMs - coldInit.minimal.cpuMs)} of CPU. **Verdict: ${verdict(added <= BUDGETS.addedColdInitMs)}**.
- Lambda bundle on the cold path (\`dist/lambda/index.mjs\` and the chunks it imports statically; source maps not counted): **${formatKibibytes(coldInit.bundleBytes)}** (${formatCount(coldInit.bundleBytes)} bytes: ${coldInit.coldPathFiles.map((entry) => `${entry.file} ${formatKibibytes(entry.bytes)}`).join(', ')}). **Verdict: ${verdict(coldInit.bundleBytes <= BUDGETS.bundleBytes)}** against 1 MB read as 1024 KiB${coldInit.bundleBytes > 1_000_000 && coldInit.bundleBytes <= BUDGETS.bundleBytes ? ' (it would miss 1 MB read as 1,000,000 bytes)' : ''}. Every JavaScript file of dist/lambda, the chunks loaded only on demand included (Tracer when tracing is on, the SDK's own lazy imports): ${formatKibibytes(coldInit.allFilesBytes)}.`;
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
  return `## 4. Memory

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

Written by \`npm run bench\` (bench/run.ts); do not edit by hand, run it again. Every target runs in the same run, beside its baselines (the emulator direct, the floor, and the peer, Portkey's gateway). Absolute figures are kept, but the verdicts that matter most are the ratios, because one machine's absolute numbers say little about another's.

${formatMachine(results)}

## Budgets

${formatMarkdownTable(
  ['figure', 'budget', 'measured', 'verdict'],
  verdicts.map((entry) => [entry.figure, entry.budget, entry.measured, verdict(entry.passed)]),
)}

${missed.length === 0 ? 'Every budget is met.' : `**${missed.length} of ${verdicts.length} budgets missed.**`}

## Method

${formatMethod(results)}

${formatCpuSection(results)}

${formatColdInitSection(results)}

${formatMemorySection(results)}
${readBudgetAnalysis()}`;
}

/**
 * The hand-written analysis of the missed budgets (bench/budget-analysis.md), appended as it is: the figures
 * above are generated, the reasons and remedies come from reading the profiles, and name the run they read.
 */
function readBudgetAnalysis(): string {
  const path = fileURLToPath(new URL('./budget-analysis.md', import.meta.url));
  return existsSync(path) ? `\n${readFileSync(path, 'utf8')}` : '';
}

export function writeReport(results: BenchResults, path: string): string {
  const markdown = formatReport(results);
  writeFileSync(path, markdown);
  return markdown;
}
