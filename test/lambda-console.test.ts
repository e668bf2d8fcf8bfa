import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '../src/http/routes/console.js';
import restEvent from './__fixtures__/api-gateway-rest-event.json' with { type: 'json' };
import { type LambdaEntry, startLambdaEntry } from './support/start-lambda-entry.js';

const run = promisify(execFile);
let outDir: string;
let entry: LambdaEntry;

beforeAll(async () => {
  // The Lambda package as npm run build writes it: the bundle, and the console's files beside it.
  outDir = mkdtempSync(join(tmpdir(), 'bgw-lambda-console-'));
  await run(process.execPath, ['scripts/build.mjs'], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, BUILD_OUT_DIR: outDir },
  });
  entry = await startLambdaEntry({}, {}, join(outDir, 'lambda/index.mjs'));
}, 60_000);
afterAll(async () => {
  await entry?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** A GET through API Gateway's REST proxy. */
function getEvent(path: string): APIGatewayProxyEvent {
  return {
    ...(restEvent as unknown as APIGatewayProxyEvent),
    httpMethod: 'GET',
    path,
    pathParameters: { proxy: path.slice(1) },
    body: null,
  };
}

describe('the console on Lambda (the built package)', () => {
  it('serves the page and its script from the files beside the bundle, with the CSP', async () => {
    // Act
    const page = await entry.invoke(getEvent('/console'), { key: null });
    const script = await entry.invoke(getEvent('/console/console.js'), { key: null });

    // Assess
    const html = page.stream.parse();
    const js = script.stream.parse();
    expect(html.metadata.statusCode).toBe(200);
    expect(html.body).toContain('<script type="module" src="/console/console.js"></script>');
    expect(html.metadata.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    expect(js.metadata.statusCode).toBe(200);
    expect(js.bodyBytes.length).toBeGreaterThan(10_000);
  });

  it('refuses the admin API to an API key on Lambda too', async () => {
    const answer = await entry.invoke(getEvent('/admin/v1/keys'));
    const { metadata, body } = answer.stream.parse();
    expect(metadata.statusCode).toBe(403);
    expect(JSON.parse(body).error.code).toBe('admin_role_required');
  });
});
