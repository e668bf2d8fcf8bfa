import type { Logger } from '@aws-lambda-powertools/logger';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { GatewayError, InvalidRequestError, NotFoundError } from '../../core/errors.js';
import { isWellFormedKeyId } from '../../tenancy/api-key.js';
import { type KeyChanges, type NewKey, summarizeKey } from '../../tenancy/key-record.js';
import type { KeyStore } from '../../tenancy/key-store.js';
import { createAdminRateLimiter } from '../admin/admin-rate-limiter.js';
import { requireAdminKey } from '../admin/require-admin-key.js';
import { sumMonthUsages } from '../admin/sum-usage-windows.js';
import { writeAuditLine } from '../admin/write-audit-line.js';
import type { AppDependencies, GatewayEnv, Tenancy } from '../gateway-env.js';
import { readJsonBody } from '../read-json-body.js';
import { describeModel } from './models.js';

/** Admin requests per admin key per minute, per instance (see `createAdminRateLimiter`). */
export const ADMIN_REQUESTS_PER_MINUTE = 300;

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const objectBody = z.record(z.string(), z.unknown());

type AdminContext = Context<GatewayEnv>;
type AuditDetails = { targetKeyId?: string; fields?: string[] };

/**
 * `/admin/v1/*`: keys (create, list, get, update, revoke), usage per key, model and day or month, and the
 * model catalogue, for admin keys only. Bodies and answers use the key record's own field names (as
 * `keys list --json`). Every action writes one audit line.
 */
export function createAdminRoutes(
  dependencies: AppDependencies,
  tenancy: Tenancy & { keyStore: KeyStore },
  created: number,
): Hono<GatewayEnv> {
  const { keyStore, meter } = tenancy;
  const now = dependencies.now ?? Date.now;
  const logger: Logger = dependencies.logger;
  const limiter = createAdminRateLimiter({ requestsPerMinute: ADMIN_REQUESTS_PER_MINUTE, now });

  /**
   * Runs an action and writes its audit line with the status it ended with, refusals included. The target
   * key is the route's `:keyId`, or what the action notes (the id of a key it created).
   */
  function audited(
    action: string,
    run: (c: AdminContext, note: (details: AuditDetails) => void) => Promise<Response>,
  ) {
    return async (c: AdminContext) => {
      const routeKeyId = c.req.param('keyId');
      const details: AuditDetails = routeKeyId === undefined ? {} : { targetKeyId: routeKeyId };
      let status = 500;
      try {
        const response = await run(c, (noted) => Object.assign(details, noted));
        status = response.status;
        return response;
      } catch (error) {
        if (error instanceof GatewayError) status = error.statusCode;
        throw error;
      } finally {
        writeAuditLine(logger, {
          requestId: c.var.requestId,
          adminKeyId: c.var.apiKey!.keyId,
          action,
          status,
          ...details,
        });
      }
    };
  }

  const keyIdOf = (c: AdminContext): string => {
    const keyId = c.req.param('keyId') ?? '';
    if (!isWellFormedKeyId(keyId)) throw new NotFoundError('key_not_found', `No key has the id '${keyId}'.`);
    return keyId;
  };

  const monthOf = (c: AdminContext): string => {
    const month = c.req.query('month') ?? new Date(now()).toISOString().slice(0, 7);
    if (!MONTH_PATTERN.test(month)) {
      throw new InvalidRequestError(
        'invalid_month',
        `month must be a UTC month like 2026-11, got '${month}'.`,
        {
          param: 'month',
        },
      );
    }
    return month;
  };

  const getKey = async (keyId: string) => {
    const record = await keyStore.getById(keyId);
    if (!record) throw new NotFoundError('key_not_found', `No key has the id '${keyId}'.`);
    return summarizeKey(record);
  };

  return new Hono<GatewayEnv>()
    .use('/admin/*', requireAdminKey(tenancy.authenticate, limiter))
    .get(
      '/admin/v1/keys',
      audited('keys.list', async (c) => c.json({ data: await keyStore.list() })),
    )
    .post(
      '/admin/v1/keys',
      audited('keys.create', async (c, note) => {
        const body = await readJsonBody(c, objectBody);
        if ('role' in body) {
          throw new InvalidRequestError(
            'role_not_allowed',
            'Admin keys are created with the CLI only (keys create --admin), not by the admin API.',
            { param: 'role' },
          );
        }
        const { key, record } = await keyStore.create(body as NewKey);
        note({ targetKeyId: record.keyId });
        return c.json({ key, ...summarizeKey(record) }, 201);
      }),
    )
    .get(
      '/admin/v1/keys/:keyId',
      audited('keys.get', async (c) => c.json(await getKey(keyIdOf(c)))),
    )
    .patch(
      '/admin/v1/keys/:keyId',
      audited('keys.update', async (c, note) => {
        const keyId = keyIdOf(c);
        const body = await readJsonBody(c, objectBody);
        note({ fields: Object.keys(body) });
        return c.json(await keyStore.update(keyId, body as KeyChanges));
      }),
    )
    .post(
      '/admin/v1/keys/:keyId/revoke',
      audited('keys.revoke', async (c) => c.json(await keyStore.revoke(keyIdOf(c)))),
    )
    .get(
      '/admin/v1/keys/:keyId/usage',
      audited('usage.read', async (c) => {
        const key = await getKey(keyIdOf(c));
        const month = monthOf(c);
        return c.json({ ...(await meter.getMonthUsage(key.keyId, month)), limits: key.limits });
      }),
    )
    .get(
      '/admin/v1/usage',
      audited('usage.read', async (c) => {
        const month = monthOf(c);
        const keys = await keyStore.list();
        const usages = await Promise.all(keys.map((key) => meter.getMonthUsage(key.keyId, month)));
        return c.json({
          month,
          today: new Date(now()).toISOString().slice(0, 10),
          keys: keys.map((key, index) => ({
            keyId: key.keyId,
            name: key.name,
            status: key.status,
            ...(key.role ? { role: key.role } : {}),
            limits: key.limits,
            month: usages[index]!.month,
            days: usages[index]!.days,
          })),
          totals: sumMonthUsages(month, usages),
        });
      }),
    )
    .get(
      '/admin/v1/models',
      audited('models.list', async (c) =>
        c.json({
          data: [...dependencies.registry.values()].map((model) => describeModel(model, created, now())),
        }),
      ),
    );
}
