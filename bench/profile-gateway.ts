/**
 * Where the gateway's time goes: one extra load run (auth and metering on with one key, or auth none) against
 * the gateway from source with the V8 CPU profiler on for the measured part only, summarised by self time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuthorizationHeaders, createChatBody } from './bench-requests.js';
import { type Backends, getGatewayLogDirectory, startProfiledGatewayChild } from './bench-stack.js';
import { type LoadResult, type LoadShape, runLoad, waitUntilIdle, warmUp } from './run-load.js';
import { type CpuProfile, type ProfileSummary, summarizeCpuProfile } from './summarize-cpu-profile.js';

export interface GatewayProfile {
  load: LoadResult;
  summary: ProfileSummary;
  /** Profiled CPU time of the gateway's main thread per request. */
  busyMsPerRequest: number;
  profileFile: string;
}

const PROFILER_START_MS = 200;

export async function profileGateway(
  backends: Backends,
  shape: LoadShape,
  options: { metered: boolean },
): Promise<GatewayProfile> {
  const { emulator, dynalite, keys } = backends;
  const { metered } = options;
  const profileFile = join(
    getGatewayLogDirectory(),
    `gateway-${metered ? 'metered' : 'auth-none'}.cpuprofile`,
  );
  const gateway = await startProfiledGatewayChild({
    name: 'gateway (profiled)',
    emulator,
    ...(metered ? { dynalite } : {}),
    profileFile,
  });
  let load: LoadResult;
  try {
    const target = {
      label: `gateway from source, ${metered ? 'auth + metering, 1 key' : 'auth none'}, profiled`,
      url: `${gateway.info.url}/v1/chat/completions`,
      body: createChatBody(),
      headers: createAuthorizationHeaders(metered ? keys[0] : undefined),
    };
    await warmUp(target, shape.warmupRequests, shape.connections);
    gateway.signal('SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, PROFILER_START_MS));
    load = await runLoad(target, { ...shape, warmupRequests: 0 }, [gateway]);
  } finally {
    await gateway.stop();
  }
  if (metered) await waitUntilIdle([dynalite]);
  const summary = summarizeCpuProfile(JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile);
  return { load, summary, busyMsPerRequest: summary.busyMs / load.requests, profileFile };
}
