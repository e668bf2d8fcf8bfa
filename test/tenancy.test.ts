import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePromptParts, estimatePromptTokens } from '../src/core/prompt-tokens.js';
import { collectSse, readSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';
import { waitForRoomInMinute } from './support/wait-for-room-in-minute.js';

const run = promisify(execFile);
const KEY_CACHE_TTL_MS = 200;
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    config: {
      auth: { cacheTtlMs: KEY_CACHE_TTL_MS },
      reliability: { maxAttemptsPerModel: 1, circuitBreaker: { failureThreshold: 1000 } },
    },
  });
});

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
afterAll(async () => {
  await stack.close();
});

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** Usage windows are per minute: start a race well inside one, so it is counted in a single window. */
async function waitForFreshMinute(): Promise<void> {
  const secondsIntoMinute = new Date().getUTCSeconds();
  if (secondsIntoMinute > 45) await sleep((61 - secondsIntoMinute) * 1000);
}

describe('API keys', () => {
  it.each([
    ['no key', {}, 401, 'missing_api_key'],
    ['an unknown key', bearer('bgw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 401, 'invalid_api_key'],
    ['a malformed key', { 'x-api-key': 'sk-not-ours' }, 401, 'invalid_api_key'],
  ])('refuses %s with %i %s', async (_name, headers, status, code) => {
    // Act
    const response = await fetch(`${stack.url}/v1/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ prompt: 'hi' }),
    });

    // Assess
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/API key|key/);
  });

  it('accepts the key in x-api-key as well as Authorization: Bearer', async () => {
    const response = await stack.postJson('/v1/generate', { prompt: 'hi' }, { 'x-api-key': stack.key! });
    expect(response.status).toBe(200);
  });

  it('refuses a revoked key with 403 key_revoked', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'to-revoke', models: ['*'] });
    const record = await stack.gateway.tenancy!.keyStore.getByHash(
      createHash('sha256').update(key).digest('hex'),
    );
    await stack.gateway.tenancy!.keyStore.revoke(record!.keyId);

    // Act
    const response = await stack.postJson('/v1/generate', { prompt: 'hi' }, bearer(key));

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'key_revoked', type: 'permission_error' });
  });

  it('refuses an expired key with 403 key_expired', async () => {
    // Prepare
    const expiresAt = new Date(Date.now() + 1000).toISOString();
    const key = await stack.createKey({ name: 'expiring', models: ['*'], expiresAt });
    const before = await stack.postJson('/v1/generate', { prompt: 'hi' }, bearer(key));
    await sleep(Date.parse(expiresAt) - Date.now() + 50);

    // Act
    const response = await stack.postJson('/v1/generate', { prompt: 'hi' }, bearer(key));

    // Assess: expiry is exact even for a cached key.
    expect(before.status).toBe(200);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('key_expired');
  });

  it('refuses a model outside the allow-list with 403, also when named by its Bedrock id', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'haiku-only', models: ['claude-haiku'] });

    // Act
    const byAlias = await stack.postJson('/v1/generate', { prompt: 'hi', model: 'nova-micro' }, bearer(key));
    const byId = await stack.postJson(
      '/v1/generate',
      { prompt: 'hi', model: 'amazon.nova-micro-v1:0' },
      bearer(key),
    );
    const allowed = await stack.postJson(
      '/v1/generate',
      { prompt: 'hi', model: 'claude-haiku' },
      bearer(key),
    );

    // Assess
    expect(byAlias.status).toBe(403);
    expect(byAlias.body.error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
    expect(byAlias.body.error.message).toContain("'nova-micro'");
    expect(byId.status).toBe(403);
    expect(allowed.status).toBe(200);
  });

  it('lists only the models the key may use', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'two-models', models: ['claude-haiku', 'nova-micro'] });

    // Act
    const response = await stack.fetch('/v1/models', { headers: bearer(key) });

    // Assess
    const ids = (await response.json()).data.map((model: { id: string }) => model.id);
    expect(ids).toEqual(['claude-haiku', 'nova-micro']);
  });

  it('keeps /health open without a key', async () => {
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
  });
});

describe('limits', () => {
  it('refuses the request over the rpm with 429 rate_limit_exceeded and Retry-After', async () => {
    await waitForRoomInMinute();
    // Prepare
    await waitForFreshMinute();
    const key = await stack.createKey({ name: 'rpm-2', models: ['*'], limits: { rpm: 2 } });

    // Act
    const statuses = [];
    for (let index = 0; index < 3; index++) {
      statuses.push(await stack.postJson('/v1/generate', { prompt: 'hi', max_tokens: 10 }, bearer(key)));
    }

    // Assess
    expect(statuses.map((response) => response.status)).toEqual([200, 200, 429]);
    expect(statuses[2]!.body.error.code).toBe('rate_limit_exceeded');
    expect(Number(statuses[2]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }, 40_000);

  it('rejects max_tokens above the key limit per request, naming it', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'small', models: ['*'], limits: { maxTokensPerRequest: 50 } });

    // Act
    const response = await stack.postJson('/v1/generate', { prompt: 'hi', max_tokens: 51 }, bearer(key));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('limit of 50 tokens per request');
  });

  it('holds the tpm under 50 concurrent requests: at most the allowed number succeed', async () => {
    // Prepare: each request reserves its prompt estimate plus max_tokens (about 110 tokens), and really uses
    // that many, so settling frees almost nothing while the race runs.
    await waitForFreshMinute();
    const tpm = 1150;
    const key = await stack.createKey({ name: 'tpm', models: ['*'], limits: { tpm } });
    const body = { prompt: 'Race [[emulator:tokens=100]] [[emulator:delay_ms=100]]', max_tokens: 100 };

    // Act
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => stack.postJson('/v1/generate', body, bearer(key))),
    );

    // Assess
    const succeeded = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 429);
    expect(succeeded.length).toBeGreaterThan(0);
    expect(succeeded.length).toBeLessThanOrEqual(10);
    expect(succeeded.length + refused.length).toBe(50);
    for (const response of refused) {
      expect(response.body.error.code).toBe('tokens_per_minute_exceeded');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const keyId = stack.logs.lines.find((line) => line.request_id === succeeded[0]!.body.id)
      ?.key_id as string;
    // Settlements finish after the responses: wait for them.
    const usage = await waitFor(
      () => stack.gateway.tenancy!.meter.getUsage(keyId),
      (read) => read.day.reservedTokens === 0,
    );
    expect(usage.day.inputTokens + usage.day.outputTokens).toBeLessThanOrEqual(tpm);
    expect(usage.day.reservedTokens).toBe(0);
  }, 40_000);
});

describe('usage accounting', () => {
  it('counts exactly what the responses reported after a mixed run of successes, failures and aborted streams', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'accounting', models: ['*'] });
    const headers = { 'content-type': 'application/json', ...bearer(key) };
    const reported = { inputTokens: 0, outputTokens: 0 };
    const add = (usage: { input_tokens: number; output_tokens: number }) => {
      reported.inputTokens += usage.input_tokens;
      reported.outputTokens += usage.output_tokens;
    };

    // Act: successes, streamed successes, upstream failures, a cut stream and aborted streams.
    for (let index = 0; index < 5; index++) {
      add(
        (await stack.postJson('/v1/generate', { prompt: `ok ${index} [[emulator:tokens=12]]` }, bearer(key)))
          .body.usage,
      );
      const events = await collectSse(
        await stack.fetch('/v1/generate', {
          method: 'POST',
          headers,
          body: JSON.stringify({ prompt: `s ${index}`, stream: true }),
        }),
      );
      add(JSON.parse(events.at(-1)!.data).usage);
      const failed = await stack.postJson(
        '/v1/generate',
        { prompt: 'x [[emulator:fail=ModelErrorException]]', model: 'nova-micro' },
        bearer(key),
      );
      expect(failed.status).toBe(502);
    }
    const aborted: string[] = [];
    for (let index = 0; index < 3; index++) {
      const abort = new AbortController();
      const response = await stack.fetch('/v1/generate', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          prompt: `abort ${index} [[emulator:tokens=300]] [[emulator:delay_ms=20]]`,
          stream: true,
        }),
        signal: abort.signal,
      });
      aborted.push(response.headers.get('x-request-id')!);
      await readSse(response).next();
      abort.abort();
    }
    const cut = await stack.fetch('/v1/generate', {
      method: 'POST',
      headers,
      body: JSON.stringify({ prompt: 'cut [[emulator:tokens=40]] [[emulator:cut_after=2]]', stream: true }),
    });
    aborted.push(cut.headers.get('x-request-id')!);
    await collectSse(cut);

    // Assess: once every request has settled, the counters hold the reported usage plus what the gateway
    // counted (and logged) for streams that ended without reporting any.
    const keyId = stack.logs.lines.find((line) => line.request_id === aborted[0])?.key_id as string;
    const meter = stack.gateway.tenancy!.meter;
    let usage = await meter.getUsage(keyId);
    for (let attempt = 0; attempt < 50 && usage.day.reservedTokens > 0; attempt++) {
      await sleep(20);
      usage = await meter.getUsage(keyId);
    }
    const cutShort = stack.logs.lines.filter((line) => aborted.includes(line.request_id as string));
    expect(cutShort).toHaveLength(4);
    for (const line of cutShort) {
      reported.inputTokens += line.input_tokens as number;
      reported.outputTokens += line.output_tokens as number;
    }
    expect(usage.day).toMatchObject({
      requests: 19,
      inputTokens: reported.inputTokens,
      outputTokens: reported.outputTokens,
      reservedTokens: 0,
    });
    expect(usage.month).toMatchObject({ requests: 19, reservedTokens: 0 });
  });

  it('charges the prompt of a call the client abandoned, so hanging up is no way around a limit', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'hangs-up', models: ['*'], limits: { dailyTokens: 100_000 } });
    const prompt = `${'word '.repeat(400)}[[emulator:delay_ms=800]]`;
    const abort = new AbortController();

    // Act
    const request = stack.fetch('/v1/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ prompt, model: 'nova-micro' }),
      signal: abort.signal,
    });
    await sleep(300);
    abort.abort();
    await request.catch(() => undefined);

    // Assess
    let body = await (await stack.fetch('/v1/usage', { headers: bearer(key) })).json();
    for (
      let attempt = 0;
      attempt < 100 && (body.day.requests === 0 || body.day.reserved_tokens > 0);
      attempt++
    ) {
      await sleep(20);
      body = await (await stack.fetch('/v1/usage', { headers: bearer(key) })).json();
    }
    // The prompt's typical estimate: the call never reported usage, and the estimate is the best guess.
    const messages = [{ role: 'user' as const, content: [{ type: 'text' as const, text: prompt }] }];
    expect(body.day).toMatchObject({ requests: 1, reserved_tokens: 0 });
    expect(body.day.input_tokens).toBe(estimatePromptTokens(describePromptParts({ messages })));
  });

  it('GET /v1/usage returns the calling key’s day and month', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'usage-route', models: ['*'] });
    const answer = await stack.postJson(
      '/v1/generate',
      { prompt: 'count me [[emulator:tokens=8]]' },
      bearer(key),
    );

    // Act
    let body = (await (await stack.fetch('/v1/usage', { headers: bearer(key) })).json()) as {
      day: { requests: number; output_tokens: number; reserved_tokens: number; cost_usd: number };
    };
    for (let attempt = 0; attempt < 50 && body.day.reserved_tokens > 0; attempt++) {
      await sleep(20);
      body = await (await stack.fetch('/v1/usage', { headers: bearer(key) })).json();
    }

    // Assess
    expect(body.day).toMatchObject({
      requests: 1,
      output_tokens: answer.body.usage.output_tokens,
      reserved_tokens: 0,
    });
    expect(body.day.cost_usd).toBeGreaterThan(0);
  });
});

describe('secrets in logs', () => {
  it('never logs a key or a key hash', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'secret', models: ['*'] });
    const hash = createHash('sha256').update(key).digest('hex');

    // Act
    await stack.postJson('/v1/generate', { prompt: 'hi' }, bearer(key));
    await stack.postJson('/v1/generate', { prompt: 'hi' }, { 'x-api-key': `${key}x` });
    await stack.fetch('/v1/models', { headers: bearer(key) });

    // Assess
    const everything = stack.logs.raw.join('\n');
    expect(stack.logs.raw.length).toBeGreaterThan(0);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(hash);
    expect(everything).not.toContain(stack.key!);
  });
});

describe('bedrock-gateway keys (CLI)', () => {
  it('creates, lists, revokes and reports usage against the configured table', async () => {
    // Prepare
    const env = {
      ...process.env,
      DYNAMODB_ENDPOINT: stack.dynamo!.endpoint,
      GATEWAY_KEYS_TABLE: stack.dynamo!.tables.keys,
      GATEWAY_USAGE_TABLE: stack.dynamo!.tables.usage,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      GATEWAY_CONFIG_FILE: '',
    };
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/entry/cli.ts', 'keys', ...args], { env });

    // Act
    const created = JSON.parse(
      (await cli('create', '--name', 'from-cli', '--models', 'claude-haiku', '--rpm', '5', '--json')).stdout,
    );
    const used = await stack.postJson(
      '/v1/generate',
      { prompt: 'cli key', model: 'claude-haiku' },
      bearer(created.key),
    );
    const listed = JSON.parse((await cli('list', '--json')).stdout);
    const usage = JSON.parse((await cli('usage', created.keyId ?? created.record?.keyId, '--json')).stdout);
    await cli('revoke', created.keyId ?? created.record?.keyId);
    // A revocation takes effect once the gateway's cached copy of the key expires.
    await sleep(KEY_CACHE_TTL_MS + 50);
    const afterRevoke = await stack.postJson(
      '/v1/generate',
      { prompt: 'again', model: 'claude-haiku' },
      bearer(created.key),
    );

    // Assess
    expect(created.key).toMatch(/^bgw_[A-Za-z0-9_-]{43}$/);
    expect(used.status).toBe(200);
    expect(JSON.stringify(listed)).toContain('from-cli');
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(usage)).toMatch(/"requests":1/);
    expect(afterRevoke.status).toBe(403);
  }, 30_000);
});
