/** Self time of a V8 CPU profile (`.cpuprofile`), by function and by package or source area. */

interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based. */
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds between consecutive samples; the first is from the profile's start. */
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time, 0..1. */
  share: number;
}

export interface ProfileSummary {
  /** Sampled time the thread was not idle. */
  busyMs: number;
  /** Every bucket (see describeBucket), largest first. */
  byBucket: SelfTime[];
  byArea: SelfTime[];
  byFunction: SelfTime[];
}

/** `@aws-sdk/client-dynamodb` for a file under node_modules, `src/http` for ours, `node:internal/...`. */
export function describeArea(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const packagePath = url.split('/node_modules/').at(-1)!;
  if (packagePath !== url) {
    const [first, second] = packagePath.split('/');
    return first!.startsWith('@') ? `${first}/${second}` : first!;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const source = url.match(/\/(src|emulator|bench)\/([^/]+)\//);
  return source ? `${source[1]}/${source[2]}` : url;
}

/** Areas folded into a few buckets a reader can act on. */
export function describeBucket(area: string): string {
  if (area.startsWith('@aws-sdk/') || area.startsWith('@smithy/')) return 'AWS SDK v3 (@aws-sdk, @smithy)';
  if (area.startsWith('node:')) return 'Node.js core (http, net, streams, events)';
  if (area === '(native)' || area === '(program)') return 'native code and V8 (socket writes, JSON, crypto)';
  if (area === '(garbage collector)') return 'garbage collector';
  if (area.startsWith('@aws-lambda-powertools/')) return 'Powertools (logger, metrics)';
  if (area === 'hono' || area.startsWith('@hono/')) return 'Hono and @hono/node-server';
  if (area === 'zod') return 'zod';
  if (area.startsWith('src/')) return 'gateway code (src/)';
  return 'other';
}

function describeFunction(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return name;
  const file = frame.url
    .split('/node_modules/')
    .at(-1)!
    .replace(/^file:\/\/.*?\/(src|emulator|bench)\//, '$1/');
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

function rank(totals: Map<string, number>, busyMs: number, limit: number): SelfTime[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, ms, share: ms / busyMs }));
}

export function summarizeCpuProfile(profile: CpuProfile, limit = 12): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byArea = new Map<string, number>();
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((nodeId, index) => {
    // A sample stands for the time until the next one.
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const frame = frames.get(nodeId)!;
    if (frame.functionName === '(idle)') return;
    busyMs += ms;
    const area = describeArea(frame);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    const bucket = describeBucket(area);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + ms);
    const name = describeFunction(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  });
  return {
    busyMs,
    byBucket: rank(byBucket, busyMs, byBucket.size),
    byArea: rank(byArea, busyMs, limit),
    byFunction: rank(byFunction, busyMs, limit),
  };
}
