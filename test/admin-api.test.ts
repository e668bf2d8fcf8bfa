import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';

let stack: TestStack;
let adminKey: string;
let adminKeyId: string;
let modelAdminKey: string;

beforeAll(async () => {
  // No key cache: a revocation or an update applies at once, so the round trip can see it.
  stack = await startStack({ config: { auth: { cacheTtlMs: 0 } } });
  const store = stack.gateway.tenancy!.keyStore;
  const admin = await store.create({ name: 'ops', models: [], role: 'admin' });
  adminKey = admin.key;
  adminKeyId = admin.record.keyId;
  modelAdminKey = (await store.create({ name: 'ops+models', models: ['*'], role: 'admin' })).key;
});
afterAll(() => stack.close());

function admin(path: string, init: RequestInit = {}, key = adminKey) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  if (init.body) headers.set('content-type', 'application/json');
  return stack.fetch(path, { ...init, headers });
}

const json = (body: unknown, method = 'POST'): RequestInit => ({ method, body: JSON.stringify(body) });

/** Every admin route, with a well-formed key id where it takes one. */
const ADMIN_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/admin/v1/keys'],
  ['POST', '/admin/v1/keys', { name: 'x', models: ['*'] }],
  ['GET', '/admin/v1/keys/key_0123456789ab'],
  ['PATCH', '/admin/v1/keys/key_0123456789ab', { limits: { rpm: 1 } }],
  ['POST', '/admin/v1/keys/key_0123456789ab/revoke'],
  ['GET', '/admin/v1/keys/key_0123456789ab/usage'],
  ['GET', '/admin/v1/usage'],
  ['GET', '/admin/v1/models'],
  ['GET', '/admin/v1/not-a-route'],
];

describe('admin API access', () => {
  it('answers 403 admin_role_required to an API key on every admin route, even one allowed every model', async () => {
    for (const [method, path, body] of ADMIN_ROUTES) {
      // Act
      const answer = await stack.fetch(path, {
        method,
        ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });

      // Assess
      expect({ path, method, status: answer.status }).toEqual({ path, method, status: 403 });
      expect((await answer.json()).error).toMatchObject({
        type: 'permission_error',
        code: 'admin_role_required',
      });
    }
  });

  it('answers 401 without a key and 401 for a wrong one', async () => {
    const none = await fetch(`${stack.url}/admin/v1/keys`);
    const wrong = await admin('/admin/v1/keys', {}, `bgw_${'A'.repeat(43)}`);
    expect(none.status).toBe(401);
    expect(wrong.status).toBe(401);
  });

  it('refuses model routes to an admin key that lists no models (403), and allows them when it lists some', async () => {
    // Act
    const calls = [
      ['/v1/generate', { prompt: 'Hi', max_tokens: 10 }],
      [
        '/v1/chat/completions',
        { model: 'claude-haiku', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10 },
      ],
      [
        '/v1/messages',
        { model: 'claude-haiku', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] },
      ],
      ['/v1/embeddings', { model: 'titan-embed-text-v2', input: 'Hi' }],
    ] as const;
    const refused = await Promise.all(calls.map(([path, body]) => admin(path, json(body))));
    const allowed = await admin('/v1/generate', json({ prompt: 'Hi', max_tokens: 10 }), modelAdminKey);
    const listed = await (await admin('/v1/models')).json();

    // Assess
    expect(refused.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(allowed.status).toBe(200);
    expect(listed.data).toEqual([]);
  });

  it('does not create admin keys: only the CLI does', async () => {
    const answer = await admin('/admin/v1/keys', json({ name: 'sneaky', models: [], role: 'admin' }));
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toMatchObject({ code: 'role_not_allowed', param: 'role' });
  });
});

describe('admin API round trip', () => {
  it('creates a key shown once, lists, gets, updates and revokes it, and reports its usage per model and day', async () => {
    // Act: create
    const createdAnswer = await admin(
      '/admin/v1/keys',
      json({ name: 'team-a', models: ['claude-haiku', 'nova-lite'], limits: { rpm: 100 } }),
    );
    const created = await createdAnswer.json();
    const { keyId, key } = created;

    // Assess: shown once, listed without it
    expect(createdAnswer.status).toBe(201);
    expect(key).toMatch(/^bgw_/);
    const listText = await (await admin('/admin/v1/keys')).text();
    expect(listText).toContain(keyId);
    expect(listText).not.toContain(key);
    expect(listText).not.toContain('keyHash');
    const got = await (await admin(`/admin/v1/keys/${keyId}`)).json();
    expect(got).toMatchObject({ keyId, name: 'team-a', status: 'active', limits: { rpm: 100 } });
    expect(got.key).toBeUndefined();

    // Act: update the limits and models; the key obeys them at once (no key cache here)
    const patched = await (
      await admin(
        `/admin/v1/keys/${keyId}`,
        json({ limits: { maxTokensPerRequest: 40, dailyTokens: 100_000 } }, 'PATCH'),
      )
    ).json();
    expect(patched.limits).toEqual({ maxTokensPerRequest: 40, dailyTokens: 100_000 });
    const tooBig = await stack.postJson(
      '/v1/chat/completions',
      { model: 'claude-haiku', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 500 },
      { authorization: `Bearer ${key}` },
    );
    expect(tooBig.status).toBe(400);

    // Act: use it with two models
    for (const model of ['claude-haiku', 'nova-lite', 'claude-haiku']) {
      const answer = await stack.postJson(
        '/v1/chat/completions',
        { model, messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 20 },
        { authorization: `Bearer ${key}` },
      );
      expect(answer.status).toBe(200);
    }
    const usage = await waitFor(
      async () => (await admin(`/admin/v1/keys/${keyId}/usage`)).json(),
      (body) => body.month.requests === 3 && body.month.models['nova-lite']?.requests === 1,
    );

    // Assess: totals per model add up, today's day carries them too, the limits come along for budget bars
    expect(usage.month.models['claude-haiku'].requests).toBe(2);
    expect(
      usage.month.models['claude-haiku'].outputTokens + usage.month.models['nova-lite'].outputTokens,
    ).toBe(usage.month.outputTokens);
    expect(usage.month.costMicroUsd).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(usage.days.map((day: { window: string }) => day.window)).toContain(today);
    expect(usage.limits).toEqual({ maxTokensPerRequest: 40, dailyTokens: 100_000 });
    const all = await (await admin('/admin/v1/usage')).json();
    const row = all.keys.find((entry: { keyId: string }) => entry.keyId === keyId);
    expect(row.month.requests).toBe(3);
    expect(all.totals.month.requests).toBeGreaterThanOrEqual(3);
    expect(all.today).toBe(today);

    // Act: revoke
    const revoked = await (await admin(`/admin/v1/keys/${keyId}/revoke`, { method: 'POST' })).json();
    const after = await stack.postJson(
      '/v1/chat/completions',
      { model: 'claude-haiku', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 10 },
      { authorization: `Bearer ${key}` },
    );

    // Assess
    expect(revoked).toMatchObject({ keyId, status: 'revoked' });
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('key_revoked');
    const editRevoked = await admin(`/admin/v1/keys/${keyId}`, json({ limits: {} }, 'PATCH'));
    expect(editRevoked.status).toBe(400);
  });

  it('answers 404 for an unknown key and 400 for a bad change, in the gateway error shape', async () => {
    const unknown = await admin('/admin/v1/keys/key_0123456789ab');
    const bad = await admin('/admin/v1/keys/key_0123456789ab', json({ limits: { rmp: 1 } }, 'PATCH'));
    const month = await admin('/admin/v1/usage?month=2026-13');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({
      code: 'key_not_found',
      request_id: expect.any(String),
    });
    expect(bad.status).toBe(400);
    expect(month.status).toBe(400);
  });

  it('lists the catalogue with lifecycle and capabilities', async () => {
    const models = await (await admin('/admin/v1/models')).json();
    const haiku = models.data.find((model: { id: string }) => model.id === 'claude-haiku');
    expect(models.data.length).toBeGreaterThan(10);
    expect(haiku).toMatchObject({ lifecycle: { state: expect.any(String) }, capabilities: { tools: true } });
  });
});

describe('admin audit lines', () => {
  it('writes one line per admin action with who, what and which key, and never key material', async () => {
    // Prepare
    const start = stack.logs.lines.length;

    // Act
    const created = await (await admin('/admin/v1/keys', json({ name: 'audited', models: ['*'] }))).json();
    await admin(`/admin/v1/keys/${created.keyId}`, json({ limits: { rpm: 5 } }, 'PATCH'));
    await admin(`/admin/v1/keys/${created.keyId}/revoke`, { method: 'POST' });
    await stack.fetch('/admin/v1/keys'); // an API key: refused before any action, no audit line

    // Assess
    const audit = stack.logs.lines.slice(start).filter((line) => line.message === 'admin audit');
    expect(audit.map((line) => [line.action, line.target_key_id, line.status, line.admin_key_id])).toEqual([
      ['keys.create', created.keyId, 201, adminKeyId],
      ['keys.update', created.keyId, 200, adminKeyId],
      ['keys.revoke', created.keyId, 200, adminKeyId],
    ]);
    expect(audit[1]!.fields).toEqual(['limits']);
    const everything = stack.logs.raw.join('\n');
    for (const secret of [created.key, adminKey, modelAdminKey, stack.key!])
      expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/bgw_[A-Za-z0-9_-]{20}/);
  });
});
