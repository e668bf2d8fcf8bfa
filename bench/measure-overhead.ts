/**
 * Figures 1 and 2, overhead and throughput: the same closed-loop load (autocannon: same connections, same
 * duration, after the same warm-up) direct to the emulator's Converse, then through the gateway's
 * `/v1/generate` with auth none, with auth and metering on one key, and on keys spread over the connections.
 * Each gateway measurement gets a fresh gateway process (see bench-stack.ts for why).
 */

import {
  createAuthorizationHeaders,
  createConverseBody,
  createConversePath,
  createGenerateBody,
} from './bench-requests.js';
import { type Backends, type GatewayChild, withGateway } from './bench-stack.js';
import { type LoadResult, type LoadShape, type LoadTarget, runLoad, waitUntilIdle } from './run-load.js';

export interface LoadLevel {
  connections: number;
  direct: LoadResult;
  gatewayWithoutAuth: LoadResult;
  /** Auth and metering, every connection on the same key: the same three usage items written each time. */
  gatewayWithAuth: LoadResult;
  /** Auth and metering, one key per connection (round robin over the keys). Only with several connections. */
  gatewayWithAuthKeySpread: LoadResult | undefined;
  /**
   * How long the gateway and dynalite stayed busy after each metered run had ended, in ms by result label.
   * Usage settlements are written after the response, so a backlog of them drains here.
   */
  drainMs: Record<string, number>;
}

export async function measureLoadLevel(backends: Backends, shape: LoadShape): Promise<LoadLevel> {
  const { emulator, dynalite, keys } = backends;
  const drainMs: Record<string, number> = {};
  const throughGateway = (gateway: GatewayChild, target: Omit<LoadTarget, 'url' | 'body'>): LoadTarget => ({
    url: `${gateway.info.url}/v1/generate`,
    body: createGenerateBody(),
    ...target,
  });

  const direct = await runLoad(
    {
      label: 'emulator direct',
      url: `${emulator.info.url}${createConversePath('converse')}`,
      body: createConverseBody(),
    },
    shape,
    [emulator],
  );
  const withoutAuth = await withGateway({ name: 'gateway', emulator }, (gateway) =>
    runLoad(throughGateway(gateway, { label: 'gateway, auth none' }), shape, [gateway, emulator]),
  );

  const runMetered = async (target: Omit<LoadTarget, 'url' | 'body'>) => {
    return withGateway({ name: 'gateway', emulator, dynalite }, async (gateway) => {
      const result = await runLoad(throughGateway(gateway, target), shape, [gateway, emulator, dynalite]);
      // Before the gateway stops: stopping waits for its pending settlements, which would hide the backlog.
      drainMs[result.label] = await waitUntilIdle([gateway, dynalite]);
      return result;
    });
  };
  const withAuth = await runMetered({
    label: 'gateway, auth + metering, 1 key',
    headers: createAuthorizationHeaders(keys[0]),
  });
  const spreadKeys = keys.slice(0, shape.connections);
  const keySpread =
    spreadKeys.length > 1
      ? await runMetered({ label: `gateway, auth + metering, ${spreadKeys.length} keys`, keys: spreadKeys })
      : undefined;

  return {
    connections: shape.connections,
    direct,
    gatewayWithoutAuth: withoutAuth,
    gatewayWithAuth: withAuth,
    gatewayWithAuthKeySpread: keySpread,
    drainMs,
  };
}
