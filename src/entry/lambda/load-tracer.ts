import type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools Tracer, imported only when tracing is configured: it and the X-Ray SDK it wraps are about 120 KiB
 * of the bundle, which esbuild splits into a chunk of its own (scripts/build.mjs) so that the default cold
 * start neither parses nor runs them.
 */
export async function loadTracer(serviceName: string): Promise<Tracer> {
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new Tracer({ serviceName });
}
