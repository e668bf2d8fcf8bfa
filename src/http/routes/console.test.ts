import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { GatewayEnv } from '../gateway-env.js';
import { CONSOLE_CONTENT_SECURITY_POLICY, createConsoleRoutes } from './console.js';

const directory = mkdtempSync(join(tmpdir(), 'bgw-console-route-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function createTestApp(folder: string) {
  const app = new Hono<GatewayEnv>().route('/', createConsoleRoutes(folder));
  app.onError((error, c) =>
    c.json(
      { code: (error as GatewayError).code },
      error instanceof GatewayError ? (error.statusCode as 404) : 500,
    ),
  );
  return app;
}

describe('console routes', () => {
  it('serves the page and its assets with the strict CSP, no caching and nosniff', async () => {
    // Prepare
    writeFileSync(join(directory, 'index.html'), '<!doctype html>');
    writeFileSync(join(directory, 'console.js'), 'export {};');
    const app = createTestApp(directory);

    // Act
    const page = await app.request('/console');
    const script = await app.request('/console/console.js');

    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html>');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const answer of [page, script]) {
      expect(answer.headers.get('content-security-policy')).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(CONSOLE_CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('serves only its own files: other names and paths are 404 without touching the disk', async () => {
    const app = createTestApp(directory);
    const answers = await Promise.all(
      ['/console/..%2Fpackage.json', '/console/gateway.config.json', '/console/a/b'].map((path) =>
        app.request(path),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
  });

  it('answers 404 console_not_built when the build is missing, and serves it once built', async () => {
    // Prepare
    const empty = mkdtempSync(join(tmpdir(), 'bgw-console-empty-'));
    const app = createTestApp(empty);

    // Act
    const before = await app.request('/console');
    writeFileSync(join(empty, 'index.html'), 'built');
    const after = await app.request('/console');
    rmSync(empty, { recursive: true, force: true });

    // Assess
    expect(before.status).toBe(404);
    expect(await before.json()).toEqual({ code: 'console_not_built' });
    expect(after.status).toBe(200);
  });
});
