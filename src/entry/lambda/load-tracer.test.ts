import { describe, expect, it } from 'vitest';
import { loadTracer } from './load-tracer.js';

describe('loadTracer', () => {
  it('imports Powertools Tracer on demand, named after the service, able to trace the AWS SDK clients', async () => {
    // Act
    const tracer = await loadTracer('bedrock-gateway-test');

    // Assess
    expect(tracer.constructor.name).toBe('Tracer');
    expect(typeof tracer.captureAWSv3Client).toBe('function');
  });
});
