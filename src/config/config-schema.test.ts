import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

const cwd = mkdtempSync(join(tmpdir(), 'bgw-schema-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function loadServer(server: Record<string, unknown>) {
  return loadConfig({ env: {}, cwd, overrides: { server } }).server;
}

describe('server timeouts in the config', () => {
  it('defaults keep-alive above the ALB idle timeout, headers above keep-alive, and the request above both', () => {
    // Act
    const server = loadServer({});

    // Assess: the ALB's default idle timeout is 60 s.
    expect(server.keepAliveTimeoutMs).toBeGreaterThan(60_000);
    expect(server.headersTimeoutMs).toBeGreaterThan(server.keepAliveTimeoutMs);
    expect(server.requestTimeoutMs).toBeGreaterThanOrEqual(server.headersTimeoutMs);
    expect(server.requestTimeoutMs).toBeLessThan(300_000);
  });

  it('refuses a headersTimeoutMs above requestTimeoutMs, naming the field, since Node would not start', () => {
    expect(() => loadServer({ headersTimeoutMs: 66_000, requestTimeoutMs: 10_000 })).toThrow(ConfigError);
    expect(() => loadServer({ headersTimeoutMs: 66_000, requestTimeoutMs: 10_000 })).toThrow(
      /server\.headersTimeoutMs: must not exceed server\.requestTimeoutMs \(10000\)/,
    );
  });

  it('refuses a headersTimeoutMs that is not above keepAliveTimeoutMs', () => {
    expect(() => loadServer({ keepAliveTimeoutMs: 90_000 })).toThrow(
      /server\.headersTimeoutMs: must be above server\.keepAliveTimeoutMs \(90000\)/,
    );
  });

  it('accepts small timeouts and drain settings that keep the order', () => {
    // Act
    const server = loadServer({
      keepAliveTimeoutMs: 200,
      headersTimeoutMs: 300,
      requestTimeoutMs: 500,
      drainTimeoutMs: 0,
      cutoffGraceMs: 0,
    });

    // Assess
    expect(server).toMatchObject({ requestTimeoutMs: 500, drainTimeoutMs: 0, cutoffGraceMs: 0 });
  });
});
