import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { NotFoundError } from '../../core/errors.js';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * The console's Content-Security-Policy: scripts, styles and requests from this origin only, no inline
 * script or style, no framing, no plugins, no base or form redirection.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The only files served: a fixed list, so no path a client sends ever reaches the file system. */
const ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/**
 * `GET /console` and its assets, read from `directory` on first request and kept in memory: the Lambda
 * bundle does not contain the console, and an instance that never serves it never reads it.
 */
export function createConsoleRoutes(directory: string): Hono<GatewayEnv> {
  const cache = new Map<string, Promise<Buffer>>();
  const read = (name: string) => {
    let file = cache.get(name);
    if (!file) {
      file = readFile(join(directory, name));
      // A missing build is not remembered: building the console makes it appear without a restart.
      file.catch(() => cache.delete(name));
      cache.set(name, file);
    }
    return file;
  };

  const serve = async (name: string) => {
    // Own keys only: a name such as `constructor` must not match the object's prototype.
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    const body = type === undefined ? undefined : await read(name).catch(() => undefined);
    if (type === undefined || body === undefined) {
      throw new NotFoundError(
        type === undefined ? 'route_not_found' : 'console_not_built',
        type === undefined
          ? `No console file '${name}'.`
          : 'The console is not built here: run npm run build (or npm start, which builds it).',
      );
    }
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': type,
        'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        // The page holds the admin key in memory only; never keep a copy in a shared cache.
        'cache-control': 'no-store',
      },
    });
  };

  return new Hono<GatewayEnv>()
    .get('/console', () => serve('index.html'))
    .get('/console/', () => serve('index.html'))
    .get('/console/:file', (c) => serve(c.req.param('file')));
}
