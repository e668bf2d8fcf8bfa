import { randomUUID } from 'node:crypto';
import { type LocalDynamo, startLocalDynamo } from '../../src/tenancy/local-dynamo.js';

/**
 * Starts dynalite on 127.0.0.1 with an ephemeral port and the gateway's tables (uniquely named, so a test
 * can never touch another's data). Call `close()` in `afterAll`.
 */
export function startDynalite(): Promise<LocalDynamo> {
  const suffix = randomUUID().slice(0, 8);
  return startLocalDynamo({ tables: { keys: `keys-${suffix}`, usage: `usage-${suffix}` } });
}
